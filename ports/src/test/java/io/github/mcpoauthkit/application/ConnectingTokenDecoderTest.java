package io.github.mcpoauthkit.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mcpoauthkit.application.ConnectingTokenDecoder.Backoff;
import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.port.driven.DecodeResult;
import io.github.mcpoauthkit.port.driven.IssuerMetadataException;
import io.github.mcpoauthkit.port.driving.AuthenticationRequest;
import io.github.mcpoauthkit.testing.InMemoryTokenDecoder;
import io.github.mcpoauthkit.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectingTokenDecoderTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final Issuer ISSUER = new Issuer("https://b.example");
  private static final String RESOURCE = "https://mcp.example/mcp";

  private final MutableClock clock = new MutableClock(NOW);
  private final ManualScheduler scheduler = new ManualScheduler();
  private final InMemoryTokenDecoder keys = new InMemoryTokenDecoder("key-b");
  private final List<String> told = new ArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();

  private final ConnectingTokenDecoder.Listener listener =
      new ConnectingTokenDecoder.Listener() {
        @Override
        public void attemptFailed(int failures, RuntimeException cause, Duration nextAttemptIn) {
          told.add(
              "failed " + failures + " (" + cause.getMessage() + "), next in " + nextAttemptIn);
        }

        @Override
        public void connected(int failures) {
          told.add("connected after " + failures);
        }
      };

  /** The issuer is down until {@code upFrom} attempts have been made. */
  private ConnectingTokenDecoder.Connector issuerUpFromAttempt(int upFrom) {
    return () -> {
      if (attempts.incrementAndGet() < upFrom) {
        throw new IssuerMetadataException("connection refused");
      }
      return keys;
    };
  }

  private ConnectingTokenDecoder decoder(ConnectingTokenDecoder.Connector connector) {
    // Random 0: no jitter taken off, so the waits are the bounded doubling itself.
    return ConnectingTokenDecoder.retrying(
        connector, Backoff.DEFAULT, scheduler, clock, () -> 0.0, listener);
  }

  private String token() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER.value());
    claims.put("sub", "alice");
    claims.put("aud", RESOURCE);
    claims.put("exp", NOW.plusSeconds(600).getEpochSecond());
    return keys.issue(claims);
  }

  @Test
  void until_an_attempt_succeeds_every_token_is_undecided_with_retry_after_the_next_attempt() {
    ConnectingTokenDecoder decoder = decoder(issuerUpFromAttempt(1));

    DecodeResult first = decoder.decode(new BearerToken(token()));
    clock.advance(Duration.ofMillis(400));
    DecodeResult later = decoder.decode(new BearerToken(token()));

    assertThat(first)
        .isEqualTo(
            new DecodeResult.Undecided(ConnectingTokenDecoder.UNAVAILABLE, Duration.ofSeconds(1)));
    assertThat(((DecodeResult.Undecided) later).retryAfter())
        .as("never below one second")
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(decoder.currentKeys()).isEmpty();
    assertThat(decoder.connected()).isEmpty();
    assertThat(attempts).as("decoding never connects").hasValue(0);
    assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void the_service_in_front_answers_pending_tokens_503_and_no_credentials_401_as_always() {
    TokenVerificationService service =
        new TokenVerificationService(
            decoder(issuerUpFromAttempt(1)),
            ValidationPolicy.forIssuer(ISSUER).withAudiences(Set.of(new Audience(RESOURCE))),
            clock,
            CacheSettings.DEFAULT);

    Verdict pending = service.authenticate(AuthenticationRequest.bearer(token()));
    Verdict none = service.authenticate(AuthenticationRequest.ofHeaders(List.of()));

    assertThat(pending).isInstanceOf(Verdict.Undecided.class);
    assertThat(((Verdict.Rejected) none).rejection().code())
        .isEqualTo(RejectionCode.NO_CREDENTIALS);
  }

  @Test
  void once_an_attempt_succeeds_tokens_are_decoded_with_the_issuers_keys_and_attempts_stop() {
    ConnectingTokenDecoder decoder = decoder(issuerUpFromAttempt(3));
    String token = token();

    scheduler.runNext();
    scheduler.runNext();
    DecodeResult stillDown = decoder.decode(new BearerToken(token));
    scheduler.runNext();
    DecodeResult up = decoder.decode(new BearerToken(token));

    assertThat(stillDown).isInstanceOf(DecodeResult.Undecided.class);
    assertThat(up).isInstanceOf(DecodeResult.Decoded.class);
    assertThat(decoder.connected()).containsSame(keys);
    assertThat(decoder.currentKeys()).isEqualTo(keys.currentKeys()).isNotEmpty();
    assertThat(told)
        .containsExactly(
            "failed 2 (connection refused), next in PT2S",
            "failed 3 (connection refused), next in PT4S",
            "connected after 3");
    assertThat(scheduler.pending()).as("no attempt after the success").isZero();
  }

  @Test
  void failed_attempts_wait_twice_as_long_each_time_up_to_thirty_seconds() {
    decoder(issuerUpFromAttempt(Integer.MAX_VALUE));

    for (int i = 0; i < 9; i++) {
      scheduler.runNext();
    }

    assertThat(scheduler.delays())
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
    assertThat(scheduler.pending()).as("one attempt scheduled at a time").isOne();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 6, 40, 62, 63, 64, Integer.MAX_VALUE})
  void jitter_shortens_a_wait_by_at_most_its_share_and_never_lengthens_it(int failures) {
    Backoff backoff = Backoff.DEFAULT;
    Duration none = backoff.delay(failures, 0.0);
    Duration most = backoff.delay(failures, Math.nextDown(1.0));

    assertThat(none).isLessThanOrEqualTo(Duration.ofSeconds(30)).isPositive();
    assertThat(most).isGreaterThan(none.dividedBy(2).minusNanos(1)).isLessThanOrEqualTo(none);
    assertThat(backoff.delay(failures, 0.5)).isStrictlyBetween(most, none);
  }

  @Test
  void a_backoff_must_be_bounded_and_its_jitter_a_share() {
    Duration second = Duration.ofSeconds(1);

    assertThatThrownBy(() -> new Backoff(Duration.ZERO, second, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(second.multipliedBy(2), second, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(second, second, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.DEFAULT.delay(0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void close_cancels_the_next_attempt_and_closes_the_scheduler() {
    ConnectingTokenDecoder decoder = decoder(issuerUpFromAttempt(1));

    decoder.close();
    scheduler.runAnyway();
    decoder.close();

    assertThat(attempts).as("no attempt after close").hasValue(0);
    assertThat(scheduler.cancelled()).isOne();
    assertThat(scheduler.closed()).isOne();
    assertThat(decoder.decode(new BearerToken(token()))).isInstanceOf(DecodeResult.Undecided.class);
  }

  @Test
  void the_daemon_scheduler_runs_on_a_daemon_thread_and_stops_when_closed() throws Exception {
    ConnectingTokenDecoder.Scheduler daemon =
        ConnectingTokenDecoder.Scheduler.daemonThread("issuer-b-connector");
    CompletableFuture<Thread> ran = new CompletableFuture<>();

    daemon.schedule(() -> ran.complete(Thread.currentThread()), Duration.ZERO);
    Thread thread = ran.get(10, java.util.concurrent.TimeUnit.SECONDS);
    daemon.close();

    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getName()).isEqualTo("issuer-b-connector");
    thread.join(10_000);
    assertThat(thread.isAlive()).isFalse();
  }

  /** Runs scheduled tasks when the test says, recording each delay; no thread, no sleep. */
  private static final class ManualScheduler implements ConnectingTokenDecoder.Scheduler {

    private final List<Duration> delays = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();
    private final List<CompletableFuture<Void>> futures = new ArrayList<>();
    private int closed;

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
      delays.add(delay);
      tasks.add(task);
      CompletableFuture<Void> future = new CompletableFuture<>();
      futures.add(future);
      return future;
    }

    @Override
    public void close() {
      closed++;
    }

    /** Runs the oldest task not yet run or cancelled. */
    void runNext() {
      run(() -> futures.stream().filter(f -> !f.isDone()).findFirst().orElseThrow());
    }

    /** Runs the last task even if it was cancelled, as a task already started would. */
    void runAnyway() {
      int last = tasks.size() - 1;
      tasks.get(last).run();
    }

    private void run(Supplier<CompletableFuture<Void>> next) {
      CompletableFuture<Void> future = next.get();
      future.complete(null);
      tasks.get(futures.indexOf(future)).run();
    }

    List<Duration> delays() {
      return delays;
    }

    long pending() {
      return futures.stream().filter(f -> !f.isDone()).count();
    }

    long cancelled() {
      return futures.stream().filter(CompletableFuture::isCancelled).count();
    }

    int closed() {
      return closed;
    }
  }
}
