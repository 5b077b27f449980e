package io.github.mcpoauthkit.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.domain.token.dpop.DPoPNonces;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import io.github.mcpoauthkit.domain.token.dpop.DPoPProof;
import io.github.mcpoauthkit.domain.token.dpop.DPoPProofRules;
import io.github.mcpoauthkit.port.driven.IntrospectionResult;
import io.github.mcpoauthkit.port.driving.AuthenticationRequest;
import io.github.mcpoauthkit.port.driving.RequestAuthenticator;
import io.github.mcpoauthkit.testing.InMemoryProofDecoder;
import io.github.mcpoauthkit.testing.InMemoryTokenDecoder;
import io.github.mcpoauthkit.testing.InMemoryTokenIntrospector;
import io.github.mcpoauthkit.testing.MutableClock;
import io.github.mcpoauthkit.testing.TestJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenVerificationServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final Issuer ISSUER = new Issuer("https://issuer.example");
  private static final String RESOURCE = "https://mcp.example/mcp";

  private final MutableClock clock = new MutableClock(NOW);
  private final InMemoryTokenDecoder decoder = new InMemoryTokenDecoder("key-1");
  private final ValidationPolicy policy =
      ValidationPolicy.forIssuer(ISSUER)
          .withAudiences(Set.of(new Audience(RESOURCE)))
          .withClockSkew(Duration.ZERO);

  private TokenVerificationService service(CacheSettings cache) {
    return new TokenVerificationService(decoder, policy, clock, cache);
  }

  private static Map<String, Object> claims(Instant expiresAt) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER.value());
    claims.put("sub", "alice");
    claims.put("aud", RESOURCE);
    claims.put("exp", expiresAt.getEpochSecond());
    claims.put("client_id", "cli");
    claims.put("scope", "a");
    return claims;
  }

  private static Rejection rejection(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    return ((Verdict.Rejected) verdict).rejection();
  }

  @Nested
  class Authentication {

    private final TokenVerificationService service = service(CacheSettings.DEFAULT);

    @Test
    void a_valid_token_is_accepted_with_its_principal() {
      String token = decoder.issue(claims(NOW.plusSeconds(600)));

      Verdict verdict = service.authenticate(AuthenticationRequest.bearer(token));

      assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
      var verified = ((Verdict.Accepted) verdict).token();
      assertThat(verified.subject()).isEqualTo("alice");
      assertThat(verified.issuer()).isEqualTo(ISSUER);
      assertThat(verified.clientId()).contains("cli");
      assertThat(verified.scopes()).containsExactly(new Scope("a"));
    }

    @Test
    void cache_hits_and_misses_are_counted_per_single_header_lookup() {
      String token = decoder.issue(claims(NOW.plusSeconds(600)));

      service.authenticate(AuthenticationRequest.bearer(token));
      service.authenticate(AuthenticationRequest.bearer(token));
      service.authenticate(AuthenticationRequest.bearer(token));
      service.authenticate(AuthenticationRequest.bearer("opaque-token-123"));
      service.authenticate(AuthenticationRequest.ofHeaders(List.of()));

      assertThat(service.cacheHits()).isEqualTo(2);
      assertThat(service.cacheMisses()).isEqualTo(2);
      assertThat(service.cachedTokens()).isEqualTo(1);
    }

    @Test
    void no_authorization_header_means_no_credentials() {
      Verdict verdict = service.authenticate(AuthenticationRequest.ofHeaders(List.of()));

      Rejection rejection = rejection(verdict);
      assertThat(rejection.code()).isEqualTo(RejectionCode.NO_CREDENTIALS);
      assertThat(rejection.code().errorClass()).isEmpty();
      assertThat(decoder.decodeCalls()).isZero();
    }

    @Test
    void a_token_in_the_query_string_is_an_invalid_request_even_with_a_good_header() {
      String token = decoder.issue(claims(NOW.plusSeconds(600)));

      Verdict verdict =
          service.authenticate(
              new AuthenticationRequest(List.of("Bearer " + token), Set.of(), true));

      assertThat(rejection(verdict).code()).isEqualTo(RejectionCode.TOKEN_OUTSIDE_HEADER);
      assertThat(rejection(verdict).httpStatus()).isEqualTo(400);
    }

    @Test
    void two_authorization_headers_are_an_invalid_request() {
      String token = decoder.issue(claims(NOW.plusSeconds(600)));

      Verdict verdict =
          service.authenticate(
              AuthenticationRequest.ofHeaders(List.of("Bearer " + token, "Bearer " + token)));

      assertThat(rejection(verdict).code()).isEqualTo(RejectionCode.MULTIPLE_CREDENTIALS);
    }

    @Test
    void an_opaque_token_never_reaches_the_decoder() {
      Verdict verdict = service.authenticate(AuthenticationRequest.bearer("opaque-token-123"));

      assertThat(rejection(verdict).message()).isEqualTo("Token is not a valid JWT format");
      assertThat(decoder.decodeCalls()).isZero();
    }

    @Test
    void a_bad_signature_is_rejected_with_the_decoders_reason() {
      String token = decoder.issue(claims(NOW.plusSeconds(600)));
      String tampered = token.substring(0, token.length() - 2) + "xx";

      Verdict verdict = service.authenticate(AuthenticationRequest.bearer(tampered));

      assertThat(rejection(verdict).code()).isEqualTo(RejectionCode.INVALID_SIGNATURE);
    }

    @Test
    void claims_of_the_wrong_type_are_rejected_not_thrown() {
      Map<String, Object> claims = claims(NOW.plusSeconds(600));
      claims.put("exp", "tomorrow");
      String token = decoder.issue(claims);

      Verdict verdict = service.authenticate(AuthenticationRequest.bearer(token));

      assertThat(rejection(verdict).code()).isEqualTo(RejectionCode.CLAIMS_MALFORMED);
    }

    @Test
    void an_unreachable_key_set_gives_an_undecided_verdict_not_a_rejection() {
      String token = decoder.issue(claims(NOW.plusSeconds(600)));
      decoder.removeKey("key-1");
      decoder.setKeySetUnreachable(true);

      Verdict verdict = service.authenticate(AuthenticationRequest.bearer(token));

      assertThat(verdict).isInstanceOf(Verdict.Undecided.class);
      assertThat(((Verdict.Undecided) verdict).retryAfter()).isPositive();
    }

    @Test
    void a_request_needing_a_scope_the_token_lacks_gets_the_step_up_challenge_scopes() {
      String token = decoder.issue(claims(NOW.plusSeconds(600)));

      Verdict verdict =
          service.authenticate(AuthenticationRequest.bearer(token).needing(Set.of(new Scope("b"))));

      Rejection rejection = rejection(verdict);
      assertThat(rejection.code()).isEqualTo(RejectionCode.INSUFFICIENT_SCOPE);
      assertThat(rejection.httpStatus()).isEqualTo(403);
      assertThat(rejection.challengeScopes()).containsExactly(new Scope("a"), new Scope("b"));
    }

    @Test
    void a_wrong_audience_is_rejected_with_the_seed_phrase() {
      Map<String, Object> claims = claims(NOW.plusSeconds(600));
      claims.put("aud", "https://other");
      String token = decoder.issue(claims);

      Verdict verdict = service.authenticate(AuthenticationRequest.bearer(token));

      assertThat(rejection(verdict).message())
          .isEqualTo("Token validation failed: audience mismatch");
    }
  }

  @Nested
  class Authorization {

    private final TokenVerificationService service = service(CacheSettings.disabled());

    private Verdict.Accepted accepted(AuthenticationRequest request) {
      Verdict verdict = service.authenticate(request);
      assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
      return (Verdict.Accepted) verdict;
    }

    @Test
    void scopes_are_decided_without_verifying_the_token_again() {
      AuthenticationRequest request =
          AuthenticationRequest.bearer(decoder.issue(claims(NOW.plusSeconds(600))));
      Verdict.Accepted accepted = accepted(request);

      Verdict verdict = service.authorize(request, accepted, Set.of(new Scope("a")));

      assertThat(verdict).isSameAs(accepted);
      assertThat(decoder.decodeCalls()).isEqualTo(1);
    }

    @Test
    void a_scope_the_token_lacks_is_the_step_up_challenge_with_the_requests_own_scopes() {
      AuthenticationRequest request =
          AuthenticationRequest.bearer(decoder.issue(claims(NOW.plusSeconds(600))))
              .needing(Set.of(new Scope("a")));
      Verdict.Accepted accepted = accepted(request);

      Rejection rejection = rejection(service.authorize(request, accepted, Set.of(new Scope("b"))));

      assertThat(rejection.code()).isEqualTo(RejectionCode.INSUFFICIENT_SCOPE);
      assertThat(rejection.httpStatus()).isEqualTo(403);
      assertThat(rejection.message()).endsWith("requires b");
      assertThat(rejection.challengeScopes()).containsExactly(new Scope("a"), new Scope("b"));
      assertThat(decoder.decodeCalls()).isEqualTo(1);
    }

    @Test
    void another_authenticator_is_asked_again_with_every_scope_by_default() {
      List<AuthenticationRequest> asked = new ArrayList<>();
      AuthenticationRequest request =
          AuthenticationRequest.bearer(decoder.issue(claims(NOW.plusSeconds(600))))
              .needing(Set.of(new Scope("a")));
      Verdict.Accepted accepted = accepted(request);
      RequestAuthenticator other =
          r -> {
            asked.add(r);
            return service.authenticate(r);
          };

      Verdict verdict = other.authorize(request, accepted, Set.of(new Scope("b")));

      assertThat(rejection(verdict).code()).isEqualTo(RejectionCode.INSUFFICIENT_SCOPE);
      assertThat(asked).hasSize(1);
      assertThat(asked.get(0).requestScopes()).containsExactly(new Scope("a"), new Scope("b"));
      assertThat(asked.get(0).authorizationHeaders()).isEqualTo(request.authorizationHeaders());
    }
  }

  @Nested
  class DPoP {

    private static final String KEY = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
    private static final String OTHER_KEY = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    private final InMemoryProofDecoder proofs = new InMemoryProofDecoder();
    private final BoundedReplayCache replays = new BoundedReplayCache(100);
    private int jti;

    private TokenVerificationService service(DPoPPolicy.Mode mode) {
      return new TokenVerificationService(
          decoder,
          policy,
          clock,
          CacheSettings.DEFAULT,
          new DPoPVerification(
              DPoPPolicy.of(mode, RESOURCE, Duration.ofSeconds(5)), proofs, replays));
    }

    private String boundToken(String key) {
      Map<String, Object> claims = claims(NOW.plusSeconds(600));
      claims.put("cnf", Map.of("jkt", key));
      return decoder.issue(claims);
    }

    private Map<String, Object> proofClaims(String token) {
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("jti", "jti-" + ++jti);
      claims.put("htm", "POST");
      claims.put("htu", RESOURCE);
      claims.put("iat", NOW.getEpochSecond());
      claims.put("ath", DPoPProofRules.tokenHash(new BearerToken(token)));
      return claims;
    }

    private String proof(String key, Map<String, Object> claims) {
      return proofs.issue(new DPoPProof(Optional.of("dpop+jwt"), "ES256", key, claims));
    }

    private String proof(String token) {
      return proof(KEY, proofClaims(token));
    }

    private static AuthenticationRequest dpop(String token, String... proofs) {
      return AuthenticationRequest.ofHeaders(List.of("DPoP " + token))
          .withDPoP(List.of(proofs), "POST");
    }

    private RejectionCode code(Verdict verdict) {
      return rejection(verdict).code();
    }

    @Test
    void with_nonces_a_proof_without_one_is_told_the_nonce_and_a_retry_with_it_passes() {
      DPoPNonces nonces = new DPoPNonces(new byte[32], Duration.ofSeconds(60));
      TokenVerificationService service =
          new TokenVerificationService(
              decoder,
              policy,
              clock,
              CacheSettings.DEFAULT,
              new DPoPVerification(
                  DPoPPolicy.of(DPoPPolicy.Mode.ALLOWED, RESOURCE, Duration.ofSeconds(5)),
                  proofs,
                  replays,
                  Optional.of(nonces)));
      String token = boundToken(KEY);

      Rejection first = rejection(service.authenticate(dpop(token, proof(token))));
      Map<String, Object> stale = proofClaims(token);
      stale.put("nonce", "bm90IG91ciBub25jZQ");
      Rejection wrong = rejection(service.authenticate(dpop(token, proof(KEY, stale))));
      Map<String, Object> retried = proofClaims(token);
      retried.put("nonce", first.dpopNonce().orElseThrow());
      Verdict retry = service.authenticate(dpop(token, proof(KEY, retried)));

      assertThat(first.code()).isEqualTo(RejectionCode.DPOP_NONCE_REQUIRED);
      assertThat(first.dpopNonce()).contains(nonces.current(NOW));
      assertThat(wrong.code()).isEqualTo(RejectionCode.DPOP_NONCE_STALE);
      assertThat(wrong.dpopNonce()).contains(nonces.current(NOW));
      assertThat(retry).isInstanceOf(Verdict.Accepted.class);
      assertThat(replays.size()).as("only the accepted proof is remembered").isEqualTo(1);
      assertThat(decoder.decodeCalls())
          .as("no token verified for a proof without its nonce")
          .isEqualTo(1);
    }

    @Test
    void without_nonces_no_rejection_carries_one() {
      String token = boundToken(KEY);

      Rejection refused =
          rejection(
              service(DPoPPolicy.Mode.ALLOWED)
                  .authenticate(dpop(token, proof(OTHER_KEY, proofClaims(token)))));

      assertThat(refused.dpopNonce()).isEmpty();
    }

    @Test
    void a_bound_token_with_its_proof_is_accepted_and_each_proof_once() {
      TokenVerificationService service = service(DPoPPolicy.Mode.ALLOWED);
      String token = boundToken(KEY);
      String proof = proof(token);

      Verdict first = service.authenticate(dpop(token, proof));
      Verdict again = service.authenticate(dpop(token, proof));
      Verdict next = service.authenticate(dpop(token, proof(token)));

      assertThat(first).isInstanceOf(Verdict.Accepted.class);
      assertThat(((Verdict.Accepted) first).token().subject()).isEqualTo("alice");
      assertThat(code(again)).isEqualTo(RejectionCode.DPOP_PROOF_REPLAYED);
      assertThat(next).isInstanceOf(Verdict.Accepted.class);
      assertThat(decoder.decodeCalls()).as("the token itself is verified once").isEqualTo(1);
      assertThat(replays.size()).isEqualTo(2);
    }

    @Test
    void the_dpop_scheme_needs_exactly_one_proof() {
      TokenVerificationService service = service(DPoPPolicy.Mode.ALLOWED);
      String token = boundToken(KEY);

      assertThat(code(service.authenticate(dpop(token))))
          .isEqualTo(RejectionCode.DPOP_PROOF_MISSING);
      assertThat(code(service.authenticate(dpop(token, proof(token), proof(token)))))
          .isEqualTo(RejectionCode.DPOP_PROOF_MULTIPLE);
      assertThat(decoder.decodeCalls()).as("no token is verified for a bad proof").isZero();
    }

    @Test
    void a_proof_the_decoder_refuses_costs_no_token_verification() {
      TokenVerificationService service = service(DPoPPolicy.Mode.ALLOWED);
      String token = boundToken(KEY);

      assertThat(code(service.authenticate(dpop(token, "forged.proof.sig"))))
          .isEqualTo(RejectionCode.DPOP_PROOF_SIGNATURE);
      assertThat(decoder.decodeCalls()).isZero();
    }

    @Test
    void a_proof_for_another_method_token_or_url_is_refused() {
      TokenVerificationService service = service(DPoPPolicy.Mode.ALLOWED);
      String token = boundToken(KEY);

      assertThat(
              code(
                  service.authenticate(
                      AuthenticationRequest.ofHeaders(List.of("DPoP " + token))
                          .withDPoP(List.of(proof(token)), "GET"))))
          .isEqualTo(RejectionCode.DPOP_PROOF_METHOD);
      assertThat(code(service.authenticate(dpop(token, proof(boundToken(KEY))))))
          .isEqualTo(RejectionCode.DPOP_PROOF_TOKEN_HASH);
      Map<String, Object> elsewhere = proofClaims(token);
      elsewhere.put("htu", "https://other.example/mcp");
      assertThat(code(service.authenticate(dpop(token, proof(KEY, elsewhere)))))
          .isEqualTo(RejectionCode.DPOP_PROOF_URI);
      assertThat(
              code(
                  service.authenticate(
                      AuthenticationRequest.ofHeaders(List.of("DPoP " + token))
                          .withDPoP(List.of(proof(token)), ""))))
          .as("a transport that does not give the method")
          .isEqualTo(RejectionCode.DPOP_PROOF_METHOD);
    }

    @Test
    void a_proof_by_another_key_than_the_tokens_is_refused_and_not_remembered() {
      TokenVerificationService service = service(DPoPPolicy.Mode.ALLOWED);
      String token = boundToken(KEY);

      Verdict verdict = service.authenticate(dpop(token, proof(OTHER_KEY, proofClaims(token))));

      assertThat(rejection(verdict).message()).isEqualTo("Invalid DPoP key binding");
      assertThat(rejection(verdict).code().errorClass().orElseThrow().code())
          .isEqualTo("invalid_token");
      assertThat(replays.size()).isZero();
    }

    @Test
    void an_unbound_token_in_the_dpop_scheme_is_refused() {
      TokenVerificationService service = service(DPoPPolicy.Mode.ALLOWED);
      String token = decoder.issue(claims(NOW.plusSeconds(600)));

      assertThat(code(service.authenticate(dpop(token, proof(token)))))
          .isEqualTo(RejectionCode.DPOP_TOKEN_NOT_BOUND);
    }

    @Test
    void a_bound_token_sent_as_bearer_is_refused_every_time() {
      TokenVerificationService service = service(DPoPPolicy.Mode.ALLOWED);
      String token = boundToken(KEY);

      for (int i = 0; i < 3; i++) {
        assertThat(code(service.authenticate(AuthenticationRequest.bearer(token))))
            .isEqualTo(RejectionCode.SENDER_CONSTRAINED);
      }
    }

    @Test
    void bearer_tokens_pass_where_dpop_is_allowed_and_not_where_it_is_required() {
      String token = decoder.issue(claims(NOW.plusSeconds(600)));

      assertThat(service(DPoPPolicy.Mode.ALLOWED).authenticate(AuthenticationRequest.bearer(token)))
          .isInstanceOf(Verdict.Accepted.class);
      assertThat(
              code(
                  service(DPoPPolicy.Mode.REQUIRED)
                      .authenticate(AuthenticationRequest.bearer(token))))
          .isEqualTo(RejectionCode.DPOP_REQUIRED);
    }

    @Test
    void with_dpop_required_a_dpop_request_passes_and_a_bearer_token_is_refused_unread() {
      TokenVerificationService service = service(DPoPPolicy.Mode.REQUIRED);
      String bound = boundToken(KEY);
      String bearer = decoder.issue(claims(NOW.minusSeconds(600)));

      assertThat(service.authenticate(dpop(bound, proof(bound))))
          .isInstanceOf(Verdict.Accepted.class);
      assertThat(code(service.authenticate(AuthenticationRequest.bearer(bearer))))
          .as("an expired bearer token is not told apart from a valid one")
          .isEqualTo(RejectionCode.DPOP_REQUIRED);
      assertThat(decoder.decodeCalls()).isEqualTo(1);
    }

    @Test
    void a_proof_by_another_key_is_refused_on_a_cache_hit_too() {
      TokenVerificationService service = service(DPoPPolicy.Mode.ALLOWED);
      String token = boundToken(KEY);
      assertThat(service.authenticate(dpop(token, proof(token))))
          .isInstanceOf(Verdict.Accepted.class);

      Verdict verdict = service.authenticate(dpop(token, proof(OTHER_KEY, proofClaims(token))));

      assertThat(code(verdict)).isEqualTo(RejectionCode.DPOP_KEY_MISMATCH);
      assertThat(service.cacheHits()).isEqualTo(1);
    }

    @Test
    void without_dpop_a_bound_token_is_refused_whatever_the_policy_says() {
      TokenVerificationService service =
          new TokenVerificationService(
              decoder, policy.withBoundTokensAccepted(true), clock, CacheSettings.DEFAULT);

      assertThat(code(service.authenticate(AuthenticationRequest.bearer(boundToken(KEY)))))
          .isEqualTo(RejectionCode.SENDER_CONSTRAINED);
      assertThat(service.policy().boundTokensAccepted()).isTrue();
      assertThat(service(DPoPPolicy.Mode.ALLOWED).policy().boundTokensAccepted()).isFalse();
    }

    @Test
    void with_dpop_off_the_dpop_scheme_is_no_credentials_and_bound_tokens_are_refused() {
      TokenVerificationService service = service(DPoPPolicy.Mode.OFF);
      String token = boundToken(KEY);

      assertThat(code(service.authenticate(dpop(token, proof(token)))))
          .isEqualTo(RejectionCode.NO_CREDENTIALS);
      assertThat(code(service.authenticate(AuthenticationRequest.bearer(token))))
          .isEqualTo(RejectionCode.SENDER_CONSTRAINED);
      assertThat(proofs.decodeCalls()).isZero();
    }

    @Test
    void a_full_replay_cache_is_undecided_never_accepted() {
      TokenVerificationService service =
          new TokenVerificationService(
              decoder,
              policy,
              clock,
              CacheSettings.DEFAULT,
              new DPoPVerification(
                  DPoPPolicy.of(DPoPPolicy.Mode.ALLOWED, RESOURCE, Duration.ofSeconds(5)),
                  proofs,
                  new BoundedReplayCache(1)));
      String token = boundToken(KEY);
      assertThat(service.authenticate(dpop(token, proof(token))))
          .isInstanceOf(Verdict.Accepted.class);

      Verdict verdict = service.authenticate(dpop(token, proof(token)));

      assertThat(verdict).isInstanceOf(Verdict.Undecided.class);
      assertThat(((Verdict.Undecided) verdict).retryAfter()).isPositive();
    }

    @Test
    void a_tool_scope_decision_does_not_see_the_proof_again() {
      TokenVerificationService service = service(DPoPPolicy.Mode.ALLOWED);
      String token = boundToken(KEY);
      AuthenticationRequest request = dpop(token, proof(token));
      Verdict.Accepted accepted = (Verdict.Accepted) service.authenticate(request);

      assertThat(service.authorize(request, accepted, Set.of(new Scope("a")))).isSameAs(accepted);
      assertThat(code(service.authorize(request, accepted, Set.of(new Scope("b")))))
          .isEqualTo(RejectionCode.INSUFFICIENT_SCOPE);
      assertThat(proofs.decodeCalls()).isEqualTo(1);
    }
  }

  @Nested
  class Introspection {

    private final InMemoryTokenIntrospector introspector = new InMemoryTokenIntrospector();

    private TokenVerificationService service(boolean jwtsLocally, DPoPPolicy.Mode dpop) {
      return new TokenVerificationService(
          decoder,
          policy,
          clock,
          CacheSettings.DEFAULT,
          new DPoPVerification(
              DPoPPolicy.of(dpop, RESOURCE, Duration.ofSeconds(5)),
              new InMemoryProofDecoder(),
              new BoundedReplayCache(10)),
          new TokenIntrospection(introspector, IntrospectionSettings.DEFAULT, jwtsLocally));
    }

    private Map<String, Object> active(Instant expiresAt) {
      Map<String, Object> members = claims(expiresAt);
      members.put("active", true);
      return members;
    }

    @Test
    void hybrid_verifies_jwts_locally_and_introspects_the_rest() {
      TokenVerificationService service = service(true, DPoPPolicy.Mode.OFF);
      String jwt = decoder.issue(claims(NOW.plusSeconds(600)));
      introspector.activate("opaque-token-1", active(NOW.plusSeconds(600)));

      Verdict local = service.authenticate(AuthenticationRequest.bearer(jwt));
      Verdict opaque = service.authenticate(AuthenticationRequest.bearer("opaque-token-1"));
      Verdict unknown = service.authenticate(AuthenticationRequest.bearer("opaque-token-2"));

      assertThat(local).isInstanceOf(Verdict.Accepted.class);
      assertThat(opaque).isInstanceOf(Verdict.Accepted.class);
      assertThat(((Verdict.Accepted) opaque).token().subject()).isEqualTo("alice");
      assertThat(rejection(unknown).code()).isEqualTo(RejectionCode.TOKEN_INACTIVE);
      assertThat(introspector.calls()).as("the JWT was not introspected").isEqualTo(2);
      assertThat(decoder.decodeCalls()).as("the opaque tokens were not decoded").isEqualTo(1);
    }

    @Test
    void introspection_only_asks_the_issuer_about_jwts_too_and_applies_the_same_rules() {
      TokenVerificationService service = service(false, DPoPPolicy.Mode.OFF);
      String jwt = decoder.issue(claims(NOW.plusSeconds(600)));
      Map<String, Object> otherAudience = active(NOW.plusSeconds(600));
      otherAudience.put("aud", "https://elsewhere.example/mcp");
      introspector.activate(jwt, active(NOW.plusSeconds(600)));
      introspector.activate("for-elsewhere", otherAudience);

      assertThat(service.authenticate(AuthenticationRequest.bearer(jwt)))
          .isInstanceOf(Verdict.Accepted.class);
      assertThat(
              rejection(service.authenticate(AuthenticationRequest.bearer("for-elsewhere"))).code())
          .isEqualTo(RejectionCode.AUDIENCE_MISMATCH);
      assertThat(decoder.decodeCalls()).isZero();
      assertThat(service.introspection()).isPresent();
    }

    @Test
    void an_issuer_that_cannot_answer_is_undecided_never_accepted_and_scopes_still_count() {
      TokenVerificationService service = service(true, DPoPPolicy.Mode.OFF);
      introspector.activate("opaque-token-1", active(NOW.plusSeconds(600)));
      introspector.goDown(IntrospectionResult.Reason.UNREACHABLE, Duration.ofSeconds(7));

      Verdict down = service.authenticate(AuthenticationRequest.bearer("opaque-token-1"));
      introspector.comeBack();
      Verdict needsScope =
          service.authenticate(
              AuthenticationRequest.bearer("opaque-token-1").needing(Set.of(new Scope("b"))));

      assertThat(down).isInstanceOf(Verdict.Undecided.class);
      assertThat(((Verdict.Undecided) down).retryAfter()).isEqualTo(Duration.ofSeconds(7));
      assertThat(rejection(needsScope).code()).isEqualTo(RejectionCode.INSUFFICIENT_SCOPE);
    }

    @Test
    void the_jwt_cache_counts_only_tokens_verified_locally_and_introspection_its_own() {
      for (DPoPPolicy.Mode mode : List.of(DPoPPolicy.Mode.OFF, DPoPPolicy.Mode.ALLOWED)) {
        TokenVerificationService service = service(true, mode);
        String jwt = decoder.issue(claims(NOW.plusSeconds(600)));
        introspector.activate("opaque-token-1", active(NOW.plusSeconds(600)));

        service.authenticate(AuthenticationRequest.bearer("opaque-token-1"));
        service.authenticate(AuthenticationRequest.bearer("opaque-token-1"));
        service.authenticate(AuthenticationRequest.bearer("opaque-token-1"));
        service.authenticate(AuthenticationRequest.bearer(jwt));
        service.authenticate(AuthenticationRequest.bearer(jwt));

        IntrospectionVerifier introspection = service.introspection().orElseThrow();
        assertThat(service.cacheMisses()).as(mode + ": the JWT, once").isEqualTo(1);
        assertThat(service.cacheHits()).as(mode.toString()).isEqualTo(1);
        assertThat(introspection.activeAnswers()).as(mode.toString()).isEqualTo(1);
        assertThat(introspection.cacheHits()).as(mode.toString()).isEqualTo(2);
      }
    }

    @Test
    void introspecting_every_token_leaves_the_jwt_cache_counts_at_zero() {
      TokenVerificationService service = service(false, DPoPPolicy.Mode.OFF);
      String jwt = decoder.issue(claims(NOW.plusSeconds(600)));
      introspector.activate(jwt, active(NOW.plusSeconds(600)));

      service.authenticate(AuthenticationRequest.bearer(jwt));
      service.authenticate(AuthenticationRequest.bearer(jwt));

      assertThat(service.cacheMisses()).isZero();
      assertThat(service.cacheHits()).isZero();
      assertThat(service.introspection().orElseThrow().cacheHits()).isEqualTo(1);
    }

    @Test
    void a_dpop_bound_opaque_token_needs_its_proof_key() {
      TokenVerificationService service = service(true, DPoPPolicy.Mode.ALLOWED);
      Map<String, Object> bound = active(NOW.plusSeconds(600));
      bound.put("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"));
      bound.put("token_type", "DPoP");
      introspector.activate("bound-opaque", bound);

      assertThat(
              rejection(service.authenticate(AuthenticationRequest.bearer("bound-opaque"))).code())
          .isEqualTo(RejectionCode.SENDER_CONSTRAINED);
    }
  }

  @Nested
  class Cache {

    @Test
    void an_accepted_token_is_verified_once_and_then_served_from_the_cache() {
      TokenVerificationService service = service(CacheSettings.DEFAULT);
      String token = decoder.issue(claims(NOW.plusSeconds(600)));

      for (int i = 0; i < 5; i++) {
        assertThat(service.authenticate(AuthenticationRequest.bearer(token)))
            .isInstanceOf(Verdict.Accepted.class);
      }

      assertThat(decoder.decodeCalls()).isEqualTo(1);
    }

    @Test
    void a_cache_hit_still_checks_the_scopes_of_each_request() {
      TokenVerificationService service = service(CacheSettings.DEFAULT);
      String token = decoder.issue(claims(NOW.plusSeconds(600)));
      service.authenticate(AuthenticationRequest.bearer(token));

      Verdict verdict =
          service.authenticate(AuthenticationRequest.bearer(token).needing(Set.of(new Scope("b"))));

      assertThat(rejection(verdict).code()).isEqualTo(RejectionCode.INSUFFICIENT_SCOPE);
      assertThat(decoder.decodeCalls()).isEqualTo(1);
    }

    @Test
    void rejected_tokens_are_never_cached() {
      TokenVerificationService service = service(CacheSettings.DEFAULT);
      String token = decoder.issue(claims(NOW.minusSeconds(1)));

      for (int i = 0; i < 3; i++) {
        assertThat(rejection(service.authenticate(AuthenticationRequest.bearer(token))).code())
            .isEqualTo(RejectionCode.TOKEN_EXPIRED);
      }

      assertThat(decoder.decodeCalls()).isEqualTo(3);
      assertThat(service.cachedTokens()).isZero();
    }

    @Test
    void a_hit_after_the_token_expired_is_not_accepted() {
      TokenVerificationService service = service(CacheSettings.DEFAULT);
      String token = decoder.issue(claims(NOW.plusSeconds(60)));
      service.authenticate(AuthenticationRequest.bearer(token));

      clock.advance(Duration.ofSeconds(60));
      Verdict verdict = service.authenticate(AuthenticationRequest.bearer(token));

      assertThat(rejection(verdict).message()).isEqualTo("Token expired");
      assertThat(decoder.decodeCalls()).isEqualTo(2);
    }

    @Test
    void an_entry_lives_no_longer_than_the_maximum_lifetime() {
      TokenVerificationService service = service(new CacheSettings(100, Duration.ofSeconds(30)));
      String token = decoder.issue(claims(NOW.plusSeconds(3600)));
      service.authenticate(AuthenticationRequest.bearer(token));

      clock.advance(Duration.ofSeconds(29));
      service.authenticate(AuthenticationRequest.bearer(token));
      assertThat(decoder.decodeCalls()).isEqualTo(1);

      clock.advance(Duration.ofSeconds(1));
      assertThat(service.authenticate(AuthenticationRequest.bearer(token)))
          .isInstanceOf(Verdict.Accepted.class);
      assertThat(decoder.decodeCalls()).isEqualTo(2);
    }

    @Test
    void a_token_whose_signing_key_left_the_key_set_is_dropped_and_rejected() {
      TokenVerificationService service = service(CacheSettings.DEFAULT);
      String oldToken = decoder.issue(claims(NOW.plusSeconds(600)));
      service.authenticate(AuthenticationRequest.bearer(oldToken));

      decoder.rotateTo("key-2");
      decoder.removeKey("key-1");
      Verdict verdict = service.authenticate(AuthenticationRequest.bearer(oldToken));

      assertThat(rejection(verdict).code()).isEqualTo(RejectionCode.UNKNOWN_KEY);
      assertThat(decoder.decodeCalls()).isEqualTo(2);
    }

    @Test
    void a_different_token_with_the_same_hash_never_hits_another_tokens_entry() {
      TokenVerificationService service = service(CacheSettings.DEFAULT);
      String accepted = decoder.issue(claims(NOW.plusSeconds(600)));
      service.authenticate(AuthenticationRequest.bearer(accepted));
      String twin = twinWithSameHash(accepted);
      assertThat(twin.hashCode()).isEqualTo(accepted.hashCode());

      Verdict verdict = service.authenticate(AuthenticationRequest.bearer(twin));

      assertThat(rejection(verdict).code()).isEqualTo(RejectionCode.INVALID_SIGNATURE);
    }

    @Test
    void the_same_signature_over_another_payload_is_verified_not_served_from_the_cache() {
      // The cache hashes only the end of the header value: this twin has the same hash.
      TokenVerificationService service = service(CacheSettings.DEFAULT);
      String accepted = decoder.issue(claims(NOW.plusSeconds(600)));
      service.authenticate(AuthenticationRequest.bearer(accepted));
      Map<String, Object> forged = claims(NOW.plusSeconds(600));
      forged.put("sub", "mallory");
      String[] parts = accepted.split("\\.");
      String twin = parts[0] + "." + TestJson.base64Url(TestJson.write(forged)) + "." + parts[2];

      Verdict verdict = service.authenticate(AuthenticationRequest.bearer(twin));

      assertThat(rejection(verdict).code()).isEqualTo(RejectionCode.INVALID_SIGNATURE);
      assertThat(decoder.decodeCalls()).isEqualTo(2);
    }

    @Test
    void only_the_exact_header_value_hits_the_cache() {
      TokenVerificationService service = service(CacheSettings.DEFAULT);
      String token = decoder.issue(claims(NOW.plusSeconds(600)));
      service.authenticate(AuthenticationRequest.bearer(token));

      Verdict extra =
          service.authenticate(AuthenticationRequest.ofHeaders(List.of("Bearer " + token + " x")));
      Verdict twice =
          service.authenticate(
              AuthenticationRequest.ofHeaders(List.of("Bearer " + token, "Bearer " + token)));
      Verdict otherCase =
          service.authenticate(AuthenticationRequest.ofHeaders(List.of("bearer " + token)));

      assertThat(rejection(extra).code()).isEqualTo(RejectionCode.MULTIPLE_CREDENTIALS);
      assertThat(rejection(twice).code()).isEqualTo(RejectionCode.MULTIPLE_CREDENTIALS);
      assertThat(otherCase).isInstanceOf(Verdict.Accepted.class);
      assertThat(decoder.decodeCalls()).isEqualTo(2);
    }

    @Test
    void the_cache_never_grows_beyond_its_bound() {
      TokenVerificationService service = service(new CacheSettings(50, Duration.ofMinutes(5)));

      for (int i = 0; i < 500; i++) {
        Map<String, Object> claims = claims(NOW.plusSeconds(600));
        claims.put("jti", "token-" + i);
        String token = decoder.issue(claims);
        assertThat(service.authenticate(AuthenticationRequest.bearer(token)))
            .isInstanceOf(Verdict.Accepted.class);
        assertThat(service.cachedTokens()).isLessThanOrEqualTo(50);
      }
    }

    @Test
    void a_disabled_cache_verifies_every_request() {
      TokenVerificationService service = service(CacheSettings.disabled());
      String token = decoder.issue(claims(NOW.plusSeconds(600)));

      for (int i = 0; i < 3; i++) {
        service.authenticate(AuthenticationRequest.bearer(token));
      }

      assertThat(decoder.decodeCalls()).isEqualTo(3);
      assertThat(service.cachedTokens()).isZero();
    }
  }

  /**
   * A different token with the same {@link String#hashCode()}: two adjacent signature characters
   * (a, b) become (a + 1, b - 31), which leaves the polynomial hash unchanged.
   */
  private static String twinWithSameHash(String token) {
    int signatureStart = token.lastIndexOf('.') + 1;
    for (int i = signatureStart; i + 1 < token.length(); i++) {
      char a = token.charAt(i);
      char b = token.charAt(i + 1);
      char a2 = (char) (a + 1);
      char b2 = (char) (b - 31);
      if (isBase64Url(a2) && isBase64Url(b2)) {
        return token.substring(0, i) + a2 + b2 + token.substring(i + 2);
      }
    }
    throw new AssertionError("no pair of signature characters could be swapped");
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
