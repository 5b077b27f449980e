package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A JDK HttpServer on 127.0.0.1 with canned routes; records every path it is asked for. */
final class LoopbackHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private LoopbackHttpServer(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Each exchange gets its own thread, so a deliberately slow route blocks no other.
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getRawPath();
          requests.add(path);
          HttpHandler handler = routes.get(path);
          try {
            if (handler == null) {
              send(exchange, 404, "text/plain", "not found");
            } else {
              handler.handle(exchange);
            }
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  /** On an ephemeral port. */
  static LoopbackHttpServer start() {
    return new LoopbackHttpServer(0);
  }

  /** On {@code port}, which the caller has found free. */
  static LoopbackHttpServer start(int port) {
    return new LoopbackHttpServer(port);
  }

  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI uri(String path) {
    return URI.create(origin() + path);
  }

  /** The raw paths requested so far, in order. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  LoopbackHttpServer route(String path, HttpHandler handler) {
    routes.put(path, handler);
    return this;
  }

  LoopbackHttpServer json(String path, String body) {
    return route(path, exchange -> send(exchange, 200, "application/json", body));
  }

  LoopbackHttpServer status(String path, int status) {
    return route(path, exchange -> send(exchange, status, "text/plain", "status " + status));
  }

  LoopbackHttpServer redirect(String path, int status, String location) {
    return route(
        path,
        exchange -> {
          exchange.getResponseHeaders().set("Location", location);
          send(exchange, status, "text/plain", "moved");
        });
  }

  /** Answers only after {@code delay}, or when the server closes, whichever comes first. */
  LoopbackHttpServer slow(String path, Duration delay, String body) {
    return route(
        path,
        exchange -> {
          try {
            closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          send(exchange, 200, "application/json", body);
        });
  }

  /**
   * Streams up to {@code totalBytes} of JSON-ish filler without a Content-Length; {@code written}
   * completes with the bytes written when the stream ends, early if the client hangs up.
   */
  LoopbackHttpServer stream(String path, long totalBytes, CompletableFuture<Long> written) {
    return route(
        path,
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[8192];
          Arrays.fill(chunk, (byte) ' ');
          long sent = 0;
          try (OutputStream out = exchange.getResponseBody()) {
            while (sent < totalBytes && closing.getCount() > 0) {
              out.write(chunk);
              sent += chunk.length;
            }
          } catch (IOException hungUp) {
            // The client closing the connection is the point of the exercise.
          } finally {
            written.complete(sent);
          }
        });
  }

  /** Sends the headers at once, then one byte of body every 100 ms until the server closes. */
  LoopbackHttpServer trickle(String path) {
    return route(
        path,
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            while (!closing.await(100, TimeUnit.MILLISECONDS)) {
              out.write(' ');
              out.flush();
            }
          } catch (IOException | InterruptedException hungUp) {
            // The client giving up is the point of the exercise.
          }
        });
  }

  static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** A discovery document whose endpoints hang below {@code issuer}. */
  static String discoveryDocument(String issuer) {
    return discoveryDocument(issuer, Map.of());
  }

  /** As {@link #discoveryDocument(String)}, without {@code member}. */
  static String discoveryDocumentWithout(String issuer, String member) {
    Map<String, Object> removed = new LinkedHashMap<>();
    removed.put(member, null);
    return discoveryDocument(issuer, removed);
  }

  /** As {@link #discoveryDocument(String)}, with members replaced or ({@code null}) removed. */
  static String discoveryDocument(String issuer, Map<String, Object> overrides) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", issuer);
    document.put("authorization_endpoint", base + "/authorize");
    document.put("token_endpoint", base + "/token");
    document.put("jwks_uri", base + "/jwks");
    document.put("scopes_supported", List.of("openid", "mcp:read"));
    document.put("code_challenge_methods_supported", List.of("S256"));
    document.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
    overrides.forEach(
        (name, value) -> {
          if (value == null) {
            document.remove(name);
          } else {
            document.put(name, value);
          }
        });
    return JSONObjectUtils.toJSONString(document);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
