package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorClassTest {

  @ParameterizedTest
  @CsvSource({
    "INVALID_REQUEST,    invalid_request,    400",
    "INVALID_TOKEN,      invalid_token,      401",
    "INSUFFICIENT_SCOPE, insufficient_scope, 403",
    "INVALID_DPOP_PROOF, invalid_dpop_proof, 401",
    "USE_DPOP_NONCE,     use_dpop_nonce,     401"
  })
  void each_class_has_its_rfc_6750_or_rfc_9449_code_and_status(
      ErrorClass errorClass, String code, int status) {
    assertThat(errorClass.code()).isEqualTo(code);
    assertThat(errorClass.httpStatus()).isEqualTo(status);
  }

  @Test
  void every_class_is_in_the_table_above() {
    assertThat(ErrorClass.values())
        .containsExactly(
            ErrorClass.INVALID_REQUEST,
            ErrorClass.INVALID_TOKEN,
            ErrorClass.INSUFFICIENT_SCOPE,
            ErrorClass.INVALID_DPOP_PROOF,
            ErrorClass.USE_DPOP_NONCE);
  }
}
