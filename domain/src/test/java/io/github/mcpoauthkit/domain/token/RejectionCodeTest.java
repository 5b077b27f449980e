package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RejectionCodeTest {

  private static final Set<RejectionCode> INVALID_REQUEST =
      EnumSet.of(
          RejectionCode.MULTIPLE_CREDENTIALS,
          RejectionCode.EMPTY_TOKEN,
          RejectionCode.MALFORMED_CREDENTIALS,
          RejectionCode.TOKEN_OUTSIDE_HEADER);

  /** The codes are an API: logs, metrics and dashboards match on them. Renaming one fails here. */
  @Test
  void snapshot_of_every_code() {
    assertThat(Arrays.stream(RejectionCode.values()).map(RejectionCode::code))
        .containsExactly(
            "no_credentials",
            "multiple_credentials",
            "empty_token",
            "malformed_credentials",
            "token_outside_header",
            "invalid_jwt_format",
            "encrypted_token",
            "algorithm_not_allowed",
            "unknown_key",
            "invalid_signature",
            "type_not_accepted",
            "claims_malformed",
            "issuer_mismatch",
            "subject_missing",
            "audience_mismatch",
            "expiry_missing",
            "token_expired",
            "not_yet_valid",
            "issued_in_future",
            "sender_constrained",
            "insufficient_scope",
            "dpop_proof_missing",
            "dpop_proof_multiple",
            "dpop_proof_malformed",
            "dpop_proof_type",
            "dpop_proof_algorithm",
            "dpop_proof_key",
            "dpop_proof_signature",
            "dpop_proof_method",
            "dpop_proof_uri",
            "dpop_proof_stale",
            "dpop_proof_future",
            "dpop_proof_replayed",
            "dpop_proof_token_hash",
            "dpop_key_mismatch",
            "dpop_token_not_bound",
            "dpop_required",
            "dpop_nonce_required",
            "dpop_nonce_stale",
            "token_inactive");
  }

  @Test
  void every_code_is_unique() {
    List<String> codes =
        Arrays.stream(RejectionCode.values()).map(RejectionCode::code).collect(Collectors.toList());

    assertThat(codes).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @EnumSource(RejectionCode.class)
  void every_code_is_lower_snake_case_and_matches_the_constant(RejectionCode code) {
    assertThat(code.code()).matches("[a-z]+(_[a-z]+)*");
    assertThat(code.code()).isEqualTo(code.name().toLowerCase(java.util.Locale.ROOT));
  }

  @ParameterizedTest
  @EnumSource(RejectionCode.class)
  void every_code_has_a_message_and_a_status_consistent_with_its_error_class(RejectionCode code) {
    assertThat(code.defaultMessage()).isNotBlank();
    assertThat(code.httpStatus()).isIn(400, 401, 403);
    code.errorClass()
        .ifPresent(errorClass -> assertThat(code.httpStatus()).isEqualTo(errorClass.httpStatus()));
  }

  @Test
  void no_credentials_has_no_error_class_and_is_401() {
    assertThat(RejectionCode.NO_CREDENTIALS.errorClass()).isEmpty();
    assertThat(RejectionCode.NO_CREDENTIALS.httpStatus()).isEqualTo(401);
  }

  @ParameterizedTest
  @EnumSource(RejectionCode.class)
  void only_no_credentials_lacks_an_error_class(RejectionCode code) {
    assertThat(code.errorClass().isEmpty()).isEqualTo(code == RejectionCode.NO_CREDENTIALS);
  }

  @Test
  void insufficient_scope_is_403() {
    assertThat(RejectionCode.INSUFFICIENT_SCOPE.errorClass())
        .contains(ErrorClass.INSUFFICIENT_SCOPE);
    assertThat(RejectionCode.INSUFFICIENT_SCOPE.httpStatus()).isEqualTo(403);
  }

  @ParameterizedTest
  @EnumSource(RejectionCode.class)
  void request_errors_are_400_invalid_request_and_token_errors_401_invalid_token(
      RejectionCode code) {
    if (INVALID_REQUEST.contains(code)) {
      assertThat(code.errorClass()).contains(ErrorClass.INVALID_REQUEST);
      assertThat(code.httpStatus()).isEqualTo(400);
    } else if (code.code().startsWith("dpop_proof_")) {
      // RFC 9449 §7.1: the proof itself failed a check of §4.3.
      assertThat(code.errorClass()).contains(ErrorClass.INVALID_DPOP_PROOF);
      assertThat(code.httpStatus()).isEqualTo(401);
    } else if (code.code().startsWith("dpop_nonce_")) {
      // RFC 9449 §9: the client is to retry with the nonce it is given.
      assertThat(code.errorClass()).contains(ErrorClass.USE_DPOP_NONCE);
      assertThat(code.httpStatus()).isEqualTo(401);
    } else if (code != RejectionCode.NO_CREDENTIALS && code != RejectionCode.INSUFFICIENT_SCOPE) {
      assertThat(code.errorClass()).contains(ErrorClass.INVALID_TOKEN);
      assertThat(code.httpStatus()).isEqualTo(401);
    }
  }

  @Test
  void the_searchable_messages_never_change() {
    assertThat(RejectionCode.INVALID_JWT_FORMAT.defaultMessage())
        .isEqualTo("Token is not a valid JWT format");
    assertThat(RejectionCode.ISSUER_MISMATCH.defaultMessage())
        .isEqualTo("Token validation failed: issuer mismatch");
    assertThat(RejectionCode.AUDIENCE_MISMATCH.defaultMessage())
        .isEqualTo("Token validation failed: audience mismatch");
    assertThat(RejectionCode.TOKEN_EXPIRED.defaultMessage()).isEqualTo("Token expired");
  }
}
