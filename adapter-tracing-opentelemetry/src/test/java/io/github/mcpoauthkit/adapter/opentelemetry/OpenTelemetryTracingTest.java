package io.github.mcpoauthkit.adapter.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.port.driven.Tracing;
import io.github.mcpoauthkit.port.driven.Tracing.Attribute;
import io.github.mcpoauthkit.port.driven.Tracing.Operation;
import io.github.mcpoauthkit.port.driven.Tracing.RemoteParent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenTelemetryTracingTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String PARENT_ID = "00f067aa0ba902b7";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetryTracing tracing = OpenTelemetryTracing.exportingTo(exporter, "kit");

  @AfterEach
  void close() {
    tracing.close();
  }

  private List<SpanData> spans() {
    assertThat(tracing.flush(Duration.ofSeconds(5))).isTrue();
    return exporter.getFinishedSpanItems();
  }

  @Test
  void a_span_under_a_remote_parent_continues_its_trace() {
    Optional<RemoteParent> parent =
        RemoteParent.parse(
            Optional.of("00-" + TRACE_ID + "-" + PARENT_ID + "-01"), Optional.of("vendor=x"));

    tracing.start(Operation.MCP_REQUEST, parent).end();

    SpanData span = spans().get(0);
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getParentSpanId()).isEqualTo(PARENT_ID);
    assertThat(span.getParentSpanContext().isRemote()).isTrue();
    assertThat(span.getSpanContext().getTraceState().get("vendor")).isEqualTo("x");
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name")))
        .isEqualTo("kit");
  }

  @Test
  void without_a_parent_a_span_starts_a_new_trace() {
    tracing.start(Operation.AUTHENTICATION, Optional.empty()).end();

    SpanData span = spans().get(0);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID).hasSize(32);
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.getName()).isEqualTo("mcp.authenticate");
  }

  @Test
  void the_handler_span_is_named_for_its_method_and_tool_and_carries_the_attributes() {
    Tracing.Span span = tracing.start(Operation.MCP_REQUEST, Optional.empty());
    span.attribute(Attribute.MCP_METHOD, "tools/call");
    span.attribute(Attribute.TOOL_NAME, "whoami");
    span.attribute(Attribute.HTTP_STATUS, 500);
    span.attribute(Attribute.MCP_ERA, "x".repeat(500));
    span.failed("server error");
    span.end();
    span.end();

    List<SpanData> spans = spans();
    assertThat(spans).hasSize(1);
    SpanData data = spans.get(0);
    assertThat(data.getName()).isEqualTo("tools/call whoami");
    assertThat(data.getAttributes().get(AttributeKey.stringKey("mcp.method.name")))
        .isEqualTo("tools/call");
    assertThat(data.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")))
        .isEqualTo("whoami");
    assertThat(data.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(500L);
    assertThat(data.getAttributes().get(AttributeKey.stringKey("mcp_oauth_kit.mcp.era")))
        .hasSize(RemoteParent.MAX_ATTRIBUTE_LENGTH);
    assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void close_exports_what_is_queued() {
    // InMemorySpanExporter forgets its spans when shut down: this one keeps them.
    List<SpanData> exported = new CopyOnWriteArrayList<>();
    SpanExporter keeping =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAll(spans);
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    OpenTelemetryTracing other = OpenTelemetryTracing.exportingTo(keeping, "kit");
    other.start(Operation.AUTHENTICATION, Optional.empty()).end();

    other.close();

    assertThat(exported).hasSize(1);
  }

  @Test
  void the_otlp_settings_post_to_v1_traces_and_hide_header_values() {
    OtlpSettings settings =
        new OtlpSettings(
            URI.create("http://collector:4318"),
            "kit",
            Map.of("Authorization", "Bearer secret"),
            Duration.ofSeconds(10));

    assertThat(settings.tracesUrl()).hasToString("http://collector:4318/v1/traces");
    assertThat(settings.toString()).doesNotContain("secret");
  }
}
