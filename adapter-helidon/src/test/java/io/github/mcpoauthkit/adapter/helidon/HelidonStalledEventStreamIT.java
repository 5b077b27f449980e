package io.github.mcpoauthkit.adapter.helidon;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.github.mcpoauthkit.streamablehttp.testing.TestMcpStack;
import java.io.IOException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client that stops reading an event stream is cut off; the server keeps answering others. */
class HelidonStalledEventStreamIT {

  private TestMcpStack stack;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    stack =
        TestMcpStack.onFreePort(
            false, settings -> settings.streamWriteTimeout(Duration.ofMillis(500)));
    stack.serving(
        HelidonMcpServer.start(
            stack.handler(),
            "127.0.0.1",
            stack.port(),
            ResourceServerSettings.DEFAULT_MAX_HEADER_BYTES));
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private HttpRequest.Builder post(String token, String json) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + stack.port() + "/mcp"))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json, text/event-stream")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  @Test
  void a_client_that_stops_reading_is_cut_off_and_the_server_keeps_answering() throws Exception {
    String token = stack.token("alice", "");
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
    String call =
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"flood\",\"arguments\":{}}}";

    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", stack.port()), 5_000);
      stalled.setSoTimeout(30_000);
      OutputStream out = stalled.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\nHost: localhost:"
                  + stack.port()
                  + "\r\nAuthorization: Bearer "
                  + token
                  + "\r\nAccept: text/event-stream, application/json\r\n"
                  + "Content-Type: application/json\r\nMcp-Session-Id: "
                  + session
                  + "\r\nContent-Length: "
                  + call.getBytes(UTF_8).length
                  + "\r\n\r\n"
                  + call)
              .getBytes(UTF_8));
      out.flush();
      InputStream in = stalled.getInputStream();
      // From here on the client reads nothing until the server must have given up on it.
      Thread.sleep(2_000);

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

      // What the socket buffers held arrives, then the end of the connection.
      CompletableFuture<Long> drained =
          CompletableFuture.supplyAsync(
              () -> {
                long total = 0;
                byte[] buffer = new byte[65536];
                try {
                  int read;
                  while ((read = in.read(buffer)) != -1) {
                    total += read;
                  }
                } catch (IOException e) {
                  return -1L;
                }
                return total;
              });
      assertThat(drained).succeedsWithin(Duration.ofSeconds(20));
    }
  }
}
