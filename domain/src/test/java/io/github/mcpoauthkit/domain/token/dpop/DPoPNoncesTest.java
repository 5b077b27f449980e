package io.github.mcpoauthkit.domain.token.dpop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DPoPNoncesTest {

  private static final Instant START = Instant.parse("2026-12-06T12:00:00Z");
  private static final Duration LIFETIME = Duration.ofSeconds(60);

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private final DPoPNonces nonces = new DPoPNonces(key(1), LIFETIME);

  @Test
  void a_nonce_is_the_same_within_its_window_and_changes_with_the_next() {
    String nonce = nonces.current(START);

    assertThat(nonces.current(START.plusSeconds(59))).isEqualTo(nonce);
    assertThat(nonces.current(START.plusSeconds(60))).isNotEqualTo(nonce);
    assertThat(nonce).matches("[A-Za-z0-9_-]{32}");
  }

  @Test
  void a_nonce_is_accepted_in_its_window_and_the_next_only() {
    String nonce = nonces.current(START);

    assertThat(nonces.accepts(nonce, START)).isTrue();
    assertThat(nonces.accepts(nonce, START.plusSeconds(119))).isTrue();
    assertThat(nonces.accepts(nonce, START.plusSeconds(120))).isFalse();
    assertThat(nonces.accepts(nonce, START.minusSeconds(1))).as("from the future").isFalse();
  }

  @Test
  void replicas_with_the_same_key_accept_each_others_nonces_and_others_do_not() {
    DPoPNonces replica = new DPoPNonces(key(1), LIFETIME);
    DPoPNonces stranger = new DPoPNonces(key(2), LIFETIME);

    assertThat(replica.accepts(nonces.current(START), START.plusSeconds(30))).isTrue();
    assertThat(stranger.accepts(nonces.current(START), START)).isFalse();
  }

  @Test
  void a_made_up_or_altered_nonce_is_refused() {
    String nonce = nonces.current(START);
    char last = nonce.charAt(nonce.length() - 1);
    String altered = nonce.substring(0, nonce.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertThat(nonces.accepts(altered, START)).isFalse();
    assertThat(nonces.accepts("", START)).isFalse();
    assertThat(nonces.accepts("é≠", START)).isFalse();
  }

  @Test
  void windows_asked_out_of_order_still_give_each_window_its_nonce() {
    String first = nonces.current(START);
    String second = nonces.current(START.plusSeconds(60));
    String third = nonces.current(START.plusSeconds(120));

    assertThat(nonces.current(START)).isEqualTo(first);
    assertThat(nonces.current(START.plusSeconds(60))).isEqualTo(second);
    assertThat(nonces.current(START.plusSeconds(120))).isEqualTo(third);
    assertThat(new DPoPNonces(key(1), LIFETIME).current(START.plusSeconds(60))).isEqualTo(second);
  }

  @Test
  void a_short_key_or_a_lifetime_out_of_range_is_refused() {
    assertThatThrownBy(() -> new DPoPNonces(new byte[31], LIFETIME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> new DPoPNonces(key(1), Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DPoPNonces(key(1), Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
