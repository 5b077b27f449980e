package io.github.mcpoauthkit.app;

import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The training run behind the distribution's AOT cache ({@code bin/mcp-oauth-kit
 * --create-aot-cache} runs it under {@code -XX:AOTCacheOutput}, JDK 25+, JEP 483/514/515): it
 * starts the server in development mode on free loopback ports, as {@code --dev} does, sends it
 * what clients send (health and metadata, refused requests, a legacy session with {@code
 * tools/list} and {@code tools/call}, MCP 2026-07-28 requests), each with a fresh token so that
 * signatures are verified, then stops it and exits; the JVM then writes the classes that were
 * loaded and linked, and the profiles of the methods that ran, into the cache.
 *
 * <p>It reads no setting of the environment, of system properties or of a {@code .env} file, so the
 * run is the same wherever the archive or the image is built. It exits 1 when an answer is not the
 * one expected, so that a broken package fails its build.
 */
public final class AotTraining {

  /** Rounds of requests after startup, bounded by {@link #TIME_LIMIT} on a slow machine. */
  private static final int ROUNDS = 60;

  private static final Duration TIME_LIMIT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final String LEGACY_VERSION = "2025-11-25";
  private static final String MODERN_VERSION = "2026-07-28";
  private static final String MODERN_META =
      "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\""
          + MODERN_VERSION
          + "\",\"io.modelcontextprotocol/clientCapabilities\":{},"
          + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"aot-training\",\"version\":\"1\"}}";

  private final HttpClient client;
  private final URI base;
  private int requests;

  private AotTraining(HttpClient client, URI base) {
    this.client = client;
    this.base = base;
  }

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    int rounds = 0;
    long start = 0;
    int sent;
    try (DevMode dev = DevMode.start(config())) {
      AotTraining training =
          new AotTraining(
              HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build(),
              URI.create("http://127.0.0.1:" + dev.kit().port()));
      // The banner's text is part of a --dev start.
      dev.banner();
      start = System.nanoTime();
      do {
        training.round(dev.issuer().mintToken());
        rounds++;
      } while (rounds < ROUNDS && System.nanoTime() - start < TIME_LIMIT.toNanos());
      sent = training.requests;
    } catch (IOException | IllegalStateException e) {
      System.err.println("AOT training failed: " + e.getMessage());
      System.exit(1);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(1);
      return;
    }
    System.err.printf(
        "AOT training: %d rounds, %d requests in %d ms%n",
        rounds, sent, (System.nanoTime() - start) / 1_000_000);
    System.exit(0);
  }

  /**
   * Development mode on loopback, on a port free now: the server's port decides its resource URL
   * and the Host values it accepts, so it cannot be 0.
   */
  private static KitConfig config() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return KitConfig.load(
        ConfigSource.of(
            Map.of(),
            Map.of(
                "HOST", "127.0.0.1", "PORT", Integer.toString(port), "OAUTH_DEV_ISSUER_PORT", "0")),
        true);
  }

  private void round(String token) throws IOException, InterruptedException {
    expect(200, get("/health"));
    expect(200, get("/health/ready"));
    expect(200, get("/.well-known/oauth-protected-resource/mcp"));
    expect(200, get("/.well-known/oauth-authorization-server"));
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    expect(401, send(post(list), Optional.empty()));
    expect(401, send(post(list).header("Authorization", "Bearer not.a.token"), Optional.empty()));

    HttpResponse<String> initialized =
        send(
            post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                    + "{\"protocolVersion\":\""
                    + LEGACY_VERSION
                    + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"aot-training\","
                    + "\"version\":\"1\"}}}")
                .header("Authorization", "Bearer " + token),
            Optional.empty());
    expect(200, initialized);
    String session =
        initialized
            .headers()
            .firstValue("Mcp-Session-Id")
            .orElseThrow(() -> new IllegalStateException("initialize opened no session"));
    Optional<String> legacy = Optional.of(session);
    expect(
        202,
        send(
            post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .header("Authorization", "Bearer " + token),
            legacy));
    expect(200, send(post(list).header("Authorization", "Bearer " + token), legacy));
    expect(
        200,
        send(
            post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"whoami\",\"arguments\":{}}}")
                .header("Authorization", "Bearer " + token),
            legacy));
    HttpResponse<String> ended =
        send(
            HttpRequest.newBuilder(base.resolve("/mcp"))
                .timeout(REQUEST_TIMEOUT)
                .DELETE()
                .header("Authorization", "Bearer " + token),
            legacy);
    if (ended.statusCode() / 100 != 2) {
      expect(204, ended);
    }

    for (String method : new String[] {"server/discover", "tools/list"}) {
      expect(
          200,
          send(
              post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\""
                      + method
                      + "\",\"params\":{"
                      + MODERN_META
                      + "}}")
                  .header("Authorization", "Bearer " + token)
                  .header("MCP-Protocol-Version", MODERN_VERSION)
                  .header("Mcp-Method", method),
              Optional.empty()));
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET(),
        Optional.empty());
  }

  private HttpRequest.Builder post(String body) {
    return HttpRequest.newBuilder(base.resolve("/mcp"))
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request, Optional<String> session)
      throws IOException, InterruptedException {
    session.ifPresent(
        id -> request.header("Mcp-Session-Id", id).header("MCP-Protocol-Version", LEGACY_VERSION));
    requests++;
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(int status, HttpResponse<String> response) {
    if (response.statusCode() != status) {
      String body = response.body();
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.uri().getPath()
              + " answered "
              + response.statusCode()
              + ", expected "
              + status
              + ": "
              + body.substring(0, Math.min(body.length(), 300)));
    }
  }
}
