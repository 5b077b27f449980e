package io.github.mcpoauthkit.adapter.nimbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.application.CacheSettings;
import io.github.mcpoauthkit.application.TokenVerificationService;
import io.github.mcpoauthkit.domain.resource.BearerChallenge;
import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.github.mcpoauthkit.port.driving.AuthenticationRequest;
import io.github.mcpoauthkit.port.driving.RequestAuthenticator;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's "Embedding" example, kept compiling and working: domain + ports +
 * adapter-jwks-nimbus guarding another MCP server's HTTP layer, on Java 17.
 */
class EmbeddingExampleIT {

  private final MockOAuth2Server server = new MockOAuth2Server();

  @AfterEach
  void stop() {
    server.shutdown();
  }

  /** What an embedding server's HTTP filter does with the verdict. */
  record Answer(int status, String wwwAuthenticate, VerifiedToken principal) {}

  static Answer guard(
      RequestAuthenticator authenticator, ResourceUrl resource, List<String> authorizationHeaders) {
    Verdict verdict =
        authenticator.authenticate(AuthenticationRequest.ofHeaders(authorizationHeaders));
    if (verdict instanceof Verdict.Accepted accepted) {
      return new Answer(200, null, accepted.token()); // let the MCP request through
    }
    if (verdict instanceof Verdict.Rejected rejected) {
      Rejection rejection = rejected.rejection();
      String challenge =
          BearerChallenge.forRejection(resource.metadataUrl(), rejection, Set.of()).render();
      return new Answer(rejection.httpStatus(), challenge, null);
    }
    return new Answer(503, null, null); // keys unavailable: add Retry-After
  }

  @Test
  void the_embedding_example_guards_requests() {
    server.start();
    String issuerUrl = server.issuerUrl("default").toString();

    // --- README example starts here ---
    Issuer issuer = new Issuer(issuerUrl);
    ResourceUrl resource = new ResourceUrl("http://localhost:3000/mcp");
    IssuerMetadata metadata = new NimbusIssuerMetadataSource(issuer, HttpSettings.DEFAULTS).fetch();
    ValidationPolicy policy =
        ValidationPolicy.forIssuer(issuer).withAudiences(Set.of(new Audience(resource.value())));
    NimbusTokenDecoder decoder =
        NimbusTokenDecoder.connect(
            URI.create(metadata.jwksUri()),
            policy.algorithms(),
            KeySetSettings.DEFAULTS,
            HttpSettings.DEFAULTS,
            Clock.systemUTC());
    RequestAuthenticator authenticator =
        new TokenVerificationService(decoder, policy, Clock.systemUTC(), CacheSettings.DEFAULT);
    // --- README example ends here ---

    try {
      String token =
          server
              .issueToken("default", "client", resource.value(), Map.of("sub", "alice"), 600)
              .serialize();

      Answer allowed = guard(authenticator, resource, List.of("Bearer " + token));
      Answer anonymous = guard(authenticator, resource, List.of());

      assertThat(allowed.status()).isEqualTo(200);
      assertThat(allowed.principal().subject()).isEqualTo("alice");
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.wwwAuthenticate())
          .isEqualTo(
              "Bearer resource_metadata=\"http://localhost:3000/.well-known/oauth-protected-resource/mcp\"");
    } finally {
      decoder.close();
    }
  }
}
