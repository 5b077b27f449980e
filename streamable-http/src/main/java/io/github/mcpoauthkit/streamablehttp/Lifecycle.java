package io.github.mcpoauthkit.streamablehttp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Where the server stands in a rolling restart, and what that means for each answer: every decision
 * of a graceful stop, made once for all web servers. {@link GracefulShutdown} moves it through its
 * phases; {@link ResourceServerHandler} asks it about each request.
 *
 * <ul>
 *   <li>{@link Phase#SERVING}: as usual.
 *   <li>{@link Phase#DRAINING}: every request is still served as usual, so that a load balancer
 *       that sends during its health-check interval sees no failure; but {@code /health/ready}
 *       answers 503 with {@code {"status":"DOWN","draining":true}}, so that it takes the replica
 *       out, and every answer carries {@code Connection: close}, so that keep-alive clients
 *       reconnect, through the balancer, to another replica. {@code /health} stays 200: the process
 *       is alive.
 *   <li>{@link Phase#STOPPING}: the web server accepts no connections; a request still arriving on
 *       a connection open from before is not new work this replica takes on: a request to the MCP
 *       endpoint gets 503 with {@code Retry-After}, the rest is answered as while draining.
 *       Requests in flight go on, and {@link #awaitIdle} waits for them.
 * </ul>
 *
 * <p>Counts the requests in flight. Thread-safe.
 */
final class Lifecycle {

  private static final Map<String, String> CONNECTION_CLOSE = Map.of("Connection", "close");

  /** The phases, in the only order they are entered. */
  enum Phase {
    SERVING,
    DRAINING,
    STOPPING
  }

  /** {@code /health/ready} from the start of a drain on. */
  static final ReadinessCheck.Readiness DRAINING_READINESS =
      new ReadinessCheck.Readiness(false, Map.of("draining", true));

  /** What a new request to the MCP endpoint gets once the server is stopping. */
  static final HttpAnswer STOPPING_ANSWER =
      StreamableHttpTransportProvider.withHeaders(
          JsonRpc.error(
              503,
              JsonRpc.SERVER_ERROR,
              "The server is shutting down; retry, another replica will answer"),
          Map.of("Retry-After", "1", "Connection", "close"));

  private final AtomicInteger inFlight = new AtomicInteger();
  private final Object idle = new Object();
  private final List<IntSupplier> listeningStreams;
  private volatile Phase phase = Phase.SERVING;

  /**
   * @param listeningStreams each ends the event streams of one transport that only listen (a legacy
   *     session's GET stream, {@code subscriptions/listen}), which no request's end would close,
   *     and says how many it ended
   */
  Lifecycle(List<IntSupplier> listeningStreams) {
    this.listeningStreams = List.copyOf(listeningStreams);
  }

  Phase phase() {
    return phase;
  }

  /** Enters {@link Phase#DRAINING}, unless a later phase has begun. */
  void drain() {
    synchronized (idle) {
      if (phase == Phase.SERVING) {
        phase = Phase.DRAINING;
      }
    }
  }

  /**
   * Enters {@link Phase#STOPPING} and ends every listening event stream, cleanly: its response ends
   * as an event stream ends, not with a reset.
   *
   * @return how many listening streams were ended
   */
  int stop() {
    synchronized (idle) {
      phase = Phase.STOPPING;
    }
    int ended = 0;
    for (IntSupplier streams : listeningStreams) {
      ended += streams.getAsInt();
    }
    return ended;
  }

  /** The readiness to report: the check's while serving, {@link #DRAINING_READINESS} after. */
  ReadinessCheck.Readiness readiness(ReadinessCheck check) {
    return phase == Phase.SERVING ? check.check() : DRAINING_READINESS;
  }

  /** Whether a new request to the MCP endpoint is refused ({@link #STOPPING_ANSWER}). */
  boolean refusesNewWork() {
    return phase == Phase.STOPPING;
  }

  /**
   * The channel to answer a request arriving now on: {@code response} itself while serving, and
   * from the drain on one that adds {@code Connection: close} to every answer.
   */
  HttpResponseChannel channel(HttpResponseChannel response) {
    return phase == Phase.SERVING ? response : new HeaderAddingChannel(response, CONNECTION_CLOSE);
  }

  void requestStarted() {
    inFlight.incrementAndGet();
  }

  void requestEnded() {
    if (inFlight.decrementAndGet() == 0 && phase == Phase.STOPPING) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** How many requests are being answered now, event streams included. */
  int inFlight() {
    return inFlight.get();
  }

  /**
   * Waits until no request is in flight, for at most {@code timeout}; meant for {@link
   * Phase#STOPPING}, when no new request is taken on.
   *
   * @return whether none is left
   * @throws InterruptedException if interrupted while waiting
   */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (inFlight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }
}
