package io.github.mcpoauthkit.port.driven;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.port.driven.Tracing.RemoteParent;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TracingRemoteParentTest {

  private static final String VALID = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01";

  @Test
  void a_valid_traceparent_gives_its_trace_and_parent_ids() {
    RemoteParent parent =
        RemoteParent.parse(Optional.of(VALID), Optional.of("rojo=00f067aa0ba902b7")).orElseThrow();

    assertThat(parent.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(parent.parentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(parent.sampled()).isTrue();
    assertThat(parent.tracestate()).isEqualTo("rojo=00f067aa0ba902b7");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7",
        "00-0AF7651916CD43DD8448EB211C80319C-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
        "ff-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01",
        "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01-extra",
        "01-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01x",
        "00_0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01",
        "0g-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01"
      })
  void a_malformed_traceparent_is_ignored(String traceparent) {
    assertThat(RemoteParent.parse(Optional.of(traceparent), Optional.of("a=b"))).isEmpty();
  }

  @Test
  void an_absent_or_oversized_traceparent_is_ignored() {
    assertThat(RemoteParent.parse(Optional.empty(), Optional.of("a=b"))).isEmpty();
    assertThat(RemoteParent.parse(Optional.of("01-" + "a".repeat(300)), Optional.empty()))
        .isEmpty();
  }

  @Test
  void a_higher_version_is_read_as_version_00_from_its_first_fields() {
    RemoteParent parent =
        RemoteParent.parse(
                Optional.of("cc-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01-what-next"),
                Optional.empty())
            .orElseThrow();

    assertThat(parent.traceparent()).isEqualTo(VALID);
    assertThat(parent.tracestate()).isEmpty();
  }

  @Test
  void an_oversized_tracestate_is_dropped_and_the_traceparent_kept() {
    RemoteParent parent =
        RemoteParent.parse(Optional.of(VALID), Optional.of("k=" + "v".repeat(600))).orElseThrow();

    assertThat(parent.tracestate()).isEmpty();
    assertThat(parent.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
  }

  @Test
  void none_is_disabled_and_starts_spans_that_record_nothing() {
    assertThat(Tracing.NONE.enabled()).isFalse();
    assertThat(Tracing.NONE.start(Tracing.Operation.AUTHENTICATION, Optional.empty()))
        .isSameAs(Tracing.Span.NONE);
  }
}
