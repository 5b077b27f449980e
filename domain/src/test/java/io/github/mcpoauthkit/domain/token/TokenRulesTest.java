package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRulesTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant NOW = CLOCK.instant();
  private static final String ISSUER = "https://issuer.example";
  private static final String AUDIENCE = "https://mcp.example/mcp";

  private static final ValidationPolicy POLICY =
      ValidationPolicy.forIssuer(new Issuer(ISSUER))
          .withAudiences(Set.of(new Audience(AUDIENCE)))
          .withClockSkew(Duration.ofSeconds(60));
  private static final TokenRules RULES = new TokenRules(POLICY);
  private static final JoseHeader RS256_AT_JWT =
      JoseHeader.withAlgorithm("RS256").withType("at+jwt");

  /** The claims of a good token; each test overrides what it is about (null removes a claim). */
  private static Map<String, Object> goodClaims(Object... overrides) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("iss", ISSUER);
    json.put("sub", "user-1");
    json.put("aud", AUDIENCE);
    json.put("exp", NOW.plusSeconds(300).getEpochSecond());
    json.put("iat", NOW.minusSeconds(10).getEpochSecond());
    json.put("scope", "read write");
    json.put("client_id", "client-1");
    for (int i = 0; i < overrides.length; i += 2) {
      if (overrides[i + 1] == null) {
        json.remove((String) overrides[i]);
      } else {
        json.put((String) overrides[i], overrides[i + 1]);
      }
    }
    return json;
  }

  private static TokenClaims claims(Object... overrides) {
    return TokenClaimsTest.valid(goodClaims(overrides));
  }

  private static Rejection rejected(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    return ((Verdict.Rejected) verdict).rejection();
  }

  private static VerifiedToken accepted(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
    return ((Verdict.Accepted) verdict).token();
  }

  private static Verdict evaluate(TokenRules rules, Object... overrides) {
    return rules.evaluate(RS256_AT_JWT, claims(overrides), NOW);
  }

  private static long now(long plusSeconds) {
    return NOW.plusSeconds(plusSeconds).getEpochSecond();
  }

  private static TokenRules withSkew(long seconds) {
    return new TokenRules(POLICY.withClockSkew(Duration.ofSeconds(seconds)));
  }

  @Test
  void a_good_token_is_accepted_with_its_principal() {
    VerifiedToken token = accepted(evaluate(RULES));

    assertThat(token.issuer()).isEqualTo(new Issuer(ISSUER));
    assertThat(token.subject()).isEqualTo("user-1");
    assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    assertThat(token.clientId()).contains("client-1");
    assertThat(token.scopes()).containsExactly(new Scope("read"), new Scope("write"));
    assertThat(token.claims().audiences()).containsExactly(AUDIENCE);
  }

  @Test
  void the_policy_is_exposed() {
    assertThat(RULES.policy()).isSameAs(POLICY);
  }

  // --- alg -------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {"none", "None", "NONE", "HS256", "HS384", "HS512", "rs256", "RS1", "XYZ", ""})
  void an_algorithm_outside_the_allow_list_is_refused(String alg) {
    Rejection rejection =
        rejected(RULES.evaluate(JoseHeader.withAlgorithm(alg).withType("at+jwt"), claims(), NOW));

    assertThat(rejection.code()).isEqualTo(RejectionCode.ALGORITHM_NOT_ALLOWED);
    assertThat(rejection.message())
        .isEqualTo("Token validation failed: signing algorithm not allowed");
    assertThat(rejection.httpStatus()).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
        "Ed25519"
      })
  void every_default_asymmetric_algorithm_is_accepted(String alg) {
    accepted(RULES.evaluate(JoseHeader.withAlgorithm(alg), claims(), NOW));
  }

  @Test
  void a_narrowed_allow_list_refuses_the_others() {
    TokenRules rules = new TokenRules(POLICY.withAlgorithms(Set.of("ES256")));

    accepted(rules.evaluate(JoseHeader.withAlgorithm("ES256"), claims(), NOW));
    assertThat(rejected(rules.evaluate(JoseHeader.withAlgorithm("RS256"), claims(), NOW)).code())
        .isEqualTo(RejectionCode.ALGORITHM_NOT_ALLOWED);
  }

  // --- typ -------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "at+jwt",
        "AT+JWT",
        "At+Jwt",
        "application/at+jwt",
        "APPLICATION/AT+JWT",
        "JWT",
        "jwt",
        "application/jwt"
      })
  void the_default_policy_accepts_at_jwt_and_jwt_in_any_case(String typ) {
    accepted(RULES.evaluate(JoseHeader.withAlgorithm("RS256").withType(typ), claims(), NOW));
  }

  @Test
  void the_default_policy_accepts_a_missing_typ() {
    accepted(RULES.evaluate(JoseHeader.withAlgorithm("RS256"), claims(), NOW));
  }

  @ParameterizedTest
  @ValueSource(strings = {"JOSE", "id_token+jwt", "application/json", "", "at+jwt "})
  void the_default_policy_refuses_other_types(String typ) {
    Rejection rejection =
        rejected(RULES.evaluate(JoseHeader.withAlgorithm("RS256").withType(typ), claims(), NOW));

    assertThat(rejection.code()).isEqualTo(RejectionCode.TYPE_NOT_ACCEPTED);
    assertThat(rejection.message())
        .startsWith("Token validation failed: token type (typ) not accepted: expected ")
        .contains("at+jwt")
        .contains("jwt");
  }

  @Test
  void the_strict_policy_accepts_only_at_jwt() {
    TokenRules strict = new TokenRules(POLICY.strictAccessTokenType());

    accepted(strict.evaluate(JoseHeader.withAlgorithm("RS256").withType("at+jwt"), claims(), NOW));
    accepted(
        strict.evaluate(
            JoseHeader.withAlgorithm("RS256").withType("application/AT+JWT"), claims(), NOW));
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "jwt", "application/jwt"})
  void the_strict_policy_refuses_jwt(String typ) {
    TokenRules strict = new TokenRules(POLICY.strictAccessTokenType());

    Rejection rejection =
        rejected(strict.evaluate(JoseHeader.withAlgorithm("RS256").withType(typ), claims(), NOW));

    assertThat(rejection.code()).isEqualTo(RejectionCode.TYPE_NOT_ACCEPTED);
    assertThat(rejection.message())
        .isEqualTo("Token validation failed: token type (typ) not accepted: expected at+jwt");
  }

  @Test
  void the_strict_policy_refuses_a_missing_typ() {
    TokenRules strict = new TokenRules(POLICY.strictAccessTokenType());

    assertThat(rejected(strict.evaluate(JoseHeader.withAlgorithm("RS256"), claims(), NOW)).code())
        .isEqualTo(RejectionCode.TYPE_NOT_ACCEPTED);
  }

  /**
   * The message is sent to clients in {@code error_description}; it must be the same on every run,
   * not depend on the iteration order of an unordered set.
   */
  @Test
  void the_default_type_message_lists_the_types_in_a_stable_order() {
    Rejection rejection =
        rejected(RULES.evaluate(JoseHeader.withAlgorithm("RS256").withType("JOSE"), claims(), NOW));

    assertThat(rejection.message())
        .isEqualTo(
            "Token validation failed: token type (typ) not accepted: expected at+jwt or jwt");
  }

  // --- cnf -------------------------------------------------------------------------------------

  @Test
  void a_sender_constrained_token_is_refused() {
    Rejection rejection = rejected(evaluate(RULES, "cnf", Map.of("jkt", "0ZcOCORZNYy")));

    assertThat(rejection.code()).isEqualTo(RejectionCode.SENDER_CONSTRAINED);
    assertThat(rejection.httpStatus()).isEqualTo(401);
  }

  @Test
  void a_bound_token_passes_the_rules_when_a_binding_check_follows() {
    TokenRules rules = new TokenRules(RULES.policy().withBoundTokensAccepted(true));

    Verdict verdict =
        evaluate(rules, "cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"));

    assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
    assertThat(RULES.policy().boundTokensAccepted()).isFalse();
  }

  // --- iss -------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://other.example",
        "https://ISSUER.example",
        "http://issuer.example",
        "https://issuer.example/realms/x",
        " https://issuer.example"
      })
  void another_issuer_is_an_issuer_mismatch(String iss) {
    Rejection rejection = rejected(evaluate(RULES, "iss", iss));

    assertThat(rejection.code()).isEqualTo(RejectionCode.ISSUER_MISMATCH);
    assertThat(rejection.message()).isEqualTo("Token validation failed: issuer mismatch");
    assertThat(rejection.httpStatus()).isEqualTo(401);
    assertThat(rejection.code().errorClass()).contains(ErrorClass.INVALID_TOKEN);
  }

  @Test
  void a_token_iss_with_an_extra_trailing_slash_is_named_in_the_message() {
    Rejection rejection = rejected(evaluate(RULES, "iss", ISSUER + "/"));

    assertThat(rejection.code()).isEqualTo(RejectionCode.ISSUER_MISMATCH);
    assertThat(rejection.message())
        .startsWith("Token validation failed: issuer mismatch")
        .contains("trailing slash");
  }

  @Test
  void a_configured_issuer_with_an_extra_trailing_slash_is_named_in_the_message() {
    TokenRules rules =
        new TokenRules(
            ValidationPolicy.forIssuer(new Issuer(ISSUER + "/"))
                .withAudiences(Set.of(new Audience(AUDIENCE))));

    Rejection rejection = rejected(evaluate(rules, "iss", ISSUER));

    assertThat(rejection.code()).isEqualTo(RejectionCode.ISSUER_MISMATCH);
    assertThat(rejection.message())
        .startsWith("Token validation failed: issuer mismatch")
        .contains("trailing slash");
  }

  @Test
  void a_missing_iss_is_an_issuer_mismatch() {
    Rejection rejection = rejected(evaluate(RULES, "iss", null));

    assertThat(rejection.code()).isEqualTo(RejectionCode.ISSUER_MISMATCH);
    assertThat(rejection.message()).startsWith("Token validation failed: issuer mismatch");
  }

  @Test
  void rules_run_in_order_so_a_wrong_issuer_wins_over_an_expired_token() {
    Rejection rejection =
        rejected(evaluate(RULES, "iss", "https://other.example", "exp", now(-3600)));

    assertThat(rejection.code()).isEqualTo(RejectionCode.ISSUER_MISMATCH);
  }

  // --- sub -------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"missing", "empty"})
  void a_missing_or_empty_subject_is_refused(String variant) {
    Rejection rejection = rejected(evaluate(RULES, "sub", variant.equals("missing") ? null : ""));

    assertThat(rejection.code()).isEqualTo(RejectionCode.SUBJECT_MISSING);
    assertThat(rejection.httpStatus()).isEqualTo(401);
  }

  // --- aud -------------------------------------------------------------------------------------

  static Stream<Arguments> audiences() {
    return Stream.of(
        Arguments.of(AUDIENCE, true),
        Arguments.of(List.of(AUDIENCE), true),
        Arguments.of(List.of("account", AUDIENCE), true),
        Arguments.of(List.of(AUDIENCE, "account", "https://other.example"), true),
        Arguments.of("https://other.example", false),
        Arguments.of(List.of("account", "https://other.example"), false),
        Arguments.of(List.of(), false),
        Arguments.of(AUDIENCE + "/", false),
        Arguments.of("https://MCP.example/mcp", false),
        Arguments.of("https://mcp.example", false));
  }

  @ParameterizedTest(name = "[{index}] aud={0} accepted={1}")
  @MethodSource("audiences")
  void the_audience_must_contain_this_resource(Object aud, boolean accepted) {
    Verdict verdict = evaluate(RULES, "aud", aud);

    if (accepted) {
      accepted(verdict);
    } else {
      Rejection rejection = rejected(verdict);
      assertThat(rejection.code()).isEqualTo(RejectionCode.AUDIENCE_MISMATCH);
      assertThat(rejection.message()).isEqualTo("Token validation failed: audience mismatch");
      assertThat(rejection.httpStatus()).isEqualTo(401);
    }
  }

  @Test
  void a_missing_aud_is_an_audience_mismatch() {
    assertThat(rejected(evaluate(RULES, "aud", null)).code())
        .isEqualTo(RejectionCode.AUDIENCE_MISMATCH);
  }

  @Test
  void any_of_several_configured_audiences_is_enough() {
    Set<Audience> audiences = new LinkedHashSet<>();
    audiences.add(new Audience(AUDIENCE));
    audiences.add(new Audience("api://mcp"));
    TokenRules rules = new TokenRules(POLICY.withAudiences(audiences));

    accepted(evaluate(rules, "aud", "api://mcp"));
    accepted(evaluate(rules, "aud", List.of("x", AUDIENCE)));
  }

  @Test
  void the_audience_is_not_checked_when_the_policy_has_none() {
    TokenRules rules = new TokenRules(ValidationPolicy.forIssuer(new Issuer(ISSUER)));

    accepted(evaluate(rules, "aud", "https://other.example"));
    accepted(evaluate(rules, "aud", null));
  }

  // --- exp -------------------------------------------------------------------------------------

  @Test
  void a_missing_exp_is_refused() {
    Rejection rejection = rejected(evaluate(RULES, "exp", null));

    assertThat(rejection.code()).isEqualTo(RejectionCode.EXPIRY_MISSING);
    assertThat(rejection.httpStatus()).isEqualTo(401);
  }

  @ParameterizedTest(name = "[{index}] skew={0}s exp=now{1}s -> accepted={2}")
  @CsvSource({
    "0,   +1,    true",
    "0,    0,    false",
    "0,   -1,    false",
    "0,   +3600, true",
    "60,  +1,    true",
    "60,   0,    true",
    "60, -59,    true",
    "60, -60,    false",
    "60, -61,    false",
    "300, -299,  true",
    "300, -300,  false"
  })
  void expiry_is_checked_against_now_plus_the_skew(long skew, long expOffset, boolean accepted) {
    Verdict verdict = evaluate(withSkew(skew), "exp", now(expOffset), "iat", now(-3600));

    if (accepted) {
      assertThat(accepted(verdict).expiresAt()).isEqualTo(NOW.plusSeconds(expOffset));
    } else {
      Rejection rejection = rejected(verdict);
      assertThat(rejection.code()).isEqualTo(RejectionCode.TOKEN_EXPIRED);
      assertThat(rejection.message()).isEqualTo("Token expired");
      assertThat(rejection.httpStatus()).isEqualTo(401);
      assertThat(rejection.code().errorClass()).contains(ErrorClass.INVALID_TOKEN);
    }
  }

  @Test
  void a_fraction_of_a_second_past_exp_is_expired_without_skew() {
    TokenRules rules = withSkew(0);

    Rejection rejection =
        rejected(
            rules.evaluate(
                RS256_AT_JWT, claims("exp", now(0), "iat", now(-60)), NOW.plusMillis(1)));

    assertThat(rejection.code()).isEqualTo(RejectionCode.TOKEN_EXPIRED);
    accepted(
        rules.evaluate(RS256_AT_JWT, claims("exp", now(0), "iat", now(-60)), NOW.minusMillis(1)));
  }

  // --- nbf -------------------------------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] skew={0}s nbf=now{1}s -> accepted={2}")
  @CsvSource({
    "60,  +60, true",
    "60,  +61, false",
    "60,    0, true",
    "60, -600, true",
    "0,     0, true",
    "0,    +1, false",
    "300, +300, true",
    "300, +301, false"
  })
  void not_before_is_checked_against_now_plus_the_skew(
      long skew, long nbfOffset, boolean accepted) {
    Verdict verdict = evaluate(withSkew(skew), "nbf", now(nbfOffset), "iat", null);

    if (accepted) {
      accepted(verdict);
    } else {
      Rejection rejection = rejected(verdict);
      assertThat(rejection.code()).isEqualTo(RejectionCode.NOT_YET_VALID);
      assertThat(rejection.httpStatus()).isEqualTo(401);
    }
  }

  // --- iat -------------------------------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] skew={0}s iat=now{1}s -> accepted={2}")
  @CsvSource({
    "60, +60,   true",
    "60, +61,   false",
    "60, +3600, false",
    "60, -3600, true",
    "0,   0,    true",
    "0,  +1,    false"
  })
  void issued_at_may_not_be_in_the_future_beyond_the_skew(
      long skew, long iatOffset, boolean accepted) {
    Verdict verdict = evaluate(withSkew(skew), "iat", now(iatOffset));

    if (accepted) {
      accepted(verdict);
    } else {
      Rejection rejection = rejected(verdict);
      assertThat(rejection.code()).isEqualTo(RejectionCode.ISSUED_IN_FUTURE);
      assertThat(rejection.httpStatus()).isEqualTo(401);
    }
  }

  @Test
  void nbf_and_iat_are_optional() {
    accepted(evaluate(RULES, "nbf", null, "iat", null));
  }

  @Test
  void accepted_verdict_without_client_id_falls_back_to_azp_or_empty() {
    assertThat(accepted(evaluate(RULES, "client_id", null, "azp", "kc-client")).clientId())
        .contains("kc-client");
    assertThat(accepted(evaluate(RULES, "client_id", null)).clientId()).isEmpty();
  }

  @Test
  void evaluate_refuses_null_arguments() {
    TokenClaims claims = claims();
    assertThatNullPointerException().isThrownBy(() -> RULES.evaluate(null, claims, NOW));
    assertThatNullPointerException().isThrownBy(() -> RULES.evaluate(RS256_AT_JWT, null, NOW));
    assertThatNullPointerException().isThrownBy(() -> RULES.evaluate(RS256_AT_JWT, claims, null));
    assertThatNullPointerException().isThrownBy(() -> new TokenRules(null));
  }

  // --- authorize -------------------------------------------------------------------------------

  private static VerifiedToken tokenWithScope(String scope) {
    return accepted(evaluate(RULES, "scope", scope));
  }

  private static Set<Scope> scopes(String... values) {
    Set<Scope> scopes = new LinkedHashSet<>();
    for (String value : values) {
      scopes.add(new Scope(value));
    }
    return scopes;
  }

  @Test
  void a_missing_request_scope_is_insufficient_scope_with_granted_then_needed_in_the_challenge() {
    Rejection rejection = rejected(RULES.authorize(tokenWithScope("a"), scopes("b")));

    assertThat(rejection.code()).isEqualTo(RejectionCode.INSUFFICIENT_SCOPE);
    assertThat(rejection.httpStatus()).isEqualTo(403);
    assertThat(rejection.code().errorClass()).contains(ErrorClass.INSUFFICIENT_SCOPE);
    assertThat(rejection.challengeScopes()).containsExactly(new Scope("a"), new Scope("b"));
    assertThat(Scope.join(rejection.challengeScopes())).isEqualTo("a b");
    assertThat(rejection.message()).isEqualTo("Insufficient scope: requires b");
  }

  @Test
  void the_policy_required_scopes_are_enforced_on_every_request() {
    TokenRules rules = new TokenRules(POLICY.withRequiredScopes(scopes("mcp")));
    VerifiedToken token = tokenWithScope("a");

    Rejection rejection = rejected(rules.authorize(token, Set.of()));

    assertThat(rejection.code()).isEqualTo(RejectionCode.INSUFFICIENT_SCOPE);
    assertThat(rejection.challengeScopes()).containsExactly(new Scope("a"), new Scope("mcp"));
    assertThat(rejection.message()).isEqualTo("Insufficient scope: requires mcp");
  }

  @Test
  void required_and_request_scopes_are_both_listed_when_both_are_missing() {
    TokenRules rules = new TokenRules(POLICY.withRequiredScopes(scopes("mcp")));

    Rejection rejection = rejected(rules.authorize(tokenWithScope("a"), scopes("b", "a")));

    assertThat(rejection.challengeScopes())
        .containsExactly(new Scope("a"), new Scope("mcp"), new Scope("b"));
    assertThat(rejection.message()).isEqualTo("Insufficient scope: requires mcp b");
  }

  @Test
  void a_broader_scope_satisfies_the_narrower_ones_it_implies_for_required_and_request_scopes() {
    TokenRules rules =
        new TokenRules(
            POLICY
                .withRequiredScopes(scopes("mcp:read"))
                .withScopeHierarchy(
                    ScopeHierarchy.ofChains(
                        List.of(List.copyOf(scopes("mcp:admin", "mcp:write", "mcp:read"))))));

    assertThat(rules.authorize(tokenWithScope("mcp:admin"), scopes("mcp:write")))
        .isInstanceOf(Verdict.Accepted.class);
    assertThat(rules.authorize(tokenWithScope("mcp:write"), Set.of()))
        .isInstanceOf(Verdict.Accepted.class);
    // Nothing is implied upwards: mcp:write does not grant mcp:admin.
    Rejection rejection =
        rejected(rules.authorize(tokenWithScope("mcp:write"), scopes("mcp:admin")));
    assertThat(rejection.challengeScopes())
        .containsExactly(new Scope("mcp:write"), new Scope("mcp:admin"));
    assertThat(rejection.message()).isEqualTo("Insufficient scope: requires mcp:admin");
  }

  @Test
  void without_a_hierarchy_a_broader_sounding_scope_grants_nothing_more() {
    Rejection rejection =
        rejected(RULES.authorize(tokenWithScope("mcp:admin"), scopes("mcp:read")));

    assertThat(rejection.message()).isEqualTo("Insufficient scope: requires mcp:read");
  }

  @Test
  void a_token_without_any_scope_gets_only_the_needed_ones_in_the_challenge() {
    Rejection rejection = rejected(RULES.authorize(tokenWithScope(""), scopes("b", "c")));

    assertThat(rejection.challengeScopes()).containsExactly(new Scope("b"), new Scope("c"));
  }

  static Stream<Arguments> sufficientScopes() {
    return Stream.of(
        Arguments.of("a b", Set.of(), Set.of()),
        Arguments.of("", Set.of(), Set.of()),
        Arguments.of("a b", Set.of("a"), Set.of()),
        Arguments.of("a b", Set.of("a", "b"), Set.of()),
        Arguments.of("a b", Set.of(), Set.of("b")),
        Arguments.of("a b c", Set.of("a"), Set.of("b", "c")));
  }

  @ParameterizedTest(name = "[{index}] granted=\"{0}\" request={1} required={2}")
  @MethodSource("sufficientScopes")
  void a_token_with_every_needed_scope_is_accepted(
      String granted, Set<String> request, Set<String> required) {
    TokenRules rules =
        new TokenRules(POLICY.withRequiredScopes(scopes(required.toArray(new String[0]))));
    VerifiedToken token = tokenWithScope(granted);

    Verdict verdict = rules.authorize(token, scopes(request.toArray(new String[0])));

    assertThat(accepted(verdict)).isSameAs(token);
  }

  @Test
  void an_accepted_verdict_with_enough_scopes_is_answered_as_it_is() {
    Verdict.Accepted accepted = new Verdict.Accepted(tokenWithScope("a"));

    assertThat(RULES.authorize(accepted, Set.of(new Scope("a")))).isSameAs(accepted);
    assertThat(RULES.authorize(accepted, Set.of(new Scope("b"))))
        .isInstanceOfSatisfying(
            Verdict.Rejected.class,
            rejected ->
                assertThat(rejected.rejection().code())
                    .isEqualTo(RejectionCode.INSUFFICIENT_SCOPE));
  }

  @Test
  void authorize_refuses_null_arguments() {
    VerifiedToken token = tokenWithScope("a");
    assertThatNullPointerException()
        .isThrownBy(() -> RULES.authorize((VerifiedToken) null, Set.of()));
    assertThatNullPointerException()
        .isThrownBy(() -> RULES.authorize((Verdict.Accepted) null, Set.of()));
    assertThatNullPointerException().isThrownBy(() -> RULES.authorize(token, null));
  }

  @Test
  void scopes_from_scp_count_as_granted() {
    VerifiedToken token = accepted(evaluate(RULES, "scope", null, "scp", List.of("a", "b")));

    accepted(RULES.authorize(token, scopes("b")));
  }
}
