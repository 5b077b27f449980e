package io.github.mcpoauthkit.adapter.helidon;

import io.github.mcpoauthkit.streamablehttp.ListenException;
import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The protected MCP server on the Helidon SE 4 webserver: one listener, every route answered by the
 * {@link ResourceServerHandler}, request header sections limited to {@code maxHeaderBytes}, and a
 * connection that carries no request for the idle timeout closed (checked every quarter of it, so
 * closed within 1.25 times the timeout; a request in progress is let finish first), and so is one
 * whose header section does not follow its request line within {@link
 * ResourceServerSettings#headerSectionTimeout} ({@link HeaderSectionTimeout}).
 */
public final class HelidonMcpServer implements WebServerFactory.RunningServer {

  /** How long {@link #close()} waits for requests in flight unless started with a grace. */
  public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  private static final Duration MIN_CHECK_PERIOD = Duration.ofMillis(100);

  private final WebServer server;
  private final HeaderSectionTimeout headerSectionTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HelidonMcpServer(WebServer server, HeaderSectionTimeout headerSectionTimeout) {
    this.server = server;
    this.headerSectionTimeout = headerSectionTimeout;
  }

  /**
   * Starts a server on {@code host}:{@code port} (0 for an ephemeral port) that closes connections
   * idle for {@link ResourceServerSettings#DEFAULT_CONNECTION_IDLE_TIMEOUT}.
   *
   * @param maxHeaderBytes the largest request header section accepted
   */
  public static HelidonMcpServer start(
      ResourceServerHandler handler, String host, int port, int maxHeaderBytes) {
    return start(
        handler,
        host,
        port,
        maxHeaderBytes,
        ResourceServerSettings.DEFAULT_CONNECTION_IDLE_TIMEOUT);
  }

  /**
   * Starts a server on {@code host}:{@code port} (0 for an ephemeral port).
   *
   * @param maxHeaderBytes the largest request header section accepted
   * @param idleTimeout how long a connection may carry no request before it is closed; positive
   * @throws ListenException if it cannot listen on {@code host:port}
   */
  public static HelidonMcpServer start(
      ResourceServerHandler handler,
      String host,
      int port,
      int maxHeaderBytes,
      Duration idleTimeout) {
    return start(handler, host, port, maxHeaderBytes, idleTimeout, SHUTDOWN_GRACE);
  }

  /**
   * As above, letting requests in flight finish for {@code shutdownGrace} on {@link #close()}.
   *
   * @param shutdownGrace how long a close waits for requests in flight; zero or positive
   */
  public static HelidonMcpServer start(
      ResourceServerHandler handler,
      String host,
      int port,
      int maxHeaderBytes,
      Duration idleTimeout,
      Duration shutdownGrace) {
    Objects.requireNonNull(handler, "handler");
    HeaderSectionTimeout headerSectionTimeout =
        HeaderSectionTimeout.start(ResourceServerSettings.headerSectionTimeout(idleTimeout));
    WebServer server;
    try {
      server =
          WebServer.builder()
              .host(host)
              .port(port)
              .shutdownGracePeriod(shutdownGrace)
              // Whoever started the server stops it: Helidon's own JVM shutdown hook would stop it
              // at once on SIGTERM, cutting short the drain of a graceful stop.
              .shutdownHook(false)
              .idleConnectionTimeout(idleTimeout)
              // Helidon looks for idle connections every idleConnectionPeriod (2 minutes by
              // default), which would let a connection outlive a short timeout by that much.
              .idleConnectionPeriod(checkPeriod(idleTimeout))
              // Events and answers leave as soon as they are written: without TCP_NODELAY a small
              // write after another waits for the client's delayed ACK (40 ms on Linux).
              .connectionOptions(options -> options.tcpNoDelay(true))
              // Only the HTTP/1 configured here, not also the one Helidon discovers: with two
              // candidates Helidon reads the first bytes to choose, and a connection that never
              // sends one would stay open for good, out of the idle timeout's reach.
              .protocolsDiscoverServices(false)
              .addProtocol(
                  // The handler answers sections over maxHeaderBytes with 431 (Helidon can only say
                  // 400); Helidon's own, larger limit still bounds what a connection can send.
                  Http1Config.builder()
                      .maxHeadersSize(serverHeaderLimit(maxHeaderBytes))
                      .maxPrologueLength(Math.max(4096, maxHeaderBytes))
                      // Helidon's idle check sees only connections that wait for a request line.
                      .addReceiveListener(headerSectionTimeout)
                      .build())
              .routing(routing -> HelidonMcpRoutes.routing(routing, handler))
              .build()
              .start();
    } catch (RuntimeException e) {
      headerSectionTimeout.close();
      throw ListenException.of(host, port, e);
    }
    if (!server.isRunning()) {
      // Helidon logs why a listener failed to start and returns a stopped server whose port is
      // -1; the failure must stop the application instead, with its cause.
      headerSectionTimeout.close();
      throw ListenException.probe(host, port, "Helidon's listener did not start");
    }
    return new HelidonMcpServer(server, headerSectionTimeout);
  }

  /**
   * How often a timeout is checked: every quarter of it, at least every 100 ms, so that what it
   * bounds ends within 1.25 times the timeout.
   */
  static Duration checkPeriod(Duration timeout) {
    Duration quarter = timeout.dividedBy(4);
    return quarter.compareTo(MIN_CHECK_PERIOD) < 0 ? MIN_CHECK_PERIOD : quarter;
  }

  static int serverHeaderLimit(int maxHeaderBytes) {
    return Math.max(64 * 1024, maxHeaderBytes * 4);
  }

  @Override
  public int port() {
    return server.port();
  }

  /**
   * Stops the server: Helidon closes its listening socket at once, closes the connections waiting
   * for a request, lets each busy one finish its request and then closes it, and interrupts what
   * still runs after the shutdown grace.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.stop();
    } finally {
      headerSectionTimeout.close();
    }
  }
}
