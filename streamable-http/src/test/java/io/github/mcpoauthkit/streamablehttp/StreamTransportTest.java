package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamTransportTest {

  private final EventStream events = new EventStream(Duration.ofMillis(50), Duration.ofSeconds(25));
  private final AtomicLong ids = new AtomicLong();
  private final StreamTransport transport =
      StreamTransport.eventStream(events, ids::incrementAndGet);

  @Test
  void a_response_to_a_client_that_has_gone_is_dropped_quietly() {
    events.abort();

    assertThatCode(
            () ->
                transport
                    .sendMessage(McpSchema.JSONRPCResponse.result(7, Map.of("ok", true)))
                    .block())
        .doesNotThrowAnyException();
  }

  @Test
  void a_notification_to_a_client_that_has_gone_fails_so_the_handler_can_stop() {
    events.abort();

    assertThatThrownBy(
            () ->
                transport
                    .sendMessage(
                        new McpSchema.JSONRPCNotification(
                            "2.0", "notifications/message", Map.of("level", "info")))
                    .block())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
