package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeaderSectionTimeoutSettingTest {

  @Test
  void a_header_section_gets_30_s_unless_the_idle_timeout_is_shorter() {
    assertThat(ResourceServerSettings.headerSectionTimeout(Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(ResourceServerSettings.headerSectionTimeout(Duration.ofSeconds(30)))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(ResourceServerSettings.headerSectionTimeout(Duration.ofSeconds(3)))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void an_idle_timeout_that_is_not_positive_is_refused() {
    assertThatThrownBy(() -> ResourceServerSettings.headerSectionTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("idleTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> ResourceServerSettings.headerSectionTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
