package io.github.mcpoauthkit.adapter.helidon;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Closes a connection whose header section has not arrived within {@code timeout} of its request
 * line (slowloris). Helidon 4.5.0 times only connections that wait for a request line, and its read
 * timeout applies to its clients, not to the connections it accepts; this listener, registered as
 * an HTTP/1 receive listener, notes the request line's arrival and forgets it when the headers have
 * been read, and a sweeper closes the sockets whose deadline has passed. Each request costs a map
 * insertion and removal. Thread-safe.
 */
final class HeaderSectionTimeout implements Http1ConnectionListener, AutoCloseable {

  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private final Map<ConnectionContext, Long> deadlines = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;

  private HeaderSectionTimeout(Duration timeout, LongSupplier nanoTime, boolean sweep) {
    this.timeoutNanos = timeout.toNanos();
    this.nanoTime = nanoTime;
    if (sweep) {
      this.sweeper =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "mcp-header-section-timeout");
                thread.setDaemon(true);
                return thread;
              });
      long period = HelidonMcpServer.checkPeriod(timeout).toNanos();
      sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
    } else {
      this.sweeper = null;
    }
  }

  /**
   * A listener whose sweeper looks every {@linkplain HelidonMcpServer#checkPeriod quarter of {@code
   * timeout}}, so a stalled connection is closed within 1.25 times the timeout.
   *
   * @param timeout positive
   */
  static HeaderSectionTimeout start(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return new HeaderSectionTimeout(timeout, System::nanoTime, true);
  }

  /** For tests: no sweeper thread; {@link #sweep()} is called by hand on {@code nanoTime}. */
  static HeaderSectionTimeout manual(Duration timeout, LongSupplier nanoTime) {
    return new HeaderSectionTimeout(timeout, nanoTime, false);
  }

  @Override
  public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
    deadlines.put(ctx, nanoTime.getAsLong() + timeoutNanos);
  }

  @Override
  public void headers(ConnectionContext ctx, Headers headers) {
    deadlines.remove(ctx);
  }

  /** Closes the connections whose header section is overdue; says how many. */
  int sweep() {
    long now = nanoTime.getAsLong();
    int closed = 0;
    for (Map.Entry<ConnectionContext, Long> entry : deadlines.entrySet()) {
      if (now - entry.getValue() >= 0 && deadlines.remove(entry.getKey(), entry.getValue())) {
        try {
          // Fails the connection's blocked read, which ends it; closing twice is harmless.
          entry.getKey().serverSocket().close();
        } catch (RuntimeException e) {
          // Already gone; an exception here must not stop the sweeps that follow.
        }
        closed++;
      }
    }
    return closed;
  }

  /** Connections whose header section is awaited now. */
  int pending() {
    return deadlines.size();
  }

  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    deadlines.clear();
  }
}
