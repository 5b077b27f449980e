package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IssuerTest {

  @ParameterizedTest(name = "[{index}] {0} vs {1} -> matches={2}, onlyTrailingSlash={3}")
  @CsvSource({
    "https://issuer.example,   https://issuer.example,    true,  false",
    "https://issuer.example,   https://issuer.example/,   false, true",
    "https://issuer.example/,  https://issuer.example,    false, true",
    "https://issuer.example/,  https://issuer.example//,  false, true",
    "https://issuer.example,   https://issuer.example//,  false, false",
    "https://issuer.example,   https://ISSUER.example,    false, false",
    "https://issuer.example,   http://issuer.example,     false, false",
    "https://issuer.example,   https://issuer.example/x,  false, false",
    "https://issuer.example,   https://issuer.exampl,     false, false",
    "https://issuer.example,   '',                        false, false"
  })
  void issuers_are_compared_exactly_and_a_trailing_slash_difference_is_recognised(
      String configured, String other, boolean matches, boolean onlyTrailingSlash) {
    Issuer issuer = new Issuer(configured);

    assertThat(issuer.matches(other)).isEqualTo(matches);
    assertThat(issuer.differsOnlyByTrailingSlash(other)).isEqualTo(onlyTrailingSlash);
  }

  @Test
  void no_issuer_matches_null() {
    assertThat(new Issuer("https://issuer.example").matches(null)).isFalse();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"", " ", "\t", "\n"})
  void a_blank_issuer_is_refused(String value) {
    assertThatIllegalArgumentException().isThrownBy(() -> new Issuer(value));
  }

  @Test
  void a_null_issuer_is_refused() {
    assertThatNullPointerException().isThrownBy(() -> new Issuer(null));
  }

  @Test
  void to_string_is_the_identifier() {
    assertThat(new Issuer("https://issuer.example")).hasToString("https://issuer.example");
  }
}
