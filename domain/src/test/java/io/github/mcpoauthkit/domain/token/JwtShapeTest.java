package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtShapeTest {

  private static Optional<Rejection> check(String token) {
    return JwtShape.check(new BearerToken(token));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl",
        "a.b.c",
        "A-_.0-9.zZ_",
        "abcdefghijklmnopqrstuvwxyz.ABCDEFGHIJKLMNOPQRSTUVWXYZ.0123456789-_"
      })
  void three_non_empty_base64url_segments_pass(String token) {
    assertThat(check(token)).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "opaque",
        "a.b",
        "a.b.c.d",
        "a.b.c.d.e.f",
        "a.b.",
        ".b.c",
        "a..c",
        "..",
        ".",
        "a.b.c=",
        "a.b=.c",
        "a.b+.c",
        "a.b/.c",
        "a.b c.c",
        "a.b\t.c",
        "a.b.c~",
        "a.b\u00e9.c",
        "a.\u0430b.c",
        "a.b.c\u0000"
      })
  void anything_else_is_invalid_jwt_format(String token) {
    Optional<Rejection> rejection = check(token);

    assertThat(rejection).isPresent();
    assertThat(rejection.get().code()).isEqualTo(RejectionCode.INVALID_JWT_FORMAT);
    assertThat(rejection.get().message()).isEqualTo("Token is not a valid JWT format");
    assertThat(rejection.get().httpStatus()).isEqualTo(401);
    assertThat(rejection.get().code().errorClass()).contains(ErrorClass.INVALID_TOKEN);
  }

  @Test
  void five_segments_are_an_encrypted_token() {
    Optional<Rejection> rejection = check("eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVydGV4dA.dGFn");

    assertThat(rejection).isPresent();
    assertThat(rejection.get().code()).isEqualTo(RejectionCode.ENCRYPTED_TOKEN);
    assertThat(rejection.get().message())
        .contains("Token is not a valid JWT format")
        .contains("encrypted");
    assertThat(rejection.get().httpStatus()).isEqualTo(401);
  }

  @Test
  void a_direct_encryption_jwe_with_an_empty_key_segment_is_an_encrypted_token() {
    assertThat(check("eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVydGV4dA.dGFn"))
        .map(Rejection::code)
        .contains(RejectionCode.ENCRYPTED_TOKEN);
  }

  @Test
  void an_unsigned_jwt_is_refused() {
    assertThat(check("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyIn0."))
        .map(Rejection::code)
        .contains(RejectionCode.INVALID_JWT_FORMAT);
  }
}
