package io.github.mcpoauthkit.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.mcpoauthkit.port.driven.ReplayCache.Use;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BoundedReplayCacheTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  private static byte[] digest(long n) {
    return ByteBuffer.allocate(16).putLong(n).putLong(~n).array();
  }

  @Test
  void a_proof_is_first_once_and_replayed_within_its_window() {
    BoundedReplayCache cache = new BoundedReplayCache(10);

    assertThat(cache.markUsed(digest(1), NOW.plusSeconds(60), NOW)).isEqualTo(Use.FIRST);
    assertThat(cache.markUsed(digest(1), NOW.plusSeconds(60), NOW.plusSeconds(30)))
        .isEqualTo(Use.REPLAYED);
    assertThat(cache.markUsed(digest(1), NOW.plusSeconds(60), NOW.plusSeconds(60)))
        .isEqualTo(Use.REPLAYED);
    assertThat(cache.markUsed(digest(2), NOW.plusSeconds(60), NOW)).isEqualTo(Use.FIRST);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void after_its_window_a_digest_may_be_used_again() {
    BoundedReplayCache cache = new BoundedReplayCache(10);
    cache.markUsed(digest(1), NOW.plusSeconds(60), NOW);

    assertThat(cache.markUsed(digest(1), NOW.plusSeconds(200), NOW.plusSeconds(61)))
        .isEqualTo(Use.FIRST);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void a_full_cache_says_so_and_never_forgets_a_proof_within_its_window() {
    BoundedReplayCache cache = new BoundedReplayCache(3);
    for (int i = 0; i < 3; i++) {
      assertThat(cache.markUsed(digest(i), NOW.plusSeconds(60), NOW)).isEqualTo(Use.FIRST);
    }

    assertThat(cache.markUsed(digest(9), NOW.plusSeconds(60), NOW.plusSeconds(1)))
        .isEqualTo(Use.FULL);
    assertThat(cache.markUsed(digest(0), NOW.plusSeconds(60), NOW.plusSeconds(2)))
        .isEqualTo(Use.REPLAYED);
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void a_full_cache_sweeps_the_entries_a_minute_past_their_window() {
    BoundedReplayCache cache = new BoundedReplayCache(3);
    cache.markUsed(digest(0), NOW.plusSeconds(10), NOW);
    cache.markUsed(digest(1), NOW.plusSeconds(10), NOW);
    cache.markUsed(digest(2), NOW.plusSeconds(100), NOW);

    assertThat(cache.markUsed(digest(3), NOW.plusSeconds(200), NOW.plusSeconds(20)))
        .as("10 s past their time: kept, in case the clock steps back")
        .isEqualTo(Use.FULL);
    assertThat(cache.markUsed(digest(3), NOW.plusSeconds(200), NOW.plusSeconds(71)))
        .isEqualTo(Use.FIRST);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.markUsed(digest(2), NOW.plusSeconds(100), NOW.plusSeconds(72)))
        .isEqualTo(Use.REPLAYED);
  }

  @Test
  void a_wall_clock_stepped_back_after_a_sweep_does_not_let_a_replay_through() {
    BoundedReplayCache cache = new BoundedReplayCache(2);
    cache.markUsed(digest(0), NOW.plusSeconds(60), NOW);
    cache.markUsed(digest(1), NOW.plusSeconds(300), NOW);
    // Full at 90 s: the sweep keeps digest 0, only 30 s past its time.
    assertThat(cache.markUsed(digest(2), NOW.plusSeconds(300), NOW.plusSeconds(90)))
        .isEqualTo(Use.FULL);

    // The clock steps back 40 s: the proof of digest 0 is within its window again.
    assertThat(cache.markUsed(digest(0), NOW.plusSeconds(60), NOW.plusSeconds(50)))
        .isEqualTo(Use.REPLAYED);
  }

  @Test
  void of_two_threads_sending_the_same_proof_exactly_one_is_first() throws Exception {
    for (int round = 0; round < 200; round++) {
      BoundedReplayCache cache = new BoundedReplayCache(100);
      ConcurrentLinkedQueue<Use> uses = new ConcurrentLinkedQueue<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    start.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                  uses.add(cache.markUsed(digest(7), NOW.plusSeconds(60), NOW));
                });
        thread.start();
        threads.add(thread);
      }
      start.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(uses).hasSize(4);
      assertThat(uses.stream().filter(use -> use == Use.FIRST)).hasSize(1);
      assertThat(cache.size()).isEqualTo(1);
    }
  }

  @Test
  void refuses_a_digest_of_another_size_and_an_empty_bound() {
    BoundedReplayCache cache = new BoundedReplayCache(1);

    assertThatIllegalArgumentException().isThrownBy(() -> cache.markUsed(new byte[32], NOW, NOW));
    assertThatIllegalArgumentException().isThrownBy(() -> new BoundedReplayCache(0));
  }
}
