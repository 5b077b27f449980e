package io.github.mcpoauthkit.streamablehttp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.GracefulShutdown;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a graceful stop looks like on the wire, the same on every web server: while draining, every
 * answer carries {@code Connection: close} and the web server closes the connection after it; once
 * the drain is over, new connections are refused; an event stream open at the stop ends as a
 * chunked response ends (its last chunk), not with a reset. A web adapter's test implements it.
 */
public interface GracefulShutdownContract {

  /** How long the adapters' tests let requests in flight finish. */
  Duration TIMEOUT = Duration.ofSeconds(3);

  /** A bound for every wait of these tests. */
  Duration BOUND = Duration.ofSeconds(15);

  /** The adapter under test. */
  WebServerFactory factory();

  private static WebServerFactory.RunningServer start(
      WebServerFactory factory, TestMcpStack stack) {
    return factory.start(
        stack.handler(),
        "127.0.0.1",
        stack.port(),
        ResourceServerSettings.DEFAULT_MAX_HEADER_BYTES,
        ResourceServerSettings.DEFAULT_CONNECTION_IDLE_TIMEOUT,
        GracefulShutdown.webServerGrace(TIMEOUT));
  }

  @Test
  default void while_draining_each_answer_closes_its_connection_and_afterwards_none_is_accepted()
      throws Exception {
    try (TestMcpStack stack = TestMcpStack.onFreePort()) {
      WebServerFactory.RunningServer server = start(factory(), stack);
      stack.serving(server);
      GracefulShutdown shutdown = new GracefulShutdown(stack.handler(), server, TIMEOUT);
      try (Socket kept = connect(stack.port())) {
        Answer before = exchange(kept, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.header("connection")).isNotEqualTo("close");

        CompletableFuture<Void> stopping =
            CompletableFuture.runAsync(() -> shutdown.stop(Duration.ofMinutes(10)));
        Answer ready = awaitDrain(stack.port());
        Answer again = exchange(kept, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body()).contains("\"draining\":true");
        assertThat(ready.header("connection")).isEqualTo("close");
        assertThat(again.status()).as("a kept-alive connection is still served").isEqualTo(200);
        assertThat(again.header("connection")).isEqualTo("close");
        assertThat(endsWithin(kept, BOUND)).as("the server closes it after the answer").isTrue();

        shutdown.endDrain();
        stopping.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(refused(stack.port())).as("a new connection after the stop").isTrue();
      }
    }
  }

  @Test
  default void an_event_stream_open_at_the_stop_ends_with_its_last_chunk() throws Exception {
    try (TestMcpStack stack = TestMcpStack.onFreePort()) {
      WebServerFactory.RunningServer server = start(factory(), stack);
      stack.serving(server);
      String token = stack.token("alice", "");
      String session = initialize(stack, token);
      try (Socket stream = connect(stack.port())) {
        InputStream in = openStream(stream, stack, token, session);
        Map<String, String> headers = headers(in);
        assertThat(headers.get("transfer-encoding")).isEqualTo("chunked");
        assertThat(headers.get("content-type")).startsWith("text/event-stream");

        CompletableFuture<byte[]> rest = readRest(in);
        new GracefulShutdown(stack.handler(), server, TIMEOUT).stop(Duration.ZERO);

        String tail =
            new String(rest.get(BOUND.toSeconds(), TimeUnit.SECONDS), StandardCharsets.UTF_8);
        assertThat(tail)
            .as("the stream's last chunk, then the end of the connection")
            .endsWith("0\r\n\r\n");
      }
    }
  }

