package io.github.mcpoauthkit.adapter.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.application.IntrospectionSettings;
import io.github.mcpoauthkit.application.IntrospectionVerifier;
import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.TokenRules;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.github.mcpoauthkit.port.driven.IntrospectionResult;
import io.github.mcpoauthkit.port.driven.TokenIntrospector;
import io.github.mcpoauthkit.port.driven.TokenIntrospectorContract;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link NimbusTokenIntrospector} against a real authorization server on loopback:
 * mock-oauth2-server 3.0.1 in this JVM, its {@code /introspect} endpoint with client_secret_basic
 * (the mock checks only that a Basic or Bearer header is there, and refuses client_secret_post and
 * private_key_jwt, which oidc-provider tests cover). The contract of the port, then the whole
 * introspection path through the application's {@link IntrospectionVerifier} and the domain rules.
 */
class MockOAuth2ServerIntrospectionIT implements TokenIntrospectorContract {

  private static final String RESOURCE = "http://localhost:3000/mcp";

  /**
   * Longer than the 2 s default: the mock's first answer in a JVM (Netty, Kotlin, its key) took
   * over 2 s on a loaded two-core machine. Correctness is under test here, the limits in
   * NimbusTokenIntrospectorIT.
   */
  private static final IntrospectionHttpSettings HTTP =
      new IntrospectionHttpSettings(Duration.ofSeconds(15), 64 * 1024, false);

  private static MockOAuth2Server server;
  private static URI endpoint;

  @BeforeAll
  static void start() {
    server = new MockOAuth2Server();
    server.start();
    endpoint = URI.create(server.issuerUrl("default") + "/introspect");
  }

  @AfterAll
  static void stop() {
    server.shutdown();
  }

  private static String token(String audience, Map<String, Object> claims, long expirySeconds) {
    return server.issueToken("default", "client-1", audience, claims, expirySeconds).serialize();
  }

  private static NimbusTokenIntrospector introspector(IntrospectionClientAuth auth) {
    return NimbusTokenIntrospector.create(endpoint, auth, HTTP, Clock.systemUTC());
  }

  @Override
  public TokenIntrospector introspector() {
    return introspector(IntrospectionClientAuth.clientSecretBasic("rs-client", "rs-secret"));
  }

  @Override
  public BearerToken activeToken() {
    return new BearerToken(token(RESOURCE, Map.of("sub", "alice", "scope", "mcp:read"), 600));
  }

  @Override
  public BearerToken inactiveToken() {
    return new BearerToken(token(RESOURCE, Map.of("sub", "alice"), -600));
  }

  @Override
  public TokenIntrospector unavailableIntrospector() {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return NimbusTokenIntrospector.create(
        URI.create("http://127.0.0.1:" + port + "/default/introspect"),
        IntrospectionClientAuth.clientSecretBasic("rs-client", "rs-secret"),
        HTTP,
        Clock.systemUTC());
  }

  private static IntrospectionVerifier verifier(ValidationPolicy policy) {
    return new IntrospectionVerifier(
        introspector(IntrospectionClientAuth.clientSecretBasic("rs-client", "rs-secret")),
        new TokenRules(policy),
        Clock.systemUTC(),
        IntrospectionSettings.DEFAULT);
  }

  private static ValidationPolicy policy() {
    return ValidationPolicy.forIssuer(new Issuer(server.issuerUrl("default").toString()))
        .withAudiences(Set.of(new Audience(RESOURCE)));
  }

  @Test
  void garbage_is_inactive() {
    assertThat(introspector().introspect(new BearerToken("garbage")))
        .isInstanceOf(IntrospectionResult.Inactive.class);
  }

  @Test
  void a_token_of_another_issuer_is_inactive() {
    String other =
        server.issueToken("other", "client-1", RESOURCE, Map.of("sub", "alice"), 600L).serialize();

    assertThat(introspector().introspect(new BearerToken(other)))
        .isInstanceOf(IntrospectionResult.Inactive.class);
  }

  @Test
  void client_secret_post_is_refused_by_the_mock_and_that_is_unavailable_never_active() {
    IntrospectionResult result =
        introspector(IntrospectionClientAuth.clientSecretPost("rs-client", "rs-secret"))
            .introspect(activeToken());

    assertThat(result).isInstanceOf(IntrospectionResult.Unavailable.class);
    assertThat(((IntrospectionResult.Unavailable) result).reason())
        .isEqualTo(IntrospectionResult.Reason.ERROR_RESPONSE);
  }

  @Test
  void an_active_jwt_is_accepted_through_the_domain_rules_with_its_principal_and_scopes() {
    Verdict verdict = verifier(policy()).verify(activeToken());

    assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
    VerifiedToken token = ((Verdict.Accepted) verdict).token();
    assertThat(token.subject()).isEqualTo("alice");
    assertThat(token.scopes()).containsExactly(new Scope("mcp:read"));
    assertThat(token.issuer().value()).isEqualTo(server.issuerUrl("default").toString());
  }

  @Test
  void an_expired_token_is_token_inactive() {
    Verdict verdict = verifier(policy()).verify(inactiveToken());

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(((Verdict.Rejected) verdict).rejection().code())
        .isEqualTo(RejectionCode.TOKEN_INACTIVE);
  }

  @Test
  void an_active_token_for_another_audience_is_an_audience_mismatch() {
    BearerToken otherAudience =
        new BearerToken(token("https://other.example/api", Map.of("sub", "alice"), 600));

    Verdict verdict = verifier(policy()).verify(otherAudience);

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(((Verdict.Rejected) verdict).rejection().code())
        .isEqualTo(RejectionCode.AUDIENCE_MISMATCH);
  }

  @Test
  void an_answer_from_a_differently_configured_issuer_is_an_issuer_mismatch() {
    ValidationPolicy otherIssuer =
        ValidationPolicy.forIssuer(new Issuer("https://issuer.example"))
            .withAudiences(Set.of(new Audience(RESOURCE)));

    Verdict verdict = verifier(otherIssuer).verify(activeToken());

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(((Verdict.Rejected) verdict).rejection().code())
        .isEqualTo(RejectionCode.ISSUER_MISMATCH);
  }

  @Test
  void the_issuer_is_asked_once_for_a_token_used_many_times() {
    IntrospectionVerifier verifier = verifier(policy());
    BearerToken token = activeToken();

    for (int i = 0; i < 5; i++) {
      assertThat(verifier.verify(token)).isInstanceOf(Verdict.Accepted.class);
    }

    assertThat(verifier.introspections()).isEqualTo(1);
    assertThat(verifier.cacheHits()).isEqualTo(4);
  }
}
