package io.github.mcpoauthkit.streamablehttp;

import java.time.Duration;

/**
 * Starts a web server that hands every request to a {@link ResourceServerHandler}: the service each
 * web adapter registers in {@code META-INF/services}, so that the application finds the one
 * transport its build packaged without naming it.
 */
public interface WebServerFactory {

  /** A short name, such as {@code helidon} or {@code undertow}, for logs. */
  String name();

  /**
   * Starts listening.
   *
   * @param handler answers every request
   * @param host the address to bind, such as {@code 127.0.0.1}
   * @param port the port, 0 for an ephemeral one
   * @param maxHeaderBytes the largest request header section accepted
   * @param idleTimeout how long a connection may carry no request before it is closed, such as
   *     {@link ResourceServerSettings#DEFAULT_CONNECTION_IDLE_TIMEOUT}; positive
   * @param shutdownGrace how long {@link RunningServer#close()} lets requests in flight finish
   *     before it cuts them off, such as {@link GracefulShutdown#webServerGrace}; zero or positive
   * @return the running server
   * @throws ListenException if it cannot listen on {@code host:port}, whatever the web server threw
   *     or logged; nothing of the server is left running then
   */
  RunningServer start(
      ResourceServerHandler handler,
      String host,
      int port,
      int maxHeaderBytes,
      Duration idleTimeout,
      Duration shutdownGrace);

  /** A started web server. */
  interface RunningServer extends AutoCloseable {

    /** The port it listens on. */
    int port();

    /**
     * Stops accepting connections at once (a client that connects now is refused), lets the
     * requests in flight finish for at most the shutdown grace, then closes every connection and
     * stops. It decides nothing about answers, and ends no event stream itself: the handler does
     * ({@link GracefulShutdown}), and a stream still open at the grace's end is cut off.
     */
    @Override
    void close();
  }
}
