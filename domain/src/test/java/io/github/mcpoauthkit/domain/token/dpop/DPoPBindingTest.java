package io.github.mcpoauthkit.domain.token.dpop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.mcpoauthkit.domain.token.AuthorizationScheme;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.ParsedClaims;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.TokenClaims;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mode x scheme x token binding: RFC 9449 §6, §7.1 and §7.2 (no downgrade). */
class DPoPBindingTest {

  private static final String KEY = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
  private static final String OTHER_KEY = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

  private static VerifiedToken token(String binding) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("iss", "https://issuer.example");
    json.put("sub", "alice");
    json.put("exp", 2_000_000_000L);
    switch (binding) {
      case "jkt" -> json.put("cnf", Map.of("jkt", KEY));
      case "x5t" ->
          json.put("cnf", Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"));
      case "none" -> {}
      default -> throw new IllegalArgumentException(binding);
    }
    TokenClaims claims = ((ParsedClaims.Valid) TokenClaims.parse(json)).claims();
    return new VerifiedToken(
        new Issuer("https://issuer.example"),
        "alice",
        Instant.ofEpochSecond(2_000_000_000L),
        claims);
  }

  /**
   * Rows: mode, scheme, the token's binding, the proof key (- for none), and the verdict: ok or the
   * rejection code.
   */
  @ParameterizedTest(name = "[{index}] {0} {1} token:{2} proof:{3} -> {4}")
  @CsvSource({
    "OFF,      BEARER, none, -,     ok",
    "OFF,      BEARER, jkt,  -,     sender_constrained",
    "OFF,      BEARER, x5t,  -,     sender_constrained",
    "ALLOWED,  BEARER, none, -,     ok",
    "ALLOWED,  BEARER, jkt,  -,     sender_constrained",
    "ALLOWED,  BEARER, x5t,  -,     sender_constrained",
    "REQUIRED, BEARER, none, -,     dpop_required",
    "REQUIRED, BEARER, jkt,  -,     dpop_required",
    "ALLOWED,  DPOP,   jkt,  KEY,   ok",
    "REQUIRED, DPOP,   jkt,  KEY,   ok",
    "ALLOWED,  DPOP,   jkt,  OTHER, dpop_key_mismatch",
    "REQUIRED, DPOP,   jkt,  OTHER, dpop_key_mismatch",
    "ALLOWED,  DPOP,   none, KEY,   dpop_token_not_bound",
    "ALLOWED,  DPOP,   x5t,  KEY,   dpop_token_not_bound"
  })
  void decides(
      DPoPPolicy.Mode mode,
      AuthorizationScheme scheme,
      String binding,
      String proof,
      String verdict) {
    Optional<String> proofKey =
        switch (proof) {
          case "KEY" -> Optional.of(KEY);
          case "OTHER" -> Optional.of(OTHER_KEY);
          default -> Optional.empty();
        };

    Optional<Rejection> rejection = DPoPBinding.check(mode, scheme, token(binding), proofKey);

    if (verdict.equals("ok")) {
      assertThat(rejection).isEmpty();
    } else {
      assertThat(rejection.map(r -> r.code().code())).contains(verdict);
    }
  }

  @Test
  void the_key_mismatch_speaks_as_rfc_9449_figure_16() {
    assertThat(
            DPoPBinding.check(
                    DPoPPolicy.Mode.ALLOWED,
                    AuthorizationScheme.DPOP,
                    token("jkt"),
                    Optional.of(OTHER_KEY))
                .orElseThrow()
                .message())
        .isEqualTo("Invalid DPoP key binding");
    assertThat(RejectionCode.DPOP_KEY_MISMATCH.errorClass().orElseThrow().code())
        .isEqualTo("invalid_token");
  }

  @Test
  void a_dpop_token_without_dpop_on_or_without_a_proof_is_a_programmer_error() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                DPoPBinding.check(
                    DPoPPolicy.Mode.OFF, AuthorizationScheme.DPOP, token("jkt"), Optional.of(KEY)));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                DPoPBinding.check(
                    DPoPPolicy.Mode.ALLOWED,
                    AuthorizationScheme.DPOP,
                    token("jkt"),
                    Optional.empty()));
  }
}
