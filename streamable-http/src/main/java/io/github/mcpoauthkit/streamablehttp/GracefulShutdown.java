package io.github.mcpoauthkit.streamablehttp;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stop that loses nothing in a rolling restart, the same on every web server: first a drain, in
 * which every request is still served while load balancers take the replica out ({@code
 * /health/ready} answers 503, every answer carries {@code Connection: close}); then the web server
 * stops accepting connections, the event streams that only listen end, and the requests in flight
 * get up to the timeout to finish; at that bound the event streams still open end too, cleanly, as
 * an event stream ends, and the web server cuts off what is left {@link #CUTOFF_MARGIN} later. See
 * {@link Lifecycle} for what each phase answers. One line is logged per phase.
 *
 * <p>Thread-safe: {@link #stop} runs once, and a second call waits until the first is done; {@link
 * #endDrain} may come from any thread.
 */
public final class GracefulShutdown {

  /**
   * How long after the timeout the web server cuts off the requests still running: the handler ends
   * the event streams still open at the timeout, and they need a moment to leave cleanly.
   */
  public static final Duration CUTOFF_MARGIN = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  private final ResourceServerHandler handler;
  private final WebServerFactory.RunningServer server;
  private final Duration timeout;
  private final CountDownLatch drainEnded = new CountDownLatch(1);
  private boolean stopped;

  /**
   * @param handler the handler {@code server} serves
   * @param server the web server, started with a shutdown grace of {@link #webServerGrace} of
   *     {@code timeout}
   * @param timeout how long requests in flight get to finish once accepting has stopped; zero or
   *     positive
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public GracefulShutdown(
      ResourceServerHandler handler, WebServerFactory.RunningServer server, Duration timeout) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.server = Objects.requireNonNull(server, "server");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
    }
  }

  /**
   * The grace to start the web server with, so that it cuts off requests only after the handler has
   * ended the event streams still open at {@code timeout}: {@code timeout} plus {@link
   * #CUTOFF_MARGIN}.
   */
  public static Duration webServerGrace(Duration timeout) {
    return timeout.plus(CUTOFF_MARGIN);
  }

  /**
   * Drains for {@code drain} (none when zero), then stops: the web server stops accepting, the
   * listening event streams end, the requests in flight get up to the timeout, then every stream
   * still open ends and the web server stops. Returns once it has stopped; a second call waits for
   * the first and returns.
   *
   * @param drain how long every request is still served while {@code /health/ready} answers 503
   */
  public synchronized void stop(Duration drain) {
    if (stopped) {
      return;
    }
    stopped = true;
    Lifecycle lifecycle = handler.lifecycle();
    long start = System.nanoTime();
    try {
      if (!drain.isZero() && !drain.isNegative()) {
        lifecycle.drain();
        LOG.info(
            "Draining for {}: every request is still served, with Connection: close, while"
                + " /health/ready answers 503 so that load balancers take this replica out",
            text(drain));
        if (drainEnded.await(drain.toNanos(), TimeUnit.NANOSECONDS)) {
          LOG.info("Drain ended early, after {}", text(since(start)));
        }
      }
      int inFlight = lifecycle.inFlight();
      Thread closing = new Thread(server::close, "mcp-oauth-kit-web-server-stop");
      closing.setDaemon(true);
      int listening = lifecycle.stop();
      closing.start();
      long closeStart = System.nanoTime();
      if (inFlight == 0) {
        LOG.info("Closing the listener, no new connections; no request in flight");
      } else {
        LOG.info(
            "Closing the listener, no new connections; {} in flight ({} of them listening event"
                + " streams, ended now), waiting up to {} for the others",
            requests(inFlight),
            listening,
            text(timeout));
      }
      // Waited for even when none was in flight: one may have slipped in as the phase changed.
      if (!lifecycle.awaitIdle(timeout)) {
        LOG.warn(
            "{} still in flight after {}: event streams among them end now, the web server cuts"
                + " off any other within {}",
            requests(lifecycle.inFlight()),
            text(timeout),
            text(CUTOFF_MARGIN));
      } else if (inFlight > 0) {
        LOG.info("{} in flight finished, in {}", requests(inFlight), text(since(closeStart)));
      }
      handler.shutdown();
      // The web server returns within its grace; waiting a margin longer only guards against a
      // web server that does not.
      Duration bound = webServerGrace(timeout).plus(CUTOFF_MARGIN).minus(since(closeStart));
      if (!bound.isNegative() && !bound.isZero()) {
        closing.join(Math.max(1, bound.toMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handler.shutdown();
    }
  }

  /**
   * Ends a drain in progress at once (an operator's second signal); the stop goes on as {@link
   * #stop} says. Without effect when no drain is running.
   */
  public void endDrain() {
    drainEnded.countDown();
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static String requests(int count) {
    return count == 1 ? "1 request" : count + " requests";
  }

  /** {@code 5s}, {@code 1.5s}, {@code 250ms}, {@code 10m}: as durations are written in settings. */
  static String text(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }
}
