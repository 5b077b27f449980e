package io.github.mcpoauthkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plain HTTP/1.1 as the contract tests speak it: no MCP client, nothing added behind their back.
 * Every body received is checked for leaked stack traces.
 */
final class RawHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  /** What an MCP client accepts for a POSTed request. */
  static final String JSON_OR_EVENT_STREAM = "application/json, text/event-stream";

  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final AtomicLong IDS = new AtomicLong(100);

  private RawHttp() {}

  static HttpRequest.Builder to(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
  }

  /** Sends and reads the whole answer. */
  static Reply send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Reply reply = new Reply(response.statusCode(), response.headers(), response.body());
    assertNoStackTrace(reply);
    return reply;
  }

  /** Sends and returns as soon as the status and headers have arrived; the body stays open. */
  static HttpResponse<InputStream> open(HttpRequest request) {
    try {
      return CLIENT
          .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
          .get(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "no status and headers within 5 s for " + request.method() + " " + request.uri(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static void assertNoStackTrace(Reply reply) {
    assertThat(reply.body())
        .as("body of a %d answer", reply.status())
        .doesNotContain("Exception")
        .doesNotContain("at io.")
        .doesNotContain("at java.")
        .doesNotContain("\tat ");
  }

  static long nextId() {
    return IDS.incrementAndGet();
  }

  /** A JSON-RPC request. */
  static String request(long id, String method, Map<String, Object> params) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("jsonrpc", "2.0");
    message.put("id", id);
    message.put("method", method);
    message.put("params", params);
    return write(message);
  }

  /** A JSON-RPC notification without params. */
  static String notification(String method) {
    return write(Map.of("jsonrpc", "2.0", "method", method));
  }

  /** The params of {@code initialize} asking for {@code version}. */
  static Map<String, Object> initializeParams(String version) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("protocolVersion", version);
    params.put("capabilities", Map.of());
    params.put("clientInfo", Map.of("name", "mcp-http-contract", "version", "1.0.0"));
    return params;
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
