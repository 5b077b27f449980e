package io.github.mcpoauthkit.adapter.helidon;

import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Routes every request of a Helidon webserver to the {@link ResourceServerHandler}, which decides
 * everything; this class only translates. Helidon runs each request on its own virtual thread, so
 * the handler may block for the life of an event stream.
 */
public final class HelidonMcpRoutes {

  private HelidonMcpRoutes() {}

  /** Adds the MCP endpoint, its metadata and health routes to {@code routing}. */
  public static void routing(HttpRouting.Builder routing, ResourceServerHandler handler) {
    routing.any(
        (request, response) -> {
          HelidonExchange exchange = new HelidonExchange(request, response);
          try {
            handler.handle(exchange, exchange);
          } catch (IOException e) {
            // The client went away mid-answer; Helidon closes the connection.
            throw new UncheckedIOException(e);
          }
          if (exchange.closesConnection()) {
            // Helidon keeps a connection open unless the request said otherwise; an answer with
            // "Connection: close" must end it (RFC 9112 §9.6), and this is how a handler asks.
            // The exception skips Helidon's own commit, which writes a streamed answer's last
            // chunk: commit first (it does nothing the second time), or the close cuts the answer.
            if (response instanceof RoutingResponse routed) {
              routed.commit();
            }
            throw new CloseConnectionException("the answer said Connection: close");
          }
        });
  }
}
