package io.github.mcpoauthkit.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.domain.token.Scope;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopesTest {

  private final Scopes scopes =
      new Scopes(
          new LinkedHashSet<>(List.of(new Scope("mcp:tools"), new Scope("profile"))),
          new LinkedHashSet<>(List.of(new Scope("mcp:tools"))));

  @Test
  void no_scope_asked_gets_the_default() {
    assertThat(scopes.grant(List.of())).isEqualTo(new Scopes.Granted("mcp:tools"));
    assertThat(scopes.grant(List.of("offline_access"))).isEqualTo(new Scopes.Granted("mcp:tools"));
  }

  @Test
  void supported_scopes_are_granted_as_asked_without_offline_access() {
    assertThat(scopes.grant(List.of("profile", "offline_access", "mcp:tools", "profile")))
        .isEqualTo(new Scopes.Granted("profile mcp:tools"));
  }

  @Test
  void an_unknown_scope_is_named() {
    assertThat(scopes.grant(List.of("mcp:tools", "admin", "openid")))
        .isEqualTo(new Scopes.Unknown(List.of("admin", "openid")));
  }

  @Test
  void supported_and_client_credentials_default_list_every_scope_in_order() {
    assertThat(scopes.supported()).containsExactly("mcp:tools", "profile");
    assertThat(scopes.clientCredentialsDefault()).isEqualTo("mcp:tools profile");
    assertThat(Scopes.isWellFormed("a b")).isTrue();
    assertThat(Scopes.isWellFormed("a  b")).isFalse();
    assertThat(Scopes.isWellFormed("café")).isFalse();
  }
}
