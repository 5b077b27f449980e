package io.github.mcpoauthkit.domain.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtectedResourceMetadataTest {

  private static final ResourceUrl RESOURCE = new ResourceUrl("http://localhost:3000/mcp");
  private static final Issuer ISSUER = new Issuer("https://issuer.example");
  private static final ProtectedResourceMetadata MINIMAL =
      ProtectedResourceMetadata.of(RESOURCE, ISSUER);

  private static Set<Scope> scopes(String... values) {
    Set<Scope> scopes = new LinkedHashSet<>();
    for (String value : values) {
      scopes.add(new Scope(value));
    }
    return scopes;
  }

  @Test
  void minimal_metadata_has_resource_servers_and_header_method_only() {
    assertThat(MINIMAL.toJson())
        .isEqualTo(
            "{\"resource\":\"http://localhost:3000/mcp\","
                + "\"authorization_servers\":[\"https://issuer.example\"],"
                + "\"bearer_methods_supported\":[\"header\"]}");
  }

  @Test
  void unset_optional_parameters_are_left_out_not_written_empty_or_null() {
    String json = MINIMAL.withScopesSupported(Set.of()).toJson();

    assertThat(json)
        .doesNotContain("scopes_supported")
        .doesNotContain("resource_name")
        .doesNotContain("resource_documentation")
        .doesNotContain("[]")
        .doesNotContain("null");
  }

  @Test
  void offline_access_is_never_advertised_as_a_supported_scope() {
    assertThat(MINIMAL.withScopesSupported(scopes("offline_access", "mcp:tools")).toJson())
        .contains("\"scopes_supported\":[\"mcp:tools\"]")
        .doesNotContain("offline_access");
    assertThat(MINIMAL.withScopesSupported(scopes("offline_access")).toJson())
        .doesNotContain("scopes_supported");
  }

  @Test
  void set_optional_parameters_are_written() {
    String json =
        MINIMAL
            .withScopesSupported(scopes("mcp:tools", "mcp:resources"))
            .withResourceName("Example MCP server")
            .withResourceDocumentation("https://docs.example/mcp")
            .toJson();

    assertThat(json)
        .isEqualTo(
            "{\"resource\":\"http://localhost:3000/mcp\","
                + "\"authorization_servers\":[\"https://issuer.example\"],"
                + "\"scopes_supported\":[\"mcp:tools\",\"mcp:resources\"],"
                + "\"bearer_methods_supported\":[\"header\"],"
                + "\"resource_name\":\"Example MCP server\","
                + "\"resource_documentation\":\"https://docs.example/mcp\"}");
  }

  @Test
  void an_empty_scope_set_removes_previously_set_scopes() {
    assertThat(MINIMAL.withScopesSupported(scopes("a")).withScopesSupported(Set.of()).toJson())
        .doesNotContain("scopes_supported");
  }

  @Test
  void strings_are_escaped_as_valid_json() {
    String json =
        ProtectedResourceMetadata.of(RESOURCE, new Issuer("https://issuer.example/\"q\"\\"))
            .withResourceName("a\"b\\c\nd\re\tf\u0001g\u001fh\u2028i\u2029j caf\u00e9 /")
            .toJson();

    assertThat(json)
        .contains("\"authorization_servers\":[\"https://issuer.example/\\\"q\\\"\\\\\"]")
        .contains(
            "\"resource_name\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh\\u2028i\\u2029j caf\u00e9 /\"");
    assertThat(json.chars().filter(c -> c < 0x20)).isEmpty();
  }

  @Test
  void accessors_return_what_was_set() {
    ProtectedResourceMetadata metadata =
        MINIMAL.withScopesSupported(scopes("b", "a")).withResourceName("Name");

    assertThat(metadata.resource()).isEqualTo(RESOURCE);
    assertThat(metadata.authorizationServers()).containsExactly(ISSUER);
    assertThat(metadata.scopesSupported()).containsExactly(new Scope("b"), new Scope("a"));
    assertThat(metadata.resourceName()).contains("Name");
    assertThat(MINIMAL.resourceName()).isEmpty();
    assertThat(MINIMAL.scopesSupported()).isEmpty();
    assertThatThrownBy(() -> metadata.scopesSupported().add(new Scope("c")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> metadata.authorizationServers().add(ISSUER))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void with_methods_leave_the_original_unchanged() {
    MINIMAL.withScopesSupported(scopes("a")).withResourceName("n").withResourceDocumentation("d");

    assertThat(MINIMAL.toJson()).doesNotContain("scopes_supported", "resource_name");
  }

  @Test
  void the_scope_set_is_copied() {
    Set<Scope> scopes = scopes("a");
    ProtectedResourceMetadata metadata = MINIMAL.withScopesSupported(scopes);

    scopes.add(new Scope("b"));

    assertThat(metadata.scopesSupported()).isEqualTo(List.of(new Scope("a")));
  }

  @Test
  void several_authorization_servers_are_listed_in_order_and_none_twice() {
    Issuer second = new Issuer("https://second.example");

    String json = ProtectedResourceMetadata.of(RESOURCE, List.of(ISSUER, second)).toJson();

    assertThat(json)
        .contains(
            "\"authorization_servers\":[\"" + ISSUER.value() + "\",\"" + second.value() + "\"]");
    assertThatThrownBy(() -> ProtectedResourceMetadata.of(RESOURCE, List.of(ISSUER, ISSUER)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProtectedResourceMetadata.of(RESOURCE, List.<Issuer>of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nulls_are_refused() {
    assertThatNullPointerException().isThrownBy(() -> ProtectedResourceMetadata.of(null, ISSUER));
    assertThatNullPointerException()
        .isThrownBy(() -> ProtectedResourceMetadata.of(RESOURCE, (Issuer) null));
    assertThatNullPointerException().isThrownBy(() -> MINIMAL.withResourceName(null));
    assertThatNullPointerException().isThrownBy(() -> MINIMAL.withResourceDocumentation(null));
    assertThatNullPointerException().isThrownBy(() -> MINIMAL.withScopesSupported(null));
  }
}
