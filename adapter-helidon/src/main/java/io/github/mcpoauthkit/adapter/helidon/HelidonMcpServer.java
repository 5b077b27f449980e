package io.github.mcpoauthkit.adapter.helidon;

import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import java.time.Duration;
import java.util.Objects;

/**
 * The protected MCP server on the Helidon SE 4 webserver: one listener, every route answered by the
 * {@link ResourceServerHandler}, request header sections limited to {@code maxHeaderBytes}.
 */
public final class HelidonMcpServer implements WebServerFactory.RunningServer {

  private final WebServer server;
  private final ResourceServerHandler handler;

  private HelidonMcpServer(WebServer server, ResourceServerHandler handler) {
    this.server = server;
    this.handler = handler;
  }

  /**
   * Starts a server on {@code host}:{@code port} (0 for an ephemeral port).
   *
   * @param maxHeaderBytes the largest request header section accepted
   */
  public static HelidonMcpServer start(
      ResourceServerHandler handler, String host, int port, int maxHeaderBytes) {
    Objects.requireNonNull(handler, "handler");
    WebServer server =
        WebServer.builder()
            .host(host)
            .port(port)
            .shutdownGracePeriod(Duration.ofSeconds(5))
            .idleConnectionTimeout(Duration.ofMinutes(5))
            // Events and answers leave as soon as they are written: without TCP_NODELAY a small
            // write after another waits for the client's delayed ACK (40 ms on Linux).
            .connectionOptions(options -> options.tcpNoDelay(true))
            .addProtocol(
                // The handler answers sections over maxHeaderBytes with 431 (Helidon can only say
                // 400); Helidon's own, larger limit still bounds what a connection can send.
                Http1Config.builder()
                    .maxHeadersSize(serverHeaderLimit(maxHeaderBytes))
                    .maxPrologueLength(Math.max(4096, maxHeaderBytes))
                    .build())
            .routing(routing -> HelidonMcpRoutes.routing(routing, handler))
            .build()
            .start();
    return new HelidonMcpServer(server, handler);
  }

  static int serverHeaderLimit(int maxHeaderBytes) {
    return Math.max(64 * 1024, maxHeaderBytes * 4);
  }

  @Override
  public int port() {
    return server.port();
  }

  /** Ends the MCP sessions and streams, then stops the server. */
  @Override
  public void close() {
    handler.shutdown();
    server.stop();
  }
}
