package io.github.mcpoauthkit.devissuer;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback HTTP server that serves one Client ID Metadata Document, or misbehaves on purpose. */
final class DocumentServer implements AutoCloseable {

  /** How the server answers. */
  enum Behaviour {
    SERVE,
    REDIRECT,
    SLOW
  }

  private final HttpServer server;
  private volatile String body = "{}";
  private volatile Behaviour behaviour = Behaviour.SERVE;
  private final AtomicInteger requests = new AtomicInteger();

  DocumentServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            requests.incrementAndGet();
            switch (behaviour) {
              case REDIRECT -> {
                exchange.getResponseHeaders().set("Location", url("/elsewhere.json"));
                exchange.sendResponseHeaders(302, -1);
                return;
              }
              case SLOW -> sleep(Duration.ofSeconds(4));
              case SERVE -> {}
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
    server.start();
  }

  /** A URL on this server, e.g. {@code http://127.0.0.1:<port>/client.json}. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  void serve(String json) {
    this.body = json;
    this.behaviour = Behaviour.SERVE;
  }

  void behave(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
