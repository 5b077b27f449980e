package io.github.mcpoauthkit.adapter.nimbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

  @Test
  void defaults_are_five_seconds_half_a_mebibyte_and_https() {
    assertThat(HttpSettings.DEFAULTS)
        .isEqualTo(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 524_288, false));
  }

  @Test
  void durations_must_be_positive() {
    assertThatThrownBy(() -> new HttpSettings(Duration.ZERO, Duration.ofSeconds(1), 1, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(
            () -> new HttpSettings(Duration.ofSeconds(1), Duration.ofMillis(-1), 1, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readTimeout");
    assertThatThrownBy(() -> new HttpSettings(null, Duration.ofSeconds(1), 1, false))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void the_size_limit_must_be_positive() {
    assertThatThrownBy(
            () -> new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxResponseBytes");
  }
}
