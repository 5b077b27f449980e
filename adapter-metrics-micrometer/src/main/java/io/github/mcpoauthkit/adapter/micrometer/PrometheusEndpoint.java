package io.github.mcpoauthkit.adapter.micrometer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management listener: {@code GET /metrics} answers the Prometheus text of a {@link
 * MicrometerMetrics}, on its own address and port (loopback by default), apart from the MCP
 * endpoint and its authentication. Anything else gets 404 or 405. One thread serves it: a scrape
 * every few seconds needs no more, and a flood on this port cannot take threads from MCP requests.
 */
public final class PrometheusEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusEndpoint.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private PrometheusEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts listening.
   *
   * @param metrics what {@code /metrics} shows
   * @param host the address to bind, such as {@code 127.0.0.1}
   * @param port the port, 0 for an ephemeral one
   * @throws UncheckedIOException if it cannot listen there; the message names the address
   */
  public static PrometheusEndpoint start(MicrometerMetrics metrics, String host, int port) {
    Objects.requireNonNull(metrics, "metrics");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot listen for metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "mcp-metrics-endpoint");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> answer(exchange, metrics));
    server.start();
    return new PrometheusEndpoint(server, executor);
  }

  private static void answer(HttpExchange exchange, MicrometerMetrics metrics) throws IOException {
    try (exchange) {
      exchange.getRequestBody().close();
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (!path.equals("/metrics")) {
        send(
            exchange, 404, "text/plain; charset=utf-8", "Not found: the metrics are at /metrics\n");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "Use GET\n");
      } else {
        send(exchange, 200, MicrometerMetrics.contentType(), metrics.scrape());
      }
    } catch (RuntimeException e) {
      LOG.warn("answering a metrics scrape failed", e);
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening; a scrape in progress may finish for up to a second. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
