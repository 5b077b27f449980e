package io.github.mcpoauthkit.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Serves one JWKS on an ephemeral loopback port, so the kit's decoder is built exactly as in
 * production ({@code NimbusTokenDecoder.connect} fetching a {@code jwks_uri}) without leaving the
 * machine.
 */
final class LoopbackJwksServer implements AutoCloseable {

  private final HttpServer server;

  private LoopbackJwksServer(HttpServer server) {
    this.server = server;
  }

  static LoopbackJwksServer serving(String jwksJson) {
    byte[] body = jwksJson.getBytes(StandardCharsets.UTF_8);
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/jwks",
          exchange -> {
            try (exchange) {
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            }
          });
      server.start();
      return new LoopbackJwksServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the loopback JWKS server", e);
    }
  }

  URI jwksUri() {
    InetSocketAddress address = server.getAddress();
    return URI.create(
        "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/jwks");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
