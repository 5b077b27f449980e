package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rolling restart as an orchestrator runs it, on both web servers: the packaged server as a real
 * process ({@link KitProcess}, with the test feature {@code waiting} beside it), an issuer on
 * loopback ({@link ForgeryIssuer}), and SIGTERM. What a user sees: while the server drains, {@code
 * /health/ready} answers 503 and says so while {@code /health} and {@code /mcp} still answer 200; a
 * call in flight at SIGTERM gets its whole answer even after new connections are refused; event
 * streams end as event streams end, within the bound; the exit status is 0.
 *
 * <p>No sleep stands for an assertion: the server logs each phase, the tool under way waits for a
 * file the test creates, and every wait is bounded.
 */
class RollingRestartIT {

  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final RSAKey KEY = rsa();

  @TempDir Path directory;

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable resource : resources.reversed()) {
      resource.close();
    }
    http.close();
  }

  static Stream<String> transports() {
    return Stream.of("helidon", "undertow");
  }

  @ParameterizedTest
  @MethodSource("transports")
  void while_draining_ready_is_503_and_every_request_is_still_served_until_a_second_sigterm(
      String transport) throws Exception {
    Running kit = start(transport, "60s", "10s");

    kit.process().terminate();
    long signalled = System.nanoTime();
    kit.process().awaitLog("Draining for 1m", BOUND);

    HttpResponse<String> ready = get(kit, "/health/ready");
    HttpResponse<String> live = get(kit, "/health");
    HttpResponse<String> tools =
        http.send(
            modern(kit, "tools/list", null, Map.of()).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> initialize =
        http.send(initializeRequest(kit), HttpResponse.BodyHandlers.ofString());

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("\"status\":\"DOWN\"").contains("\"draining\":true");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(tools.statusCode()).as(tools.body()).isEqualTo(200);
    assertThat(tools.body()).contains("\"whoami\"");
    assertThat(tools.headers().firstValue("Connection")).contains("close");
    assertThat(initialize.statusCode()).as(initialize.body()).isEqualTo(200);
    assertThat(initialize.headers().firstValue("Connection")).contains("close");
    assertThat(kit.process().isAlive()).isTrue();

    kit.process().terminate();

    assertExitsWithZero(kit);
    System.out.printf("stop of %s, standard error:%n%s", transport, kit.process().stderr());
    assertThat(Duration.ofNanos(System.nanoTime() - signalled))
        .as("the second SIGTERM ended the 60 s drain")
        .isLessThan(Duration.ofSeconds(45));
    assertThat(kit.process().stderr())
        .contains("again: ending the drain now")
        .contains("Closing the listener, no new connections")
        .contains("Stopped; exiting with status 0");
  }

  @ParameterizedTest
  @MethodSource("transports")
  void a_call_in_flight_at_sigterm_gets_its_whole_answer_after_new_connections_are_refused(
      String transport) throws Exception {
    Running kit = start(transport, "500ms", "20s");
    Path file = directory.resolve("go-" + transport);
    OpenStream call = new OpenStream(http.send(waitFor(kit, file), ofInputStream()));
    resources.add(call);
    assertThat(call.response().statusCode()).isEqualTo(200);
    call.awaitText("waiting for " + file.getFileName(), BOUND);

    kit.process().terminate();
    kit.process().awaitLog("no new connections; 1 request in flight", BOUND);
    awaitRefused(kit.port());
    boolean stillWaiting = !call.ended();
    Files.createFile(file);

    assertThat(stillWaiting)
        .as("the call was still in flight once connections were refused")
        .isTrue();
    assertThat(call.awaitEnd(BOUND)).as("how the call's stream ended").isEqualTo("completed");
    assertThat(call.text()).contains("found " + file.getFileName()).contains("\"result\"");
    assertExitsWithZero(kit);
    System.out.printf("stop of %s, standard error:%n%s", transport, kit.process().stderr());
    assertThat(kit.process().stderr()).contains("1 request in flight finished");
  }

  @ParameterizedTest
  @MethodSource("transports")
  void open_event_streams_end_as_event_streams_end_within_the_bound(String transport)
      throws Exception {
    Duration timeout = Duration.ofSeconds(2);
    Running kit = start(transport, "0s", "2s");
    String session = initialize(kit);
    OpenStream listening =
        open(
            HttpRequest.newBuilder(kit.mcp())
                .header("Authorization", "Bearer " + kit.token())
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-11-25")
                .GET());
    OpenStream subscription =
        open(
            modern(
                kit,
                "subscriptions/listen",
                null,
                Map.of("notifications", Map.of("toolsListChanged", true))));
    OpenStream call = open(waitFor(kit, directory.resolve("never-" + transport)));
    subscription.awaitText("acknowledged", BOUND);
    call.awaitText("waiting for", BOUND);

    long signalled = System.nanoTime();
    kit.process().terminate();
    String listeningEnd = listening.awaitEnd(BOUND);
    String subscriptionEnd = subscription.awaitEnd(BOUND);
    boolean callOpenThen = !call.ended();
    String callEnd = call.awaitEnd(BOUND);
    Duration callLasted = Duration.ofNanos(System.nanoTime() - signalled);

    assertThat(listeningEnd).as("the legacy GET stream").isEqualTo("completed");
    assertThat(subscriptionEnd).as("the subscriptions/listen stream").isEqualTo("completed");
    assertThat(callOpenThen).as("the call outlived the listening streams").isTrue();
    assertThat(callEnd).as("the call's stream, at the bound").isEqualTo("completed");
    assertThat(call.text()).doesNotContain("\"result\"");
    assertThat(callLasted).isGreaterThanOrEqualTo(timeout).isLessThan(BOUND);
    assertExitsWithZero(kit);
    System.out.printf("stop of %s, standard error:%n%s", transport, kit.process().stderr());
    assertThat(kit.process().stderr())
        .contains("(2 of them listening event streams, ended now)")
        .contains("1 request still in flight after 2s");
  }

  // ---------------------------------------------------------------- fixtures

  private static void assertExitsWithZero(Running kit) throws InterruptedException {
    assertThat(kit.process().awaitExit(BOUND))
        .as("exit status within %s; standard error:%n%s", BOUND, kit.process().stderr())
        .contains(0);
  }

  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"restart\","
          + "\"version\":\"1\"}}}";

  private record Running(KitProcess process, int port, String token) {
    URI mcp() {
      return URI.create("http://127.0.0.1:" + port + "/mcp");
    }
  }

  private Running start(String transport, String drain, String timeout) throws Exception {
    ForgeryIssuer issuer = new ForgeryIssuer(List.of(KEY));
    resources.add(issuer);
    int port = ServerProcesses.freePort();
    String resource = "http://localhost:" + port + "/mcp";
    Map<String, String> environment = new HashMap<>();
    environment.put("OAUTH_ISSUER_URL", issuer.issuer());
    environment.put("OAUTH_AUDIENCE", resource);
    environment.put("PORT", Integer.toString(port));
    environment.put("MCP_FEATURES", "examples,waiting");
    environment.put("SHUTDOWN_DRAIN", drain);
    environment.put("SHUTDOWN_TIMEOUT", timeout);
    KitProcess kit = KitProcess.startWithTestFeatures(transport, environment, directory);
    resources.add(kit);
    kit.awaitListening(port, STARTUP);
    assertThat(kit.stderr()).contains("(" + transport + ", sessions)");
    return new Running(kit, port, issuer.token(KEY, resource));
  }

  private String initialize(Running kit) throws Exception {
    HttpResponse<String> response =
        http.send(initializeRequest(kit), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  private static HttpRequest initializeRequest(Running kit) {
    return HttpRequest.newBuilder(kit.mcp())
        .header("Authorization", "Bearer " + kit.token())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(INIT))
        .build();
  }

  /** A 2026-07-28 {@code tools/call} of {@code wait_for_file}, asking for progress. */
  private static HttpRequest waitFor(Running kit, Path file) {
    return modern(
            kit,
            "tools/call",
            "wait_for_file",
            Map.of("name", "wait_for_file", "arguments", Map.of("path", file.toString())))
        .build();
  }

  private static HttpRequest.Builder modern(
      Running kit, String method, String name, Map<String, Object> params) {
    Map<String, Object> meta = new LinkedHashMap<>(ModernRequests.meta());
    meta.put("progressToken", "restart");
    Map<String, Object> withMeta = new LinkedHashMap<>(params);
    withMeta.put("_meta", meta);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(kit.mcp())
            .header("Authorization", "Bearer " + kit.token())
            .header("Content-Type", "application/json")
            .header("Accept", ModernRequests.ACCEPT)
            .header("MCP-Protocol-Version", ModernRequests.VERSION)
            .header("Mcp-Method", method)
            .POST(HttpRequest.BodyPublishers.ofString(ModernRequests.body(method, withMeta)));
    return name == null ? request : request.header("Mcp-Name", name);
  }

  private OpenStream open(HttpRequest.Builder request) throws Exception {
    return open(request.build());
  }

  private OpenStream open(HttpRequest request) throws Exception {
    OpenStream stream = new OpenStream(http.send(request, ofInputStream()));
    resources.add(stream);
    assertThat(stream.response().statusCode()).isEqualTo(200);
    return stream;
  }

  private HttpResponse<String> get(Running kit, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + kit.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse.BodyHandler<InputStream> ofInputStream() {
    return HttpResponse.BodyHandlers.ofInputStream();
  }

  /** Waits until a client that connects is refused, as a balancer's probe would be. */
  private static void awaitRefused(int port) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!refused(port)) {
      assertThat(System.nanoTime())
          .as("new connections are refused within " + BOUND)
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static boolean refused(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return !socket.isConnected();
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RSAKey rsa() {
    try {
      return new RSAKeyGenerator(2048).keyID("restart").keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A response body read as it arrives. It ends {@code completed} when the server ends it as an
   * HTTP response ends (a chunked body's last chunk), or with the error the client saw when it was
   * cut off (a reset, a connection closed mid-body).
   */
  private static final class OpenStream implements AutoCloseable {
    private final HttpResponse<InputStream> response;
    private final StringBuffer text = new StringBuffer();
    private final CompletableFuture<String> end;

    OpenStream(HttpResponse<InputStream> response) {
      this.response = response;
      this.end = CompletableFuture.supplyAsync(this::read, runnable -> startDaemon(runnable));
    }

    private static void startDaemon(Runnable runnable) {
      Thread thread = new Thread(runnable, "rolling-restart-reader");
      thread.setDaemon(true);
      thread.start();
    }

    private String read() {
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          text.append(line).append('\n');
        }
        return "completed";
      } catch (IOException e) {
        return "cut off: " + e;
      }
    }

    HttpResponse<InputStream> response() {
      return response;
    }

    String text() {
      return text.toString();
    }

    boolean ended() {
      return end.isDone();
    }

    void awaitText(String expected, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!text.toString().contains(expected)) {
        assertThat(end.isDone())
            .as("the stream ended before '" + expected + "': " + text)
            .isFalse();
        assertThat(System.nanoTime())
            .as("'" + expected + "' within " + timeout + "; so far: " + text)
            .isLessThan(deadline);
        Thread.sleep(20);
      }
    }

    String awaitEnd(Duration timeout) throws Exception {
      return end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
      response.body().close();
    }
  }
}
