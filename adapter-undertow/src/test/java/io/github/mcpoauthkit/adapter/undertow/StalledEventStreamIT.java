package io.github.mcpoauthkit.adapter.undertow;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading an event stream must not hold the server: after the stream write
 * timeout the stream is aborted, its connection closed and its thread freed.
 */
class StalledEventStreamIT {

  private McpFixture fixture;
  private TrackingExecutor executor;
  private UndertowMcpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    fixture = new McpFixture(settings -> settings.streamWriteTimeout(Duration.ofMillis(500)));
    executor = new TrackingExecutor(BlockingExecutors.create());
    server =
        UndertowMcpServer.start(
            fixture.handler,
            "127.0.0.1",
            0,
            ResourceServerSettings.DEFAULT_MAX_HEADER_BYTES,
            ResourceServerSettings.DEFAULT_CONNECTION_IDLE_TIMEOUT,
            executor);
  }

  @AfterEach
  void stop() {
    server.close();
    fixture.close();
  }

  private HttpRequest.Builder post(String token, String json) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/mcp"))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json, text/event-stream")
        .header("Content-Type", "application/json")
        .header("MCP-Protocol-Version", McpFixture.PROTOCOL_VERSION)
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private String session(String token) throws Exception {
    HttpResponse<String> initialized =
        http.send(
            post(
                    token,
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
    http.send(
        post(token, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
            .header("Mcp-Session-Id", session)
            .build(),
        HttpResponse.BodyHandlers.discarding());
    return session;
  }

  @Test
  void a_client_that_stops_reading_is_cut_off_and_the_server_keeps_answering() throws Exception {
    String token = fixture.token();
    String session = session(token);
    String call =
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"flood\",\"arguments\":{}}}";

    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      stalled.setSoTimeout(30_000);
      OutputStream out = stalled.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + token
                  + "\r\nAccept: text/event-stream, application/json\r\n"
                  + "Content-Type: application/json\r\nMCP-Protocol-Version: 2025-11-25\r\n"
                  + "Mcp-Session-Id: "
                  + session
                  + "\r\nContent-Length: "
                  + call.getBytes(UTF_8).length
                  + "\r\n\r\n"
                  + call)
              .getBytes(UTF_8));
      out.flush();
      InputStream in = stalled.getInputStream();
      assertThat(RawHttp.readLine(in)).isEqualTo("HTTP/1.1 200 OK");
      // From here on the client reads nothing: the server's writes fill the socket buffers.

      Thread.sleep(200);
      HttpResponse<String> echo =
          http.send(
              post(
                      token,
                      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{"
                          + "\"name\":\"echo\",\"arguments\":{\"text\":\"still here\"}}}")
                  .header("Mcp-Session-Id", session)
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(echo.statusCode()).isEqualTo(200);
      assertThat(echo.body()).contains("still here");

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (executor.running() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(executor.running()).as("requests still holding a server thread").isZero();

      // What the socket buffers held arrives, then the end: the server closed the connection
      // without finishing the chunked response.
      CompletableFuture<String> rest =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return RawHttp.readToEnd(in);
                } catch (java.io.IOException e) {
                  return "reset: " + e;
                }
              });
      assertThat(rest).succeedsWithin(Duration.ofSeconds(20));
      assertThat(rest.join()).doesNotContain("\r\n0\r\n\r\n");
    }

    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }
}