  @Test
  default void an_event_stream_opened_while_draining_ends_with_its_last_chunk() throws Exception {
    // Its answer says Connection: close, so the web adapter closes the connection after it: that
    // close must come after the last chunk, not instead of it (Helidon lost it; bench/scale saw
    // curl error 18 on streams answered during a rolling restart).
    try (TestMcpStack stack = TestMcpStack.onFreePort()) {
      WebServerFactory.RunningServer server = start(factory(), stack);
      stack.serving(server);
      String token = stack.token("alice", "");
      String session = initialize(stack, token);
      GracefulShutdown shutdown = new GracefulShutdown(stack.handler(), server, TIMEOUT);
      CompletableFuture<Void> stopping =
          CompletableFuture.runAsync(() -> shutdown.stop(Duration.ofMinutes(10)));
      try (Socket stream = connect(stack.port())) {
        awaitDrain(stack.port());
        InputStream in = openStream(stream, stack, token, session);
        Map<String, String> headers = headers(in);
        assertThat(headers.get("transfer-encoding")).isEqualTo("chunked");
        assertThat(headers.get("connection")).isEqualTo("close");

        CompletableFuture<byte[]> rest = readRest(in);
        shutdown.endDrain();
        stopping.get(BOUND.toSeconds(), TimeUnit.SECONDS);

        String tail =
            new String(rest.get(BOUND.toSeconds(), TimeUnit.SECONDS), StandardCharsets.UTF_8);
        assertThat(tail)
            .as("the stream's last chunk, then the end of the connection")
            .endsWith("0\r\n\r\n");
      } finally {
        // A failed assertion must not leave the stop waiting for ten minutes on a shared thread.
        shutdown.endDrain();
      }
    }
  }

  private static String initialize(TestMcpStack stack, String token) throws IOException {
    try (Socket socket = connect(stack.port())) {
      String initialize =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
              + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
              + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
      Answer initialized =
          exchange(
              socket,
              "POST /mcp HTTP/1.1\r\nHost: localhost:"
                  + stack.port()
                  + "\r\nAuthorization: Bearer "
                  + token
                  + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                  + "Content-Length: "
                  + initialize.getBytes(StandardCharsets.UTF_8).length
                  + "\r\n\r\n"
                  + initialize);
      assertThat(initialized.status()).isEqualTo(200);
      return initialized.header("mcp-session-id");
    }
  }

  /** Sends the GET that opens the session's event stream; returns the input after the status. */
  private static InputStream openStream(
      Socket stream, TestMcpStack stack, String token, String session) throws IOException {
    OutputStream out = stream.getOutputStream();
    out.write(
        ("GET /mcp HTTP/1.1\r\nHost: localhost:"
                + stack.port()
                + "\r\nAuthorization: Bearer "
                + token
                + "\r\nAccept: text/event-stream\r\nMcp-Session-Id: "
                + session
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = stream.getInputStream();
    assertThat(readLine(in)).isEqualTo("HTTP/1.1 200 OK");
    return in;
  }

  private static CompletableFuture<byte[]> readRest(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return in.readAllBytes();
          } catch (IOException e) {
            throw new IllegalStateException("the stream was cut off: " + e, e);
          }
        });
  }

  /** An answer with a {@code Content-Length} body. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.getOrDefault(name, "");
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout((int) BOUND.toMillis());
    return socket;
  }

  private static Answer exchange(Socket socket, String request) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.UTF_8));
    out.flush();
    InputStream in = socket.getInputStream();
    String status = readLine(in);
    Map<String, String> headers = headers(in);
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    return new Answer(
        Integer.parseInt(status.split(" ")[1]),
        headers,
        new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }

  /** Polls {@code /health/ready}, one connection each, until it answers 503. */
  private static Answer awaitDrain(int port) throws Exception {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (true) {
      try (Socket socket = connect(port)) {
        Answer ready = exchange(socket, "GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n");
        if (ready.status() == 503) {
          return ready;
        }
      }
      assertThat(System.nanoTime()).as("the drain begins within " + BOUND).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Whether the server closes the connection within {@code timeout}, sending nothing more. */
  private static boolean endsWithin(Socket socket, Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private static boolean refused(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return !socket.isConnected();
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Map<String, String> headers(InputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    return headers;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
