package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.testing.TestMcpStack;
import org.junit.jupiter.api.Test;

/** Which requests a web server may answer on its event loop. */
class AnswersAtOnceTest {

  private static InMemoryExchange get(String path) {
    return new InMemoryExchange("GET", path, "");
  }

  @Test
  void documents_health_and_unknown_paths_are_answered_at_once() {
    try (TestMcpStack stack = TestMcpStack.onFreePort(false, settings -> settings)) {
      ResourceServerHandler handler = stack.handler();

      assertThat(handler.answersAtOnce(get("/.well-known/oauth-protected-resource"))).isTrue();
      assertThat(handler.answersAtOnce(get("/.well-known/oauth-protected-resource/mcp"))).isTrue();
      assertThat(handler.answersAtOnce(get("/.well-known/oauth-authorization-server"))).isTrue();
      assertThat(handler.answersAtOnce(get("/health"))).isTrue();
      assertThat(handler.answersAtOnce(get("/nothing-here"))).isTrue();
    }
  }

  @Test
  void on_the_mcp_endpoint_only_preflights_and_requests_without_credentials() throws Exception {
    try (TestMcpStack stack = TestMcpStack.onFreePort(false, settings -> settings)) {
      ResourceServerHandler handler = stack.handler();
      InMemoryExchange withoutToken =
          new InMemoryExchange("POST", "/mcp", "{}")
              .header("Content-Type", "application/json")
              .header("Host", "localhost:" + stack.port());

      assertThat(handler.answersAtOnce(new InMemoryExchange("OPTIONS", "/mcp", ""))).isTrue();
      assertThat(handler.answersAtOnce(withoutToken)).isTrue();
      handler.handle(withoutToken, withoutToken);
      assertThat(withoutToken.status()).isEqualTo(401);
    }
  }

  @Test
  void requests_that_may_block_are_not() {
    try (TestMcpStack stack = TestMcpStack.onFreePort(false, settings -> settings)) {
      ResourceServerHandler handler = stack.handler();
      InMemoryExchange form =
          new InMemoryExchange("POST", "/mcp", "access_token=x")
              .header("Content-Type", "application/x-www-form-urlencoded");

      // A token to verify (perhaps fetching keys), a body to read, an event stream to hold open.
      assertThat(handler.answersAtOnce(InMemoryExchange.post("{}", "token"))).isFalse();
      // A form's body is searched for an access_token.
      assertThat(handler.answersAtOnce(form)).isFalse();
      // The readiness check is the application's, and may take its time.
      assertThat(handler.answersAtOnce(get("/health/ready"))).isFalse();
    }
  }
}
