package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TokenRules#evaluateIntrospected}: an RFC 7662 answer through the rules of a JWT. */
class IntrospectedTokenRulesTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISSUER = "https://issuer.example";
  private static final String AUDIENCE = "https://mcp.example/mcp";
  private static final ValidationPolicy POLICY =
      ValidationPolicy.forIssuer(new Issuer(ISSUER))
          .withAudiences(Set.of(new Audience(AUDIENCE)))
          .withClockSkew(Duration.ofSeconds(60));
  private static final TokenRules RULES = new TokenRules(POLICY);

  /** An active answer as RFC 7662 §2.2's example has it; overrides as in TokenRulesTest. */
  private static Map<String, Object> answer(Object... overrides) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("active", true);
    json.put("scope", "read write");
    json.put("client_id", "client-1");
    json.put("username", "jdoe");
    json.put("token_type", "Bearer");
    json.put("exp", NOW.plusSeconds(300).getEpochSecond());
    json.put("iat", NOW.minusSeconds(10).getEpochSecond());
    json.put("sub", "user-1");
    json.put("aud", AUDIENCE);
    json.put("iss", ISSUER);
    for (int i = 0; i < overrides.length; i += 2) {
      if (overrides[i + 1] == null) {
        json.remove((String) overrides[i]);
      } else {
        json.put((String) overrides[i], overrides[i + 1]);
      }
    }
    return json;
  }

  private static Verdict evaluate(Object... overrides) {
    return RULES.evaluateIntrospected(answer(overrides), NOW);
  }

  private static RejectionCode code(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    return ((Verdict.Rejected) verdict).rejection().code();
  }

  private static VerifiedToken accepted(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
    return ((Verdict.Accepted) verdict).token();
  }

  @Test
  void an_active_answer_is_accepted_with_its_principal_scopes_and_client() {
    VerifiedToken token = accepted(evaluate());

    assertThat(token.issuer()).isEqualTo(new Issuer(ISSUER));
    assertThat(token.subject()).isEqualTo("user-1");
    assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(300));
    assertThat(token.scopes()).containsExactly(new Scope("read"), new Scope("write"));
    assertThat(token.clientId()).contains("client-1");
    assertThat(token.claims().raw()).containsEntry("username", "jdoe");
    assertThat(token.claims().senderConstrained()).isFalse();
  }

  @Test
  void an_inactive_answer_is_token_inactive_with_invalid_token_and_401() {
    Verdict verdict = RULES.evaluateIntrospected(Map.of("active", false), NOW);

    Rejection rejection = ((Verdict.Rejected) verdict).rejection();
    assertThat(rejection.code()).isEqualTo(RejectionCode.TOKEN_INACTIVE);
    assertThat(rejection.code().errorClass()).contains(ErrorClass.INVALID_TOKEN);
    assertThat(rejection.httpStatus()).isEqualTo(401);
    assertThat(rejection.message()).isEqualTo("Token validation failed: token is not active");
  }

  @Test
  void active_must_be_json_true_anything_else_is_inactive() {
    for (Object active : List.of(false, "true", 1, Map.of(), List.of(true))) {
      assertThat(code(evaluate("active", active)))
          .as("active=%s", active)
          .isEqualTo(RejectionCode.TOKEN_INACTIVE);
    }
    assertThat(code(evaluate("active", null))).isEqualTo(RejectionCode.TOKEN_INACTIVE);
  }

  @Test
  void inactive_is_decided_first_whatever_else_the_answer_holds() {
    assertThat(code(evaluate("active", false, "iss", "https://other", "exp", "soon")))
        .isEqualTo(RejectionCode.TOKEN_INACTIVE);
  }

  @Test
  void a_missing_iss_is_the_issuer_that_answered() {
    VerifiedToken token = accepted(evaluate("iss", null));

    assertThat(token.issuer()).isEqualTo(new Issuer(ISSUER));
    assertThat(token.claims().issuer()).contains(ISSUER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://other.example", "https://issuer.example/", ""})
  void another_iss_is_an_issuer_mismatch(String iss) {
    assertThat(code(evaluate("iss", iss))).isEqualTo(RejectionCode.ISSUER_MISMATCH);
  }

  @Test
  void a_missing_sub_is_the_client_of_a_client_credentials_token() {
    VerifiedToken token = accepted(evaluate("sub", null));

    assertThat(token.subject()).isEqualTo("client-1");
  }

  @Test
  void neither_sub_nor_client_id_is_subject_missing() {
    assertThat(code(evaluate("sub", null, "client_id", null)))
        .isEqualTo(RejectionCode.SUBJECT_MISSING);
  }

  @Test
  void a_client_id_of_the_wrong_type_is_malformed_not_a_subject() {
    assertThat(code(evaluate("sub", null, "client_id", 7)))
        .isEqualTo(RejectionCode.CLAIMS_MALFORMED);
  }

  @Test
  void another_audience_is_an_audience_mismatch_and_an_array_holding_ours_passes() {
    assertThat(code(evaluate("aud", "https://other/mcp")))
        .isEqualTo(RejectionCode.AUDIENCE_MISMATCH);
    assertThat(code(evaluate("aud", null))).isEqualTo(RejectionCode.AUDIENCE_MISMATCH);
    accepted(evaluate("aud", List.of("account", AUDIENCE)));
  }

  @Test
  void a_missing_exp_is_refused_as_for_a_jwt() {
    assertThat(code(evaluate("exp", null))).isEqualTo(RejectionCode.EXPIRY_MISSING);
  }

  @ParameterizedTest(name = "[{index}] exp=now{0}s -> accepted={1}")
  @CsvSource({"-61, false", "-60, false", "-59, true", "300, true"})
  void expiry_is_checked_with_the_clock_skew(long expOffset, boolean accepted) {
    Verdict verdict = evaluate("exp", NOW.plusSeconds(expOffset).getEpochSecond());

    if (accepted) {
      accepted(verdict);
    } else {
      assertThat(code(verdict)).isEqualTo(RejectionCode.TOKEN_EXPIRED);
    }
  }

  @Test
  void nbf_and_iat_in_the_future_are_refused() {
    assertThat(code(evaluate("nbf", NOW.plusSeconds(120).getEpochSecond())))
        .isEqualTo(RejectionCode.NOT_YET_VALID);
    assertThat(code(evaluate("iat", NOW.plusSeconds(120).getEpochSecond())))
        .isEqualTo(RejectionCode.ISSUED_IN_FUTURE);
  }

  @Test
  void members_of_the_wrong_type_are_claims_malformed() {
    assertThat(code(evaluate("exp", "tomorrow"))).isEqualTo(RejectionCode.CLAIMS_MALFORMED);
    assertThat(code(evaluate("scope", 42))).isEqualTo(RejectionCode.CLAIMS_MALFORMED);
    assertThat(code(evaluate("aud", 1))).isEqualTo(RejectionCode.CLAIMS_MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "bearer", "DPoP", "dpop"})
  void bearer_and_dpop_token_types_are_access_tokens(String tokenType) {
    TokenRules bindingChecked = new TokenRules(POLICY.withBoundTokensAccepted(true));

    Verdict verdict = bindingChecked.evaluateIntrospected(answer("token_type", tokenType), NOW);

    assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
  }

  @Test
  void a_missing_token_type_is_accepted() {
    accepted(evaluate("token_type", null));
  }

  @Test
  void another_token_type_is_claims_malformed() {
    assertThat(code(evaluate("token_type", "mac"))).isEqualTo(RejectionCode.CLAIMS_MALFORMED);
    assertThat(code(evaluate("token_type", "refresh_token")))
        .isEqualTo(RejectionCode.CLAIMS_MALFORMED);
    assertThat(code(evaluate("token_type", 1))).isEqualTo(RejectionCode.CLAIMS_MALFORMED);
  }

  @Test
  void a_dpop_token_type_marks_the_token_bound_even_without_cnf() {
    assertThat(code(evaluate("token_type", "DPoP"))).isEqualTo(RejectionCode.SENDER_CONSTRAINED);

    TokenRules bindingChecked = new TokenRules(POLICY.withBoundTokensAccepted(true));
    VerifiedToken token =
        accepted(bindingChecked.evaluateIntrospected(answer("token_type", "DPoP"), NOW));
    assertThat(token.claims().senderConstrained()).isTrue();
    assertThat(token.claims().confirmationJkt()).isEmpty();
  }

  @Test
  void a_cnf_jkt_binds_the_token_as_in_a_jwt() {
    String jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
    assertThat(code(evaluate("cnf", Map.of("jkt", jkt))))
        .isEqualTo(RejectionCode.SENDER_CONSTRAINED);

    TokenRules bindingChecked = new TokenRules(POLICY.withBoundTokensAccepted(true));
    VerifiedToken token =
        accepted(
            bindingChecked.evaluateIntrospected(
                answer("token_type", "DPoP", "cnf", Map.of("jkt", jkt)), NOW));
    assertThat(token.claims().confirmationJkt()).contains(jkt);
  }

  @Test
  void the_answer_given_is_not_changed() {
    Map<String, Object> answer = answer("iss", null, "sub", null);
    Map<String, Object> copy = new LinkedHashMap<>(answer);

    accepted(RULES.evaluateIntrospected(answer, NOW));

    assertThat(answer).isEqualTo(copy);
  }

  @Test
  void scopes_are_then_authorized_as_for_a_jwt() {
    Verdict.Accepted accepted = (Verdict.Accepted) evaluate("scope", "read");

    Verdict verdict = RULES.authorize(accepted, Set.of(new Scope("write")));

    assertThat(code(verdict)).isEqualTo(RejectionCode.INSUFFICIENT_SCOPE);
  }

  @Test
  void null_arguments_are_refused() {
    assertThatNullPointerException().isThrownBy(() -> RULES.evaluateIntrospected(null, NOW));
    assertThatNullPointerException()
        .isThrownBy(() -> RULES.evaluateIntrospected(Map.of("active", true), null));
  }
}
