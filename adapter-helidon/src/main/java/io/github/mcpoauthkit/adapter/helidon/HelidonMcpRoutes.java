package io.github.mcpoauthkit.adapter.helidon;

import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.helidon.webserver.http.HttpRouting;
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
          try {
            handler.handle(
                new HelidonExchange(request, response), new HelidonExchange(request, response));
          } catch (IOException e) {
            // The client went away mid-answer; Helidon closes the connection.
            throw new UncheckedIOException(e);
          }
        });
  }
}
