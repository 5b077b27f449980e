package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsTest {

  private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl";

  private static Credentials one(String header) {
    return Credentials.fromHeaders(List.of(header));
  }

  private static String presentedToken(Credentials credentials) {
    assertThat(credentials).isInstanceOf(Credentials.Presented.class);
    return ((Credentials.Presented) credentials).token().value();
  }

  private static Rejection malformedRejection(Credentials credentials) {
    assertThat(credentials).isInstanceOf(Credentials.Malformed.class);
    return ((Credentials.Malformed) credentials).rejection();
  }

  @Test
  void no_header_is_no_credentials() {
    assertThat(Credentials.fromHeaders(List.of())).isInstanceOf(Credentials.None.class);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"", " ", "   ", "\t", " \t "})
  void empty_or_whitespace_header_is_no_credentials(String header) {
    assertThat(one(header)).isInstanceOf(Credentials.None.class);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "Basic dXNlcjpwYXNz",
        "Digest username=\"u\"",
        "DPoP " + JWT,
        "Bearerabc",
        "BearerX " + JWT,
        "Token " + JWT,
        "Basic x, Digest y"
      })
  void other_schemes_and_glued_scheme_are_no_credentials(String header) {
    assertThat(one(header)).isInstanceOf(Credentials.None.class);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"Bearer", "bearer", "BEARER", "BeArEr"})
  void scheme_is_matched_case_insensitively(String scheme) {
    assertThat(presentedToken(one(scheme + " " + JWT))).isEqualTo(JWT);
  }

  @Test
  void a_valid_header_yields_exactly_the_token() {
    Credentials credentials = one("Bearer " + JWT);

    assertThat(presentedToken(credentials)).isEqualTo(JWT);
  }

  static List<Arguments> acceptedSpellings() {
    return List.of(
        Arguments.of("Bearer    abc", "abc"),
        Arguments.of("  Bearer abc", "abc"),
        Arguments.of("Bearer abc   ", "abc"),
        Arguments.of("\tBearer abc\t", "abc"),
        Arguments.of(" \t Bearer   abc \t ", "abc"),
        Arguments.of("Bearer abc=", "abc="),
        Arguments.of("Bearer abc==", "abc=="),
        Arguments.of("Bearer a-b.c_d~e+f/g=", "a-b.c_d~e+f/g="),
        Arguments.of("Bearer 0123456789", "0123456789"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @MethodSource("acceptedSpellings")
  void spacing_and_padding_that_rfc_6750_allows_are_accepted(String header, String token) {
    assertThat(presentedToken(one(header))).isEqualTo(token);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"Bearer", "Bearer ", "Bearer   ", "bearer\t", "  BEARER  "})
  void bearer_without_a_token_is_an_empty_token_request_error(String header) {
    Rejection rejection = malformedRejection(one(header));

    assertThat(rejection.code()).isEqualTo(RejectionCode.EMPTY_TOKEN);
    assertThat(rejection.code().errorClass()).contains(ErrorClass.INVALID_REQUEST);
    assertThat(rejection.httpStatus()).isEqualTo(400);
    assertThat(rejection.message()).isEqualTo("The Bearer token is empty");
  }

  @Test
  void two_header_values_are_multiple_credentials() {
    Rejection rejection =
        malformedRejection(Credentials.fromHeaders(List.of("Bearer abc", "Bearer def")));

    assertThat(rejection.code()).isEqualTo(RejectionCode.MULTIPLE_CREDENTIALS);
    assertThat(rejection.httpStatus()).isEqualTo(400);
    assertThat(rejection.code().errorClass()).contains(ErrorClass.INVALID_REQUEST);
  }

  @Test
  void two_header_values_are_multiple_credentials_even_when_one_is_not_bearer() {
    Rejection rejection =
        malformedRejection(Credentials.fromHeaders(List.of("Basic dXNlcjpwYXNz", "Bearer abc")));

    assertThat(rejection.code()).isEqualTo(RejectionCode.MULTIPLE_CREDENTIALS);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "Bearer a b",
        "Bearer a, Bearer b",
        "Bearer a,Bearer b",
        "Basic x, Bearer y",
        "Basic x,bearer y",
        "Bearer abc def ghi"
      })
  void several_credentials_in_one_header_are_multiple_credentials(String header) {
    Rejection rejection = malformedRejection(one(header));

    assertThat(rejection.code()).isEqualTo(RejectionCode.MULTIPLE_CREDENTIALS);
    assertThat(rejection.httpStatus()).isEqualTo(400);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "Bearer \"abc\"",
        "Bearer ab\"c",
        "Bearer abc\u0000",
        "Bearer ab\u0001c",
        "Bearer ab\u007fc",
        "Bearer abc\r\nX-Injected: 1",
        "Bearer abc\n",
        "Bearer ab\tc",
        "Bearer ab=c",
        "Bearer abc=d",
        "Bearer ab\\c",
        "Bearer ab;c",
        "Bearer abc\u00e9",
        "Bearer ab<c>"
      })
  void a_token_outside_b64token_is_malformed_credentials(String header) {
    Rejection rejection = malformedRejection(one(header));

    assertThat(rejection.code()).isEqualTo(RejectionCode.MALFORMED_CREDENTIALS);
    assertThat(rejection.httpStatus()).isEqualTo(400);
    assertThat(rejection.code().errorClass()).contains(ErrorClass.INVALID_REQUEST);
  }

  /** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / ... ) *"=": padding alone is no token. */
  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"Bearer =", "Bearer ===="})
  void padding_without_token_characters_is_malformed_credentials(String header) {
    assertThat(malformedRejection(one(header)).code())
        .isEqualTo(RejectionCode.MALFORMED_CREDENTIALS);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "Bearer secret-token-value secret-token-value",
        "Bearer secret-token-value\u0001",
        "Basic x, Bearer secret-token-value"
      })
  void a_rejection_never_echoes_the_token(String header) {
    Rejection rejection = malformedRejection(one(header));

    assertThat(rejection.message()).doesNotContain("secret-token-value");
    assertThat(rejection.toString()).doesNotContain("secret-token-value");
  }

  @Test
  void a_multiple_headers_rejection_never_echoes_the_tokens() {
    Rejection rejection =
        malformedRejection(
            Credentials.fromHeaders(List.of("Bearer secret-token-one", "Bearer secret-token-two")));

    assertThat(rejection.message()).doesNotContain("secret-token");
  }

  @Test
  void presented_credentials_do_not_leak_the_token_in_to_string() {
    assertThat(one("Bearer " + JWT).toString()).doesNotContain(JWT);
  }

  @Test
  void null_list_or_null_value_is_a_programmer_error() {
    assertThatNullPointerException().isThrownBy(() -> Credentials.fromHeaders(null));
    List<String> withNull = new ArrayList<>(Arrays.asList((String) null));
    assertThatNullPointerException().isThrownBy(() -> Credentials.fromHeaders(withNull));
    List<String> twoWithNull = Arrays.asList("Bearer abc", null);
    assertThatNullPointerException().isThrownBy(() -> Credentials.fromHeaders(twoWithNull));
  }

  @Test
  void the_variants_refuse_null_components() {
    assertThatNullPointerException().isThrownBy(() -> new Credentials.Presented(null));
    assertThatNullPointerException().isThrownBy(() -> new Credentials.Malformed(null));
  }

  @Test
  void a_presented_token_without_a_scheme_is_a_bearer_token() {
    assertThat(new Credentials.Presented(new BearerToken("abc")).scheme())
        .isEqualTo(AuthorizationScheme.BEARER);
    assertThatNullPointerException()
        .isThrownBy(() -> new Credentials.Presented(new BearerToken("abc"), null));
  }

  @Nested
  class WithDPoPAccepted {

    private final Set<AuthorizationScheme> both =
        Set.of(AuthorizationScheme.BEARER, AuthorizationScheme.DPOP);

    private Credentials read(String... headers) {
      return Credentials.fromHeaders(List.of(headers), both);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"DPoP", "dpop", "DPOP", "dPoP"})
    void the_dpop_scheme_in_any_case_presents_a_dpop_token(String scheme) {
      Credentials credentials = read(scheme + " " + JWT);

      assertThat(presentedToken(credentials)).isEqualTo(JWT);
      assertThat(((Credentials.Presented) credentials).scheme())
          .isEqualTo(AuthorizationScheme.DPOP);
    }

    @Test
    void the_bearer_scheme_still_presents_a_bearer_token() {
      assertThat(((Credentials.Presented) read("Bearer " + JWT)).scheme())
          .isEqualTo(AuthorizationScheme.BEARER);
    }

    @Test
    void a_bearer_and_a_dpop_header_together_are_multiple_credentials() {
      // RFC 9449 §7.2, Figure 19: 400 invalid_request.
      assertThat(malformedRejection(read("Bearer " + JWT, "DPoP " + JWT)).code())
          .isEqualTo(RejectionCode.MULTIPLE_CREDENTIALS);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"DPoP abc, Bearer def", "DPoP abc def", "Basic x, DPoP y"})
    void two_credentials_in_one_header_are_multiple_credentials(String header) {
      assertThat(malformedRejection(read(header)).code())
          .isEqualTo(RejectionCode.MULTIPLE_CREDENTIALS);
    }

    @Test
    void a_dpop_scheme_without_a_token_is_empty_and_says_dpop() {
      Rejection rejection = malformedRejection(read("DPoP   "));

      assertThat(rejection.code()).isEqualTo(RejectionCode.EMPTY_TOKEN);
      assertThat(rejection.message()).isEqualTo("The DPoP token is empty");
    }

    @Test
    void a_dpop_token_outside_token68_is_malformed_and_never_echoed() {
      Rejection rejection = malformedRejection(read("DPoP abc\"secret"));

      assertThat(rejection.code()).isEqualTo(RejectionCode.MALFORMED_CREDENTIALS);
      assertThat(rejection.message()).contains("DPoP").doesNotContain("secret");
    }

    @Test
    void a_scheme_not_accepted_is_no_credentials() {
      assertThat(
              Credentials.fromHeaders(List.of("Bearer " + JWT), Set.of(AuthorizationScheme.DPOP)))
          .isInstanceOf(Credentials.None.class);
      assertThat(Credentials.fromHeaders(List.of("DPoP " + JWT), Credentials.BEARER_ONLY))
          .isInstanceOf(Credentials.None.class);
    }

    @Test
    void no_accepted_scheme_is_a_programmer_error() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Credentials.fromHeaders(List.of("Bearer x"), Set.of()));
    }
  }
}
