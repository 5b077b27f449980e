package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Completeness by construction, tested: every member the policy governs or RFC 9068 §4 requires has
 * a check in {@link TokenRules}, every check has a violation here that it alone refuses, and the
 * claim checks refuse the same violation in an introspection answer. A check removed, or added
 * without a row, fails here.
 */
class TokenRulesCompletenessTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISSUER = "https://issuer.example";
  private static final String AUDIENCE = "https://mcp.example/mcp";
  private static final TokenRules RULES =
      new TokenRules(
          ValidationPolicy.forIssuer(new Issuer(ISSUER))
              .withAudiences(Set.of(new Audience(AUDIENCE)))
              .withClockSkew(Duration.ofSeconds(60))
              .strictAccessTokenType());
  private static final JoseHeader GOOD_HEADER =
      JoseHeader.withAlgorithm("ES256").withType("at+jwt");

  /**
   * The members a {@link ValidationPolicy} governs ({@code algorithms}, {@code acceptedTypes},
   * {@code boundTokensAccepted}, {@code issuer}, {@code audiences}, {@code clockSkew}) and the
   * subject every verified token names.
   */
  private static final Set<String> REQUIRED =
      Set.of("alg", "typ", "cnf", "iss", "sub", "aud", "exp", "nbf", "iat");

  private record Violation(JoseHeader header, Object[] claimOverrides, RejectionCode code) {}

  private static final Map<String, Violation> VIOLATIONS =
      Map.of(
          "alg",
              new Violation(
                  JoseHeader.withAlgorithm("HS256").withType("at+jwt"),
                  new Object[0],
                  RejectionCode.ALGORITHM_NOT_ALLOWED),
          "typ",
              new Violation(
                  JoseHeader.withAlgorithm("ES256").withType("JWT"),
                  new Object[0],
                  RejectionCode.TYPE_NOT_ACCEPTED),
          "cnf", claims(RejectionCode.SENDER_CONSTRAINED, "cnf", Map.of("jkt", "x")),
          "iss", claims(RejectionCode.ISSUER_MISMATCH, "iss", "https://other.example"),
          "sub", claims(RejectionCode.SUBJECT_MISSING, "sub", ""),
          "aud", claims(RejectionCode.AUDIENCE_MISMATCH, "aud", "https://other/mcp"),
          "exp", claims(RejectionCode.TOKEN_EXPIRED, "exp", NOW.minusSeconds(61).getEpochSecond()),
          "nbf", claims(RejectionCode.NOT_YET_VALID, "nbf", NOW.plusSeconds(61).getEpochSecond()),
          "iat",
              claims(RejectionCode.ISSUED_IN_FUTURE, "iat", NOW.plusSeconds(61).getEpochSecond()));

  private static Violation claims(RejectionCode code, Object... overrides) {
    return new Violation(GOOD_HEADER, overrides, code);
  }

  private static Map<String, Object> goodClaims(Object... overrides) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("iss", ISSUER);
    json.put("sub", "user-1");
    json.put("aud", AUDIENCE);
    json.put("exp", NOW.plusSeconds(300).getEpochSecond());
    json.put("nbf", NOW.minusSeconds(10).getEpochSecond());
    json.put("iat", NOW.minusSeconds(10).getEpochSecond());
    for (int i = 0; i < overrides.length; i += 2) {
      json.put((String) overrides[i], overrides[i + 1]);
    }
    return json;
  }

  static Stream<Arguments> checks() {
    return RULES.checkedMembers().stream()
        .map(member -> Arguments.of(member, VIOLATIONS.get(member)));
  }

  /** The checks an introspection answer meets: those on claims (it has no JOSE header). */
  static Stream<Arguments> claimChecks() {
    return checks().filter(check -> ((Violation) check.get()[1]).header() == GOOD_HEADER);
  }

  @Test
  void every_member_the_policy_governs_has_a_check() {
    assertThat(RULES.checkedMembers()).containsAll(REQUIRED);
  }

  @Test
  void every_check_has_a_violation_in_this_test() {
    assertThat(VIOLATIONS.keySet()).containsExactlyInAnyOrderElementsOf(RULES.checkedMembers());
  }

  @Test
  void the_header_is_checked_before_the_claims_and_the_issuer_before_the_times() {
    List<String> order = RULES.checkedMembers();

    assertThat(order).startsWith("alg", "typ");
    assertThat(order.indexOf("iss")).isLessThan(order.indexOf("exp"));
  }

  @Test
  void a_token_breaking_no_check_is_accepted() {
    assertThat(RULES.evaluate(GOOD_HEADER, TokenClaimsTest.valid(goodClaims()), NOW))
        .isInstanceOf(Verdict.Accepted.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  void each_check_refuses_its_violation_in_a_jwt(String member, Violation violation) {
    Verdict verdict =
        RULES.evaluate(
            violation.header(), TokenClaimsTest.valid(goodClaims(violation.claimOverrides())), NOW);

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(((Verdict.Rejected) verdict).rejection().code()).isEqualTo(violation.code());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("claimChecks")
  void each_claim_check_refuses_its_violation_in_an_introspection_answer(
      String member, Violation violation) {
    Map<String, Object> answer = goodClaims(violation.claimOverrides());
    answer.put("active", true);

    Verdict verdict = RULES.evaluateIntrospected(answer, NOW);

    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(((Verdict.Rejected) verdict).rejection().code()).isEqualTo(violation.code());
  }
}
