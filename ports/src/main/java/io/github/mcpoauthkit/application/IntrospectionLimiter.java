package io.github.mcpoauthkit.application;

import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.port.driven.IntrospectionResult;
import io.github.mcpoauthkit.port.driven.TokenIntrospector;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * A {@link TokenIntrospector} that lets at most {@link IntrospectionSettings#callsPerSecond()}
 * calls per second (a token bucket holding one second's worth) and {@link
 * IntrospectionSettings#maxConcurrent()} calls at once through to another. A call beyond either is
 * not queued, which would hold request threads and let a slow issuer pile them up, but answered
 * {@link IntrospectionResult.Reason#LIMITED} at once: the client gets 503 and retries. Thread-safe.
 */
final class IntrospectionLimiter implements TokenIntrospector {

  private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

  private final TokenIntrospector delegate;
  private final Clock clock;
  private final Semaphore inFlight;
  private final double capacity;
  private final double tokensPerMilli;
  private double tokens;
  private long refilledAtMillis;

  IntrospectionLimiter(TokenIntrospector delegate, Clock clock, IntrospectionSettings settings) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.inFlight = new Semaphore(settings.maxConcurrent());
    this.capacity = settings.callsPerSecond();
    this.tokensPerMilli = settings.callsPerSecond() / 1000.0;
    this.tokens = capacity;
    this.refilledAtMillis = clock.millis();
  }

  @Override
  public IntrospectionResult introspect(BearerToken token) {
    Objects.requireNonNull(token, "token");
    Duration wait = takeRateToken();
    if (!wait.isZero()) {
      return new IntrospectionResult.Unavailable(IntrospectionResult.Reason.LIMITED, wait);
    }
    if (!inFlight.tryAcquire()) {
      return new IntrospectionResult.Unavailable(IntrospectionResult.Reason.LIMITED, BUSY_RETRY);
    }
    try {
      return delegate.introspect(token);
    } finally {
      inFlight.release();
    }
  }

  /** Zero when a call may start now, else how long until one may (at least a second). */
  private synchronized Duration takeRateToken() {
    long now = clock.millis();
    long elapsed = now - refilledAtMillis;
    // A clock stepped back refills nothing and restarts the count from the new time.
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * tokensPerMilli);
    }
    refilledAtMillis = now;
    if (tokens >= 1) {
      tokens -= 1;
      return Duration.ZERO;
    }
    long millis = (long) Math.ceil((1 - tokens) / tokensPerMilli);
    return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
  }
}
