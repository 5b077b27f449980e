package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.testing.TestMcpStack;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decisions of a graceful stop, without a web server: what each phase answers, when the web
 * server is told to stop accepting, how requests in flight and event streams end. Every wait is
 * bounded; no sleep stands for an assertion.
 */
class GracefulShutdownTest {

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final String GATED =
      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"gated\","
          + "\"arguments\":{}}}";
  private static final String LISTEN =
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"subscriptions/listen\",\"params\":{"
          + "\"notifications\":{\"toolsListChanged\":true},\"_meta\":{"
          + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
          + "\"io.modelcontextprotocol/clientCapabilities\":{},"
          + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}}";
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private TestMcpStack stack;
  private RecordingServer server;
  private String token;

  @BeforeEach
  void start() {
    stack = TestMcpStack.onFreePort();
    server = new RecordingServer();
    token = stack.token("alice", "");
  }

  @AfterEach
  void stop() {
    threads.shutdownNow();
    stack.close();
  }

  @Test
  void while_draining_every_request_is_served_with_connection_close_and_ready_answers_503()
      throws Exception {
    assertThat(get("/health/ready").status()).isEqualTo(200);
    assertThat(get("/health/ready").responseHeader("Connection")).isEmpty();
    GracefulShutdown shutdown = new GracefulShutdown(stack.handler(), server, BOUND);

    Future<?> stopping = threads.submit(() -> shutdown.stop(Duration.ofMinutes(10)));
    await(() -> get("/health/ready").status() == 503, "readiness turns 503");

    InMemoryExchange ready = get("/health/ready");
    assertThat(ready.responseBody()).isEqualTo("{\"status\":\"DOWN\",\"draining\":true}");
    assertThat(ready.responseHeader("Connection")).contains("close");
    InMemoryExchange live = get("/health");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.responseHeader("Connection")).contains("close");
    InMemoryExchange initialize = send(post(INITIALIZE));
    assertThat(initialize.status()).isEqualTo(200);
    assertThat(initialize.responseBody()).contains("\"serverInfo\"");
    assertThat(initialize.responseHeader("Connection")).contains("close");
    assertThat(get("/.well-known/oauth-protected-resource").status()).isEqualTo(200);
    assertThat(server.closeCalls()).as("the web server still accepts while draining").isZero();

    shutdown.endDrain();

    stopping.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    assertThat(server.closeCalls()).isEqualTo(1);
  }

  @Test
  void once_stopping_new_mcp_requests_get_503_and_health_still_answers() throws Exception {
    new GracefulShutdown(stack.handler(), server, BOUND).stop(Duration.ZERO);

    InMemoryExchange refused = send(post(INITIALIZE));
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.responseHeader("Retry-After")).contains("1");
    assertThat(refused.responseHeader("Connection")).contains("close");
    assertThat(refused.responseBody()).contains("\"jsonrpc\":\"2.0\"").contains("shutting down");
    assertThat(get("/health").status()).isEqualTo(200);
    assertThat(get("/health/ready").status()).isEqualTo(503);
  }

  @Test
  void a_request_in_flight_gets_its_whole_answer_after_accepting_stopped() throws Exception {
    String session = session();
    InMemoryExchange call = post(GATED).header("Mcp-Session-Id", session);
    Future<?> calling = threads.submit(() -> handle(call));
    await(() -> call.responseBody().contains("waiting for open_gate"), "the call is under way");
    GracefulShutdown shutdown = new GracefulShutdown(stack.handler(), server, BOUND);

    Future<?> stopping = threads.submit(() -> shutdown.stop(Duration.ZERO));
    assertThat(server.awaitClose(BOUND)).as("the web server is told to stop accepting").isTrue();
    assertThat(stopping.isDone()).as("the stop waits for the call").isFalse();
    stack.openGate();

    calling.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    stopping.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    assertThat(call.responseBody()).contains("gate opened");
    assertThat(call.streamEnd()).isEqualTo("closed");
  }

  @Test
  void listening_streams_end_at_once_and_a_stream_still_open_at_the_bound_ends_cleanly()
      throws Exception {
    String session = session();
    InMemoryExchange listening =
        new InMemoryExchange("GET", "/mcp", "")
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .header("Host", "localhost:" + stack.port())
            .header("Mcp-Session-Id", session);
    InMemoryExchange subscription =
        InMemoryExchange.post(LISTEN, token)
            .header("Host", "localhost:" + stack.port())
            .header("MCP-Protocol-Version", "2026-07-28")
            .header("Mcp-Method", "subscriptions/listen");
    InMemoryExchange call = post(GATED).header("Mcp-Session-Id", session);
    for (InMemoryExchange exchange : new InMemoryExchange[] {listening, subscription, call}) {
      threads.submit(() -> handle(exchange));
    }
    await(() -> listening.status() == 200, "the GET stream is open");
    await(() -> subscription.responseBody().contains("acknowledged"), "the subscription is open");
    await(() -> call.responseBody().contains("waiting for open_gate"), "the call is under way");
    Duration timeout = Duration.ofSeconds(3);
    GracefulShutdown shutdown = new GracefulShutdown(stack.handler(), server, timeout);

    long start = System.nanoTime();
    Future<?> stopping = threads.submit(() -> shutdown.stop(Duration.ZERO));
    await(() -> !listening.streamEnd().isEmpty(), "the GET stream ends");
    await(() -> !subscription.streamEnd().isEmpty(), "the subscription ends");
    boolean callOpenAfterListenersEnded = call.streamEnd().isEmpty();
    stopping.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    // The stop ends the call's stream at the bound; its own thread writes the end a moment later
    // (in the server, the web server's close waits for that thread), so wait for it here too.
    await(() -> !call.streamEnd().isEmpty(), "the call's stream ends");

    assertThat(listening.streamEnd()).isEqualTo("closed");
    assertThat(subscription.streamEnd()).isEqualTo("closed");
    assertThat(callOpenAfterListenersEnded).as("the call's stream outlives the listeners").isTrue();
    assertThat(call.streamEnd()).as("ended at the bound, as a stream ends").isEqualTo("closed");
    assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(BOUND);
  }

  @Test
  void a_second_stop_waits_for_the_first_and_does_not_stop_the_web_server_again() throws Exception {
    GracefulShutdown shutdown = new GracefulShutdown(stack.handler(), server, BOUND);
    Future<?> first = threads.submit(() -> shutdown.stop(Duration.ofMinutes(10)));
    await(() -> get("/health/ready").status() == 503, "the drain began");
    CountDownLatch secondReturned = new CountDownLatch(1);
    threads.submit(
        () -> {
          shutdown.stop(Duration.ZERO);
          secondReturned.countDown();
        });

    shutdown.endDrain();

    first.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    assertThat(secondReturned.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(server.closeCalls()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- helpers

  private String session() throws Exception {
    InMemoryExchange initialize = send(post(INITIALIZE));
    assertThat(initialize.status()).isEqualTo(200);
    return initialize.responseHeader("Mcp-Session-Id").orElseThrow();
  }

  private InMemoryExchange post(String json) {
    return InMemoryExchange.post(json, token).header("Host", "localhost:" + stack.port());
  }

  private InMemoryExchange get(String path) throws Exception {
    InMemoryExchange exchange = new InMemoryExchange("GET", path, "");
    stack.handler().handle(exchange, exchange);
    return exchange;
  }

  private InMemoryExchange send(InMemoryExchange exchange) throws Exception {
    stack.handler().handle(exchange, exchange);
    return exchange;
  }

  private Void handle(InMemoryExchange exchange) throws Exception {
    stack.handler().handle(exchange, exchange);
    return null;
  }

  private static void await(Check condition, String what) throws Exception {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.holds()) {
      assertThat(System.nanoTime()).as(what + " within " + BOUND).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  /** A web server that only records that it was told to stop. */
  private static final class RecordingServer implements WebServerFactory.RunningServer {
    private final CountDownLatch closed = new CountDownLatch(1);
    private int closeCalls;

    @Override
    public int port() {
      return 0;
    }

    @Override
    public synchronized void close() {
      closeCalls++;
      closed.countDown();
    }

    synchronized int closeCalls() {
      return closeCalls;
    }

    boolean awaitClose(Duration timeout) throws InterruptedException {
      return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
