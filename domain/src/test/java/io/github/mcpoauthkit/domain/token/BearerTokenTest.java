package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl",
        "opaque-access-token-0123456789",
        "mF_9.B5f-4.1JqM",
        "abcdefghij=="
      })
  void to_string_never_contains_the_value(String value) {
    BearerToken token = new BearerToken(value);

    assertThat(token.toString()).doesNotContain(value).contains("redacted");
    assertThat(String.valueOf(new Credentials.Presented(token))).doesNotContain(value);
  }

  @Test
  void value_returns_the_token_exactly() {
    assertThat(new BearerToken("mF_9.B5f-4.1JqM").value()).isEqualTo("mF_9.B5f-4.1JqM");
  }

  @Test
  void tokens_with_the_same_value_are_equal() {
    assertThat(new BearerToken("abc")).isEqualTo(new BearerToken("abc"));
    assertThat(new BearerToken("abc")).hasSameHashCodeAs(new BearerToken("abc"));
    assertThat(new BearerToken("abc")).isNotEqualTo(new BearerToken("abd"));
  }

  @Test
  void empty_token_is_refused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new BearerToken(""));
    assertThatNullPointerException().isThrownBy(() -> new BearerToken(null));
  }
}
