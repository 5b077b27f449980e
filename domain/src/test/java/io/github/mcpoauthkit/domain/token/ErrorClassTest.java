package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorClassTest {

  @ParameterizedTest
  @CsvSource({
    "INVALID_REQUEST,    invalid_request,    400",
    "INVALID_TOKEN,      invalid_token,      401",
    "INSUFFICIENT_SCOPE, insufficient_scope, 403"
  })
  void each_class_has_its_rfc_6750_code_and_status(ErrorClass errorClass, String code, int status) {
    assertThat(errorClass.code()).isEqualTo(code);
    assertThat(errorClass.httpStatus()).isEqualTo(status);
  }
}
