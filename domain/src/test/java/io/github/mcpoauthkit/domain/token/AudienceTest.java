package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AudienceTest {

  @Test
  void keeps_the_value_exactly() {
    Audience audience = new Audience("https://mcp.example/mcp");

    assertThat(audience.value()).isEqualTo("https://mcp.example/mcp");
    assertThat(audience).hasToString("https://mcp.example/mcp");
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"", " ", "\t"})
  void a_blank_audience_is_refused(String value) {
    assertThatIllegalArgumentException().isThrownBy(() -> new Audience(value));
  }

  @Test
  void a_null_audience_is_refused() {
    assertThatNullPointerException().isThrownBy(() -> new Audience(null));
  }
}
