package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.testing.TestMcpStack;
import org.junit.jupiter.api.Test;

/** Which requests a web server may answer on its event loop. */
class AnswersAtOnceTest {

  @Test
  void documents_health_and_unknown_paths_are_answered_at_once() {
    try (TestMcpStack stack = TestMcpStack.onFreePort(false, settings -> settings)) {
      ResourceServerHandler handler = stack.handler();

      assertThat(handler.answersAtOnce("/.well-known/oauth-protected-resource")).isTrue();
      assertThat(handler.answersAtOnce("/.well-known/oauth-protected-resource/mcp")).isTrue();
      assertThat(handler.answersAtOnce("/.well-known/oauth-authorization-server")).isTrue();
      assertThat(handler.answersAtOnce("/health")).isTrue();
      assertThat(handler.answersAtOnce("/nothing-here")).isTrue();
    }
  }

  @Test
  void the_mcp_endpoint_and_readiness_may_block() {
    try (TestMcpStack stack = TestMcpStack.onFreePort(false, settings -> settings)) {
      ResourceServerHandler handler = stack.handler();

      // Reads bodies, verifies tokens (possibly fetching keys), holds event streams open.
      assertThat(handler.answersAtOnce("/mcp")).isFalse();
      // The readiness check is the application's, and may take its time.
      assertThat(handler.answersAtOnce("/health/ready")).isFalse();
    }
  }
}
