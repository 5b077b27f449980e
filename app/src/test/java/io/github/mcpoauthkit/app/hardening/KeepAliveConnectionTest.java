package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KeepAliveConnection} against a scripted server on loopback: it keeps its connection, reads
 * both body framings, opens a new connection only when the server had closed the old one before the
 * request was written, and reports, without retrying, a request the server did not answer.
 */
class KeepAliveConnectionTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  /** What the scripted server does with a request it has read whole. */
  private enum Reply {
    ANSWER,
    ANSWER_CHUNKED,
    ANSWER_AND_CLOSE,
    ANSWER_WITH_CONNECTION_CLOSE,
    CLOSE_UNANSWERED,
    SILENCE
  }

  /**
   * Serves connections one after another; the n-th request, over all connections, gets the n-th
   * reply of its script (the last one repeats). Records every request it read.
   */
  private static final class ScriptedServer implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Reply> script;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch closedAfterAnswer = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread acceptor;

    ScriptedServer(Reply... script) throws IOException {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      this.script = List.of(script);
      this.acceptor = Thread.ofPlatform().daemon().start(this::serve);
    }

    int port() {
      return listener.getLocalPort();
    }

    private void serve() {
      try {
        while (true) {
          Socket socket = listener.accept();
          connections.incrementAndGet();
          try (socket) {
            if (!converse(socket)) {
              return;
            }
          }
        }
      } catch (IOException | InterruptedException e) {
        // Closed by the test.
      }
    }

    /** Returns false when the server must stop accepting. */
    private boolean converse(Socket socket) throws IOException, InterruptedException {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        String request = readRequest(in);
        if (request == null) {
          return true;
        }
        requests.add(request);
        Reply reply = script.get(Math.min(requests.size(), script.size()) - 1);
        String body = "{\"n\":" + requests.size() + "}";
        switch (reply) {
          case ANSWER -> out.write(plain(body, ""));
          case ANSWER_WITH_CONNECTION_CLOSE -> out.write(plain(body, "Connection: close\r\n"));
          case ANSWER_CHUNKED -> {
            String chunked =
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3;ext=1\r\n{\"n\r\n"
                    + Integer.toHexString(body.length() - 3)
                    + "\r\n"
                    + body.substring(3)
                    + "\r\n0\r\n\r\n";
            out.write(chunked.getBytes(StandardCharsets.ISO_8859_1));
          }
          case ANSWER_AND_CLOSE -> {
            out.write(plain(body, ""));
            out.flush();
            socket.close();
            closedAfterAnswer.countDown();
            return true;
          }
          case CLOSE_UNANSWERED -> {
            return true;
          }
          case SILENCE -> {
            stop.await(30, TimeUnit.SECONDS);
            return false;
          }
        }
        out.flush();
      }
    }

    private static byte[] plain(String body, String extraHeaders) {
      return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length()
              + "\r\n"
              + extraHeaders
              + "\r\n"
              + body)
          .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The request's head and body, or null when the client closed before sending one. */
    private static String readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        head.write(b);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      stop.countDown();
      listener.close();
      try {
        acceptor.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private ScriptedServer server;
  private KeepAliveConnection connection;

  private KeepAliveConnection connect(Reply... script) throws IOException {
    server = new ScriptedServer(script);
    connection = new KeepAliveConnection(server.port(), TIMEOUT, TIMEOUT);
    return connection;
  }

  @AfterEach
  void closeAll() throws Exception {
    connection.close();
    server.close();
  }

  @Test
  void consecutive_requests_share_one_connection() throws Exception {
    KeepAliveConnection client = connect(Reply.ANSWER);

    for (int n = 1; n <= 3; n++) {
      KeepAliveConnection.Response response = client.post("/mcp", JSON, "{}");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"n\":" + n + "}");
    }

    assertThat(client.connections()).isOne();
    assertThat(server.connections).hasValue(1);
    assertThat(server.requests.get(0))
        .startsWith("POST /mcp HTTP/1.1\r\n")
        .contains("Content-Type: application/json\r\n", "Content-Length: 2\r\n")
        .endsWith("\r\n\r\n{}");
  }

  @Test
  void a_chunked_body_is_read_to_its_last_chunk_and_the_connection_kept() throws Exception {
    KeepAliveConnection client = connect(Reply.ANSWER_CHUNKED);

    assertThat(client.post("/mcp", JSON, "{}").body()).isEqualTo("{\"n\":1}");
    assertThat(client.post("/mcp", JSON, "{}").body()).isEqualTo("{\"n\":2}");

    assertThat(client.connections()).isOne();
  }

  @Test
  void a_connection_the_server_closed_before_the_request_was_written_is_replaced()
      throws Exception {
    KeepAliveConnection client = connect(Reply.ANSWER_AND_CLOSE, Reply.ANSWER);
    assertThat(client.post("/mcp", JSON, "{}").body()).isEqualTo("{\"n\":1}");
    assertThat(server.closedAfterAnswer.await(5, TimeUnit.SECONDS)).isTrue();

    KeepAliveConnection.Response second = client.post("/mcp", JSON, "{}");

    assertThat(second.body()).isEqualTo("{\"n\":2}");
    assertThat(client.connections()).isEqualTo(2);
    assertThat(server.requests).hasSize(2);
  }

  @Test
  void an_answer_saying_connection_close_ends_the_connection() throws Exception {
    KeepAliveConnection client = connect(Reply.ANSWER_WITH_CONNECTION_CLOSE, Reply.ANSWER);

    client.post("/mcp", JSON, "{}");
    client.post("/mcp", JSON, "{}");

    assertThat(client.connections()).isEqualTo(2);
    assertThat(server.requests).hasSize(2);
  }

  @Test
  void a_request_the_server_read_and_closed_on_is_reported_lost_and_not_retried() throws Exception {
    KeepAliveConnection client = connect(Reply.ANSWER, Reply.CLOSE_UNANSWERED, Reply.ANSWER);
    client.post("/mcp", JSON, "{}");

    assertThatThrownBy(() -> client.post("/mcp", JSON, "{}"))
        .isInstanceOf(KeepAliveConnection.UnansweredException.class)
        .hasMessageContaining("after the request was sent, without answering");

    assertThat(server.requests).as("sent once, never again").hasSize(2);
    assertThat(client.connections()).isOne();
  }

  @Test
  void a_request_left_unanswered_fails_after_the_read_timeout_and_is_not_retried()
      throws Exception {
    server = new ScriptedServer(Reply.SILENCE);
    connection = new KeepAliveConnection(server.port(), TIMEOUT, Duration.ofMillis(300));

    assertThatThrownBy(() -> connection.post("/mcp", JSON, "{}"))
        .isInstanceOf(SocketTimeoutException.class);

    assertThat(server.requests).hasSize(1);
    assertThat(connection.connections()).isOne();
  }
}
