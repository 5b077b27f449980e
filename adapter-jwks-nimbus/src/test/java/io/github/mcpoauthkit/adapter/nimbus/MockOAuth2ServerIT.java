package io.github.mcpoauthkit.adapter.nimbus;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.application.CacheSettings;
import io.github.mcpoauthkit.application.TokenVerificationService;
import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.github.mcpoauthkit.port.driving.AuthenticationRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole driven path against a real OIDC provider on loopback: discovery, the JWKS, signature
 * checks, and the domain's rules through the application service, for RS256 and ES256 issuers.
 */
class MockOAuth2ServerIT {

  private static final String RESOURCE = "http://localhost:3000/mcp";

  private MockOAuth2Server server;
  private NimbusTokenDecoder decoder;

  @AfterEach
  void stop() {
    if (decoder != null) {
      decoder.close();
    }
    server.shutdown();
  }

  private TokenVerificationService start(String algorithm) {
    server =
        new MockOAuth2Server(
            OAuth2Config.Companion.fromJson(
                "{\"tokenProvider\":{\"keyProvider\":{\"algorithm\":\"" + algorithm + "\"}}}"));
    server.start();
    Issuer issuer = new Issuer(server.issuerUrl("default").toString());
    IssuerMetadata metadata = new NimbusIssuerMetadataSource(issuer, HttpSettings.DEFAULTS).fetch();
    ValidationPolicy policy =
        ValidationPolicy.forIssuer(issuer).withAudiences(Set.of(new Audience(RESOURCE)));
    decoder =
        NimbusTokenDecoder.connect(
            URI.create(metadata.jwksUri()),
            policy.algorithms(),
            KeySetSettings.DEFAULTS,
            HttpSettings.DEFAULTS,
            Clock.systemUTC());
    return new TokenVerificationService(decoder, policy, Clock.systemUTC(), CacheSettings.DEFAULT);
  }

  private String token(String audience, Map<String, Object> claims, long expirySeconds) {
    return server.issueToken("default", "client-1", audience, claims, expirySeconds).serialize();
  }

  private static Verdict authenticate(TokenVerificationService service, String token) {
    return service.authenticate(AuthenticationRequest.bearer(token));
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256"})
  void a_token_with_the_right_claims_is_accepted_with_its_principal(String algorithm) {
    TokenVerificationService service = start(algorithm);
    String token =
        token(RESOURCE, Map.of("sub", "alice", "scope", "mcp:tools mcp:read", "azp", "cli"), 600);

    Verdict verdict = authenticate(service, token);

    String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), UTF_8);
    assertThat(header).contains("\"alg\":\"" + algorithm + "\"");
    assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
    VerifiedToken verified = ((Verdict.Accepted) verdict).token();
    assertThat(verified.subject()).isEqualTo("alice");
    assertThat(verified.issuer().value()).isEqualTo(server.issuerUrl("default").toString());
    assertThat(verified.scopes()).containsExactly(new Scope("mcp:tools"), new Scope("mcp:read"));
    assertThat(verified.claims().raw()).containsKey("jti");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256"})
  void a_token_for_another_audience_is_rejected_with_the_seed_phrase(String algorithm) {
    TokenVerificationService service = start(algorithm);

    Verdict verdict = authenticate(service, token("https://other", Map.of("sub", "alice"), 600));

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(((Verdict.Rejected) verdict).rejection().message())
        .isEqualTo("Token validation failed: audience mismatch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256"})
  void an_expired_token_is_rejected_with_the_seed_phrase(String algorithm) {
    TokenVerificationService service = start(algorithm);

    Verdict verdict = authenticate(service, token(RESOURCE, Map.of("sub", "alice"), -120));

    assertThat(((Verdict.Rejected) verdict).rejection().message()).isEqualTo("Token expired");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256"})
  void a_token_of_another_issuer_on_the_same_server_is_refused(String algorithm) {
    TokenVerificationService service = start(algorithm);
    String foreign =
        server.issueToken("other", "client-1", RESOURCE, Map.of("sub", "alice"), 600L).serialize();

    Verdict verdict = authenticate(service, foreign);

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(((Verdict.Rejected) verdict).rejection().code())
        .isIn(RejectionCode.UNKNOWN_KEY, RejectionCode.ISSUER_MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256"})
  void the_token_type_that_mock_oauth2_server_sends_is_accepted_by_default_and_not_in_strict_mode(
      String algorithm) {
    TokenVerificationService lenient = start(algorithm);
    String token = token(RESOURCE, Map.of("sub", "alice"), 600);
    assertThat(authenticate(lenient, token)).isInstanceOf(Verdict.Accepted.class);

    ValidationPolicy strict = lenient.policy().strictAccessTokenType().withClockSkew(Duration.ZERO);
    TokenVerificationService strictService =
        new TokenVerificationService(decoder, strict, Clock.systemUTC(), CacheSettings.disabled());

    Verdict verdict = authenticate(strictService, token);
    assertThat(((Verdict.Rejected) verdict).rejection().code())
        .isEqualTo(RejectionCode.TYPE_NOT_ACCEPTED);
  }
}
