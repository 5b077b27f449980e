package io.github.mcpoauthkit.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.port.driven.TokenIssuerReader;
import io.github.mcpoauthkit.port.driving.AuthenticationRequest;
import io.github.mcpoauthkit.port.driving.RequestAuthenticator;
import io.github.mcpoauthkit.testing.InMemoryTokenDecoder;
import io.github.mcpoauthkit.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IssuerRouterTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final Issuer A = new Issuer("https://a.example");
  private static final Issuer B = new Issuer("https://b.example");
  private static final String RESOURCE = "https://mcp.example/mcp";

  private final MutableClock clock = new MutableClock(NOW);
  private final InMemoryTokenDecoder keysOfA = new InMemoryTokenDecoder("key-a");
  private final InMemoryTokenDecoder keysOfB = new InMemoryTokenDecoder("key-b");
  private final Map<String, String> claimedIssuers = new LinkedHashMap<>();

  /** The issuer a token claims, as the test recorded when it made the token. */
  private final TokenIssuerReader reader =
      token -> Optional.ofNullable(claimedIssuers.get(token.value()));

  private RequestAuthenticator service(InMemoryTokenDecoder decoder, Issuer issuer) {
    return new TokenVerificationService(
        decoder,
        ValidationPolicy.forIssuer(issuer)
            .withAudiences(Set.of(new Audience(RESOURCE)))
            .withClockSkew(Duration.ZERO),
        clock,
        CacheSettings.DEFAULT);
  }

  private final IssuerRouter router =
      new IssuerRouter(reader, orderedMap(A, service(keysOfA, A), B, service(keysOfB, B)));

  private static Map<Issuer, RequestAuthenticator> orderedMap(
      Issuer first, RequestAuthenticator a, Issuer second, RequestAuthenticator b) {
    Map<Issuer, RequestAuthenticator> map = new LinkedHashMap<>();
    map.put(first, a);
    map.put(second, b);
    return map;
  }

  private String token(InMemoryTokenDecoder decoder, Issuer claimed) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", claimed.value());
    claims.put("sub", "alice");
    claims.put("aud", RESOURCE);
    claims.put("exp", NOW.plusSeconds(600).getEpochSecond());
    claims.put("scope", "a");
    String token = decoder.issue(claims);
    claimedIssuers.put(token, claimed.value());
    return token;
  }

  @Test
  void each_token_is_judged_by_the_issuer_it_claims() {
    Verdict fromA = router.authenticate(AuthenticationRequest.bearer(token(keysOfA, A)));
    Verdict fromB = router.authenticate(AuthenticationRequest.bearer(token(keysOfB, B)));

    assertThat(fromA).isInstanceOf(Verdict.Accepted.class);
    assertThat(((Verdict.Accepted) fromA).token().issuer()).isEqualTo(A);
    assertThat(fromB).isInstanceOf(Verdict.Accepted.class);
    assertThat(((Verdict.Accepted) fromB).token().issuer()).isEqualTo(B);
    assertThat(keysOfA.decodeCalls()).isEqualTo(1);
    assertThat(keysOfB.decodeCalls()).isEqualTo(1);
  }

  @Test
  void an_untrusted_issuer_is_refused_before_any_key_is_used() {
    Verdict verdict =
        router.authenticate(
            AuthenticationRequest.bearer(token(keysOfA, new Issuer("https://c.example"))));

    assertThat(((Verdict.Rejected) verdict).rejection().code())
        .isEqualTo(RejectionCode.ISSUER_MISMATCH);
    assertThat(keysOfA.decodeCalls() + keysOfB.decodeCalls()).isZero();
  }

  @Test
  void a_token_claiming_one_issuer_but_signed_by_anothers_key_is_refused() {
    String forged = token(keysOfA, B);

    Verdict verdict = router.authenticate(AuthenticationRequest.bearer(forged));

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(keysOfA.decodeCalls()).as("A's keys never judge a token claiming B").isZero();
  }

  @Test
  void no_credentials_and_dpop_scheme_tokens_are_routed_too() {
    Verdict none = router.authenticate(AuthenticationRequest.ofHeaders(List.of()));
    Verdict dpopScheme =
        router.authenticate(AuthenticationRequest.ofHeaders(List.of("DPoP " + token(keysOfB, B))));

    assertThat(((Verdict.Rejected) none).rejection().code())
        .isEqualTo(RejectionCode.NO_CREDENTIALS);
    assertThat(keysOfB.decodeCalls()).as("the DPoP scheme's token went to B").isZero();
    assertThat(dpopScheme).isInstanceOf(Verdict.Rejected.class);
  }

  @Test
  void tool_scopes_are_authorized_by_the_tokens_issuer() {
    AuthenticationRequest request = AuthenticationRequest.bearer(token(keysOfB, B));
    Verdict.Accepted accepted = (Verdict.Accepted) router.authenticate(request);

    Verdict allowed = router.authorize(request, accepted, Set.of(new Scope("a")));
    Verdict refused = router.authorize(request, accepted, Set.of(new Scope("b")));

    assertThat(allowed).isInstanceOf(Verdict.Accepted.class);
    assertThat(((Verdict.Rejected) refused).rejection().code())
        .isEqualTo(RejectionCode.INSUFFICIENT_SCOPE);
  }

  @Test
  void tokens_that_name_no_issuer_go_to_the_chosen_issuer_alone() {
    RecordingAuthenticator a = new RecordingAuthenticator();
    RecordingAuthenticator b = new RecordingAuthenticator();
    IssuerRouter toB = new IssuerRouter(reader, orderedMap(A, a, B, b), B);
    IssuerRouter toFirst = new IssuerRouter(reader, orderedMap(A, a, B, b));

    toB.authenticate(AuthenticationRequest.bearer("opaque-token-1"));
    toB.authenticate(AuthenticationRequest.ofHeaders(List.of()));

    assertThat(b.seen).hasSize(2);
    assertThat(a.seen).as("an opaque token is never shown to another issuer").isEmpty();

    toFirst.authenticate(AuthenticationRequest.bearer("opaque-token-2"));

    assertThat(a.seen).hasSize(1);
    assertThat(b.seen).hasSize(2);
  }

  @Test
  void at_least_one_issuer_is_needed() {
    assertThatThrownBy(() -> new IssuerRouter(reader, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IssuerRouter(reader, Map.of(), A))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_issuer_for_unnamed_tokens_must_be_one_of_them() {
    assertThatThrownBy(() -> new IssuerRouter(reader, Map.of(A, new RecordingAuthenticator()), B))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(B.value());
  }

  /** Refuses every request, remembering each. */
  private static final class RecordingAuthenticator implements RequestAuthenticator {
    private final List<AuthenticationRequest> seen = new ArrayList<>();

    @Override
    public Verdict authenticate(AuthenticationRequest request) {
      seen.add(request);
      return Verdict.rejected(RejectionCode.NO_CREDENTIALS);
    }

    @Override
    public Verdict authorize(
        AuthenticationRequest request, Verdict.Accepted accepted, Set<Scope> scopes) {
      return accepted;
    }
  }
}
