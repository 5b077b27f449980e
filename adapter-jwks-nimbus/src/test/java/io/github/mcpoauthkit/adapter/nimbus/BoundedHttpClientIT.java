package io.github.mcpoauthkit.adapter.nimbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedHttpClientIT {

  static final int LIMIT = 64 * 1024;
  static final HttpSettings SETTINGS =
      new HttpSettings(Duration.ofSeconds(2), Duration.ofMillis(300), LIMIT, false);

  private final LoopbackHttpServer server = LoopbackHttpServer.start();
  private final BoundedHttpClient client = new BoundedHttpClient(SETTINGS);

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void returns_status_body_and_headers_and_asks_for_json() {
    server.route(
        "/doc",
        exchange -> {
          String accept = exchange.getRequestHeaders().getFirst("Accept");
          LoopbackHttpServer.send(
              exchange, 200, "application/json", "{\"accept\":\"" + accept + "\"}");
        });

    Fetch fetch = client.get(server.uri("/doc"));

    assertThat(fetch).isInstanceOf(Fetch.Response.class);
    Fetch.Response response = (Fetch.Response) fetch;
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"accept\":\"application/json\"}");
    assertThat(response.contentType()).hasValue("application/json");
    assertThat(response.location()).isEmpty();
  }

  @Test
  void an_error_status_is_a_response_not_a_failure() {
    server.status("/broken", 503);

    Fetch fetch = client.get(server.uri("/broken"));

    assertThat(fetch)
        .isInstanceOfSatisfying(
            Fetch.Response.class, response -> assertThat(response.status()).isEqualTo(503));
  }

  @Test
  void a_redirect_is_returned_with_its_location_and_not_followed() {
    server.redirect("/moved", 302, server.origin() + "/target").json("/target", "{}");

    Fetch fetch = client.get(server.uri("/moved"));

    assertThat(fetch)
        .isInstanceOfSatisfying(
            Fetch.Response.class,
            response -> {
              assertThat(response.status()).isEqualTo(302);
              assertThat(response.isRedirect()).isTrue();
              assertThat(response.location()).hasValue(server.origin() + "/target");
            });
    assertThat(server.requests()).containsExactly("/moved");
  }

  @Test
  void a_body_of_exactly_the_limit_is_accepted() {
    server.json("/exact", " ".repeat(LIMIT));

    Fetch fetch = client.get(server.uri("/exact"));

    assertThat(fetch)
        .isInstanceOfSatisfying(
            Fetch.Response.class, response -> assertThat(response.body()).hasSize(LIMIT));
  }

  @Test
  void a_declared_length_over_the_limit_is_refused() {
    server.json("/big", " ".repeat(LIMIT + 1));

    Fetch fetch = client.get(server.uri("/big"));

    assertThat(fetch)
        .isInstanceOfSatisfying(
            Fetch.Failure.class,
            failure -> {
              assertThat(failure.problem()).isEqualTo(Fetch.Problem.TOO_LARGE);
              assertThat(failure.description()).contains("response larger than 65536 bytes");
            });
  }

  @Test
  void an_endless_stream_is_cut_off_at_the_limit_and_the_connection_dropped() throws Exception {
    CompletableFuture<Long> written = new CompletableFuture<>();
    long oneGibibyte = 1L << 30;
    server.stream("/endless", oneGibibyte, written);
    // A generous read timeout: on a loaded machine the first 64 KiB may take longer than 300 ms,
    // and this test is about the size limit, not the timeout.
    BoundedHttpClient patient =
        new BoundedHttpClient(
            new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), LIMIT, false));

    Fetch fetch = patient.get(server.uri("/endless"));

    assertThat(fetch)
        .isInstanceOfSatisfying(
            Fetch.Failure.class,
            failure -> {
              assertThat(failure.problem()).isEqualTo(Fetch.Problem.TOO_LARGE);
              assertThat(failure.description()).contains("response larger than 65536 bytes");
            });
    // The server only stops writing early if the client hung up instead of draining the body.
    assertThat(written.get(10, TimeUnit.SECONDS)).isLessThan(oneGibibyte);
  }

  @Test
  void a_slow_server_fails_with_a_read_timeout_naming_the_value() {
    server.slow("/slow", Duration.ofSeconds(10), "{}");

    long start = System.nanoTime();
    Fetch fetch = client.get(server.uri("/slow"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(fetch)
        .isInstanceOfSatisfying(
            Fetch.Failure.class,
            failure -> {
              assertThat(failure.problem()).isEqualTo(Fetch.Problem.READ_TIMEOUT);
              assertThat(failure.description())
                  .startsWith("read timed out after ")
                  .endsWith("no complete response within readTimeout 300 ms");
            });
    assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void a_body_that_trickles_in_is_cut_off() {
    server.trickle("/trickle");

    long start = System.nanoTime();
    Fetch fetch = client.get(server.uri("/trickle"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(fetch)
        .isInstanceOfSatisfying(
            Fetch.Failure.class,
            failure -> {
              assertThat(failure.problem()).isEqualTo(Fetch.Problem.READ_TIMEOUT);
              assertThat(failure.description())
                  .startsWith("read timed out after ")
                  .endsWith("connectTimeout + readTimeout (2 s + 300 ms) ran out");
            });
    assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void a_closed_port_is_connection_refused() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    Fetch fetch = client.get(URI.create("http://127.0.0.1:" + port + "/x"));

    assertThat(fetch)
        .isInstanceOfSatisfying(
            Fetch.Failure.class,
            failure -> {
              assertThat(failure.problem()).isEqualTo(Fetch.Problem.CONNECTION_REFUSED);
              assertThat(failure.description()).isEqualTo("connection refused");
            });
  }

  @Test
  void a_server_that_does_not_speak_tls_is_a_tls_failure() throws Exception {
    // A plain HTTP server on the port: it reads the ClientHello, answers in plain text and closes,
    // for every connection. It must keep accepting: the JDK client retries a GET once when the
    // peer closes before it has read a byte (a ConnectionExpiredException), and a server that
    // accepted only once left that retry in a handshake nobody answered, which then ran into the
    // request timeout and was reported as a connect timeout (CI, stop 20).
    try (ServerSocket plain = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread answer =
          new Thread(
              () -> {
                while (!plain.isClosed()) {
                  try (Socket socket = plain.accept()) {
                    socket.setSoTimeout(5_000);
                    socket.getInputStream().read(new byte[512]);
                    socket
                        .getOutputStream()
                        .write(
                            "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  } catch (IOException ignored) {
                    // The socket closed under us, or the client gave up: the assertion tells.
                  }
                }
              });
      answer.setDaemon(true);
      answer.start();

      // A cold JVM can take longer than 300 ms to set up TLS.
      BoundedHttpClient patient =
          new BoundedHttpClient(
              new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), LIMIT, false));

      Fetch fetch = patient.get(URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/x"));

      assertThat(fetch)
          .isInstanceOfSatisfying(
              Fetch.Failure.class,
              failure -> {
                assertThat(failure.problem()).isEqualTo(Fetch.Problem.TLS);
                assertThat(failure.description()).startsWith("TLS failure: ");
              });
    }
    // Closing the server socket ends the answering thread's accept loop.
  }

  @Test
  void a_stalled_tls_handshake_is_bounded_by_the_read_timeout() throws Exception {
    // A peer that accepts, reads the ClientHello and never answers, so the handshake hangs. The
    // JDK's HttpServer is not such a peer: it parses the ClientHello as a request line, and when
    // the hello's random bytes happen to hold a CR LF it answers 400 and closes, which the client
    // rightly reports as a TLS failure (CI, stop 22: "expected CONNECT_TIMEOUT but was TLS").
    try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread reader =
          new Thread(
              () -> {
                while (!silent.isClosed()) {
                  try (Socket socket = silent.accept()) {
                    // Read until the client gives up; never write a byte.
                    while (socket.getInputStream().read(new byte[512]) >= 0) {
                      // discard
                    }
                  } catch (IOException ignored) {
                    // The client hung up or the test closed the listener: the assertion tells.
                  }
                }
              });
      reader.setDaemon(true);
      reader.start();

      long start = System.nanoTime();
      Fetch fetch = client.get(URI.create("https://127.0.0.1:" + silent.getLocalPort() + "/x"));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertStalledHandshake(fetch, elapsed);
    }
  }

  private static void assertStalledHandshake(Fetch fetch, Duration elapsed) {

    assertThat(fetch)
        .isInstanceOfSatisfying(
            Fetch.Failure.class,
            failure -> {
              assertThat(failure.problem()).isEqualTo(Fetch.Problem.CONNECT_TIMEOUT);
              assertThat(failure.description())
                  .startsWith("connect timed out after ")
                  .endsWith("(connectTimeout 2 s, readTimeout 300 ms)");
            });
    assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void a_connect_timer_exception_is_a_connect_timeout_not_a_refusal() {
    assertThat(
            BoundedHttpClient.classify(
                new ConnectException("HTTP connect timed out"),
                URI.create("http://issuer.example"),
                SETTINGS,
                ELAPSED))
        .extracting(Fetch.Failure::problem)
        .isEqualTo(Fetch.Problem.CONNECT_TIMEOUT);
  }

  private static final Duration ELAPSED = Duration.ofMillis(2003);

  @Test
  void a_reset_while_connecting_is_not_called_a_refusal() {
    // The JDK turns any I/O failure during connect or handshake into a ConnectException with the
    // original message; "connection refused" would send an operator to look for a closed port.
    Throwable reset = new ConnectException("Connection reset");
    reset.initCause(new SocketException("Connection reset"));

    assertThat(
            BoundedHttpClient.classify(
                reset, URI.create("https://issuer.example"), SETTINGS, ELAPSED))
        .satisfies(
            failure -> {
              assertThat(failure.problem()).isEqualTo(Fetch.Problem.IO);
              assertThat(failure.description())
                  .isEqualTo(
                      "connection failed while connecting: SocketException: Connection reset");
            });
    assertThat(
            BoundedHttpClient.classify(
                new ConnectException("Connection refused"),
                URI.create("https://issuer.example"),
                SETTINGS,
                ELAPSED))
        .extracting(Fetch.Failure::problem)
        .isEqualTo(Fetch.Problem.CONNECTION_REFUSED);
    // What a refused connect really looks like on JDK 17 and 25.
    Throwable refused = new ConnectException();
    refused.initCause(new java.nio.channels.ClosedChannelException());
    assertThat(
            BoundedHttpClient.classify(
                refused, URI.create("https://issuer.example"), SETTINGS, ELAPSED))
        .extracting(Fetch.Failure::problem)
        .isEqualTo(Fetch.Problem.CONNECTION_REFUSED);
  }

  @Test
  void failures_are_classified_from_their_cause_chain() {
    URI uri = URI.create("https://issuer.example/x");

    assertThat(
            BoundedHttpClient.classify(
                new HttpConnectTimeoutException("HTTP connect timed out"), uri, SETTINGS, ELAPSED))
        .satisfies(
            failure -> {
              assertThat(failure.problem()).isEqualTo(Fetch.Problem.CONNECT_TIMEOUT);
              assertThat(failure.description())
                  .isEqualTo(
                      "connect timed out after 2003 ms (connectTimeout 2 s, readTimeout 300 ms)");
            });
    assertThat(
            BoundedHttpClient.classify(
                new ConnectException("x").initCause(new UnknownHostException("issuer.example")),
                uri,
                SETTINGS,
                ELAPSED))
        .satisfies(
            failure -> {
              assertThat(failure.problem()).isEqualTo(Fetch.Problem.UNKNOWN_HOST);
              assertThat(failure.description()).contains("unknown host 'issuer.example'");
            });
    assertThat(
            BoundedHttpClient.classify(
                new IOException("wrapped", new SSLHandshakeException("PKIX path building failed")),
                uri,
                SETTINGS,
                ELAPSED))
        .satisfies(
            failure -> {
              assertThat(failure.problem()).isEqualTo(Fetch.Problem.TLS);
              assertThat(failure.description()).contains("PKIX path building failed");
            });
    assertThat(BoundedHttpClient.classify(new IOException("reset"), uri, SETTINGS, ELAPSED))
        .satisfies(
            failure -> {
              assertThat(failure.problem()).isEqualTo(Fetch.Problem.IO);
              assertThat(failure.description()).isEqualTo("I/O error: IOException: reset");
            });
  }

  @Test
  void programmer_errors_throw() {
    assertThatThrownBy(() -> client.get(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> client.get(URI.create("ftp://127.0.0.1/x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.get(URI.create("/relative")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durations_are_described_in_seconds_or_milliseconds() {
    assertThat(BoundedHttpClient.describe(Duration.ofSeconds(5))).isEqualTo("5 s");
    assertThat(BoundedHttpClient.describe(Duration.ofMillis(300))).isEqualTo("300 ms");
    assertThat(BoundedHttpClient.describe(Duration.ofMillis(1500))).isEqualTo("1500 ms");
  }
}
