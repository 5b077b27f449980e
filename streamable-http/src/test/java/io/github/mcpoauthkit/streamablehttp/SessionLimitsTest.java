package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.testing.TestMcpStack;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sessions are bounded overall and per subject, and idle ones are closed. */
class SessionLimitsTest {

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";

  private static String initialize(TestMcpStack stack, String token) throws Exception {
    InMemoryExchange exchange =
        InMemoryExchange.post(INITIALIZE, token).header("Host", "localhost:" + stack.port());
    stack.handler().handle(exchange, exchange);
    assertThat(exchange.status()).isEqualTo(200);
    return exchange.responseHeader("Mcp-Session-Id").orElseThrow();
  }

  private static int ping(TestMcpStack stack, String token, String session) throws Exception {
    InMemoryExchange exchange =
        InMemoryExchange.post(PING, token)
            .header("Host", "localhost:" + stack.port())
            .header("Mcp-Session-Id", session);
    stack.handler().handle(exchange, exchange);
    return exchange.status();
  }

  @Test
  void a_subject_over_its_session_limit_loses_its_least_recently_used_session() throws Exception {
    try (TestMcpStack stack =
        TestMcpStack.onFreePort(false, settings -> settings.maxSessionsPerSubject(2))) {
      String alice = stack.token("alice", "");
      String first = initialize(stack, alice);
      String second = initialize(stack, alice);
      assertThat(ping(stack, alice, second)).isEqualTo(200);

      String third = initialize(stack, alice);

      assertThat(ping(stack, alice, first)).isEqualTo(404);
      assertThat(ping(stack, alice, second)).isEqualTo(200);
      assertThat(ping(stack, alice, third)).isEqualTo(200);
    }
  }

  @Test
  void a_full_server_refuses_new_sessions_with_503_and_a_json_rpc_error() throws Exception {
    try (TestMcpStack stack = TestMcpStack.onFreePort(false, settings -> settings.maxSessions(2))) {
      initialize(stack, stack.token("alice", ""));
      initialize(stack, stack.token("bob", ""));

      InMemoryExchange third =
          InMemoryExchange.post(INITIALIZE, stack.token("carol", ""))
              .header("Host", "localhost:" + stack.port());
      stack.handler().handle(third, third);

      assertThat(third.status()).isEqualTo(503);
      assertThat(third.responseHeader("Retry-After")).isPresent();
      assertThat(third.responseBody())
          .contains("\"jsonrpc\":\"2.0\"")
          .contains("Too many MCP sessions");
    }
  }

  @Test
  void an_idle_session_is_closed_and_then_not_found() throws Exception {
    try (TestMcpStack stack =
        TestMcpStack.onFreePort(
            false, settings -> settings.sessionIdleTimeout(Duration.ofSeconds(1)))) {
      String alice = stack.token("alice", "");
      String session = initialize(stack, alice);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      int status = 200;
      while (status == 200 && System.nanoTime() < deadline) {
        Thread.sleep(1500);
        status = ping(stack, alice, session);
      }

      assertThat(status).isEqualTo(404);
    }
  }
}
