package io.github.mcpoauthkit.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.adapter.nimbus.HttpSettings;
import io.github.mcpoauthkit.adapter.nimbus.NimbusIssuerMetadataSource;
import io.github.mcpoauthkit.devissuer.DevIssuer;
import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Scope;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The development issuer's discovery document passes the kit's own discovery checks. */
class DevIssuerDiscoveryIT {

  @Test
  void its_discovery_document_passes_the_kits_own_checks() {
    try (DevIssuer issuer =
        DevIssuer.start(
            new ResourceUrl("http://localhost:3000/mcp"),
            Set.of(new Scope("mcp:tools")),
            0,
            Clock.systemUTC())) {
      IssuerMetadata metadata =
          new NimbusIssuerMetadataSource(issuer.issuer(), HttpSettings.DEFAULTS).fetch();

      assertThat(metadata.tokenEndpoint()).isEqualTo(issuer.tokenEndpoint().toString());
      assertThat(metadata.jwksUri()).isEqualTo(issuer.issuer().value() + "/jwks");
      assertThat(metadata.grantTypesSupported())
          .containsExactly("authorization_code", "refresh_token", "client_credentials");
    }
  }
}
