package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RejectionLogTest {

  @Test
  void a_flood_is_logged_at_most_the_limit_per_second_and_logging_resumes_next_second() {
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    RejectionLog log = new RejectionLog(20, nanos::get);

    int admitted = 0;
    for (int i = 0; i < 10_000; i++) {
      if (log.admit()) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(20);

    nanos.addAndGet(1_000_000_000L);
    assertThat(log.admit()).isTrue();
  }
}
