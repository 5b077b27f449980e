package io.github.mcpoauthkit.application;

import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.KeyId;
import io.github.mcpoauthkit.port.driven.DecodeResult;
import io.github.mcpoauthkit.port.driven.TokenDecoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The keys of an issuer that could not be reached at startup ({@code OAUTH_START_DEGRADED}): a
 * {@link TokenDecoder} that answers every token {@link DecodeResult.Undecided} (503 with {@code
 * Retry-After}, never 401 and never accepted) until an attempt in the background connects to the
 * issuer, and from then on hands every token to the decoder that attempt made, without a restart.
 *
 * <p>It stands where the issuer's decoder would, behind the issuer's own {@link
 * TokenVerificationService}, so every check that needs no key (no credentials, a malformed header,
 * DPoP rules, another issuer's tokens) answers as it would with the issuer up; only what needs the
 * keys waits. Attempts are retried with a bounded exponential backoff with jitter ({@link
 * Backoff}); after the first success none is made again, the connected decoder refreshes its own
 * keys.
 *
 * <p>Thread-safe: tokens are decoded on any thread while attempts run on the {@link Scheduler}'s;
 * the connected decoder is swapped in by one volatile write.
 */
public final class ConnectingTokenDecoder implements TokenDecoder, AutoCloseable {

  static final String UNAVAILABLE = "The issuer of this token is not reachable yet; retry later";

  private final Connector connector;
  private final Backoff backoff;
  private final Scheduler scheduler;
  private final Clock clock;
  private final DoubleSupplier random;
  private final Listener listener;

  private volatile TokenDecoder connected;
  private volatile Instant nextAttempt;
  private int failures = 1;
  private boolean closed;
  private Future<?> scheduled = CompletableFuture.completedFuture(null);

  private ConnectingTokenDecoder(
      Connector connector,
      Backoff backoff,
      Scheduler scheduler,
      Clock clock,
      DoubleSupplier random,
      Listener listener) {
    this.connector = Objects.requireNonNull(connector, "connector");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nextAttempt = clock.instant();
  }

  /**
   * After a first attempt to connect failed: schedules the next one, {@link Backoff#delay} {@code
   * (1, random)} from now, and the ones after it until one succeeds or this is closed.
   *
   * @param connector connects to the issuer; called on the scheduler's thread only
   * @param backoff how long to wait after each failure
   * @param scheduler runs the attempts; closed with this
   * @param clock for {@code Retry-After}
   * @param random uniform in {@code [0, 1)}, for the jitter
   * @param listener told of each later attempt's outcome, on the scheduler's thread
   * @throws NullPointerException if an argument is null
   */
  public static ConnectingTokenDecoder retrying(
      Connector connector,
      Backoff backoff,
      Scheduler scheduler,
      Clock clock,
      DoubleSupplier random,
      Listener listener) {
    ConnectingTokenDecoder decoder =
        new ConnectingTokenDecoder(connector, backoff, scheduler, clock, random, listener);
    decoder.scheduleNext(backoff.delay(1, random.getAsDouble()));
    return decoder;
  }

  /**
   * Decodes with the connected decoder; before it is connected, {@link DecodeResult.Undecided} with
   * {@code retryAfter} the time until the next attempt, at least one second.
   */
  @Override
  public DecodeResult decode(BearerToken token) {
    Objects.requireNonNull(token, "token");
    TokenDecoder decoder = connected;
    if (decoder != null) {
      return decoder.decode(token);
    }
    Duration wait = Duration.between(clock.instant(), nextAttempt);
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return new DecodeResult.Undecided(UNAVAILABLE, Duration.ofSeconds(seconds));
  }

  /** The connected decoder's keys; none before it is connected. */
  @Override
  public Set<KeyId> currentKeys() {
    TokenDecoder decoder = connected;
    return decoder == null ? Set.of() : decoder.currentKeys();
  }

  /** The decoder an attempt made, once one succeeded. */
  public Optional<TokenDecoder> connected() {
    return Optional.ofNullable(connected);
  }

  /**
   * Stops the attempts: none starts after this returns (one under way may still finish and
   * connect), and the scheduler is closed. Tokens are still answered as before. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      scheduled.cancel(false);
    }
    scheduler.close();
  }

  private void attempt() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    TokenDecoder made;
    try {
      made = Objects.requireNonNull(connector.connect(), "connector.connect()");
    } catch (RuntimeException e) {
      int failed;
      synchronized (this) {
        failed = ++failures;
      }
      Duration wait = backoff.delay(failed, random.getAsDouble());
      scheduleNext(wait);
      listener.attemptFailed(failed, e, wait);
      return;
    }
    connected = made;
    int failed;
    synchronized (this) {
      failed = failures;
    }
    listener.connected(failed);
  }

  private synchronized void scheduleNext(Duration wait) {
    if (closed) {
      return;
    }
    nextAttempt = clock.instant().plus(wait);
    scheduled = scheduler.schedule(this::attempt, wait);
  }

  /** Connects to the issuer: its discovery, then its keys. */
  @FunctionalInterface
  public interface Connector {
    /**
     * @return a decoder holding the issuer's keys
     * @throws RuntimeException when the issuer cannot be reached now; the attempt is retried
     */
    TokenDecoder connect();
  }

  /** Told of each attempt after the first, on the scheduler's thread; must not throw. */
  public interface Listener {
    /**
     * An attempt failed.
     *
     * @param failures how many attempts failed so far, the first (at startup) included
     * @param cause why this one failed
     * @param nextAttemptIn when the next one starts
     */
    void attemptFailed(int failures, RuntimeException cause, Duration nextAttemptIn);

    /**
     * An attempt succeeded: tokens are decoded with the issuer's keys from now on.
     *
     * @param failures how many attempts failed before it
     */
    void connected(int failures);
  }

  /** Runs the attempts later, one at a time. Implementations must be thread-safe. */
  public interface Scheduler extends AutoCloseable {
    /**
     * Runs {@code task} once, {@code delay} from now.
     *
     * @return cancels the task if it has not started
     */
    Future<?> schedule(Runnable task, Duration delay);

    /** Runs no more tasks; one under way is interrupted. */
    @Override
    void close();

    /**
     * On a daemon thread of its own named {@code name}, so that it never keeps the JVM alive.
     *
     * @throws NullPointerException if {@code name} is null
     */
    static Scheduler daemonThread(String name) {
      Objects.requireNonNull(name, "name");
      ScheduledExecutorService executor =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
              });
      return new Scheduler() {
        @Override
        public Future<?> schedule(Runnable task, Duration delay) {
          return executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
          executor.shutdownNow();
        }
      };
    }
  }

  /**
   * How long to wait after the {@code n}th failed attempt: {@code initial} doubled {@code n - 1}
   * times, at most {@code max}, then shortened by up to {@code jitter} of itself at random, so that
   * replicas started together do not call the issuer together.
   *
   * @param initial the wait after the first failure
   * @param max the longest wait
   * @param jitter the largest share taken off at random, in {@code [0, 1)}
   */
  public record Backoff(Duration initial, Duration max, double jitter) {

    /** 1 s doubling to 30 s, each wait between half and all of that. */
    public static final Backoff DEFAULT =
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5);

    /**
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if {@code initial} is not positive, {@code max} is shorter
     *     than {@code initial}, or {@code jitter} is outside {@code [0, 1)}
     */
    public Backoff {
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(max, "max");
      if (initial.isNegative() || initial.isZero()) {
        throw new IllegalArgumentException("initial must be positive");
      }
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max must be at least initial");
      }
      if (!(jitter >= 0 && jitter < 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1)");
      }
    }

    /**
     * The wait after the {@code failures}th failed attempt.
     *
     * @param failures how many attempts failed so far, at least 1
     * @param random uniform in {@code [0, 1)}
     * @return between {@code (1 - jitter)} times and once the bounded doubling, and never above
     *     {@code max}
     * @throws IllegalArgumentException if {@code failures} is below 1 or {@code random} outside
     *     {@code [0, 1)}
     */
    public Duration delay(int failures, double random) {
      if (failures < 1) {
        throw new IllegalArgumentException("failures must be at least 1");
      }
      if (!(random >= 0 && random < 1)) {
        throw new IllegalArgumentException("random must be in [0, 1)");
      }
      int doublings = failures - 1;
      // initial * 2^doublings <= max without overflowing on the way.
      long nanos =
          doublings < 62 && initial.toNanos() <= max.toNanos() >> doublings
              ? initial.toNanos() << doublings
              : max.toNanos();
      return Duration.ofNanos(nanos - (long) (nanos * jitter * random));
    }
  }
}
