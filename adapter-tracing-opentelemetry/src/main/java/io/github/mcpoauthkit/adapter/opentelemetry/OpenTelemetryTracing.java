package io.github.mcpoauthkit.adapter.opentelemetry;

import io.github.mcpoauthkit.port.driven.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kit's {@link Tracing} with the OpenTelemetry SDK: spans under the caller's W3C trace context
 * (read with OpenTelemetry's own {@link W3CTraceContextPropagator}), handed to a batch span
 * processor whose queue is bounded (a span that finds it full is dropped, never waited for) and
 * exported on the processor's thread.
 *
 * <p>Only the composition root creates one, and only when an OTLP endpoint is configured: without
 * one the kit binds {@link Tracing#NONE} and this class, and the SDK, are never loaded. {@link
 * #close()} exports what is queued, then stops. Thread-safe.
 */
public final class OpenTelemetryTracing implements Tracing, AutoCloseable {

  /** Most spans waiting for export; more are dropped. */
  static final int MAX_QUEUE_SIZE = 2048;

  /** Most spans in one export. */
  static final int MAX_BATCH_SIZE = 512;

  /** How often queued spans are exported. */
  static final Duration SCHEDULE_DELAY = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(OpenTelemetryTracing.class);
  private static final String INSTRUMENTATION = "io.github.mcpoauthkit";
  private static final Map<Attribute, AttributeKey<String>> STRING_KEYS = stringKeys();
  private static final Map<Attribute, AttributeKey<Long>> LONG_KEYS = longKeys();
  private static final TextMapGetter<RemoteParent> CARRIER =
      new TextMapGetter<>() {
        @Override
        public String get(RemoteParent carrier, String key) {
          if (carrier == null) {
            return null;
          }
          return switch (key) {
            case "traceparent" -> carrier.traceparent();
            case "tracestate" -> carrier.tracestate().isEmpty() ? null : carrier.tracestate();
            default -> null;
          };
        }
      };

  private final SdkTracerProvider provider;
  private final Tracer tracer;

  private OpenTelemetryTracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider.get(INSTRUMENTATION);
  }

  /**
   * Tracing exported over OTLP/HTTP (protobuf) with the JDK's HTTP client.
   *
   * @param settings the collector and the service's name
   */
  public static OpenTelemetryTracing exportingOtlp(OtlpSettings settings) {
    OtlpHttpSpanExporterBuilder exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(settings.tracesUrl().toString())
            .setTimeout(settings.timeout());
    settings.headers().forEach(exporter::addHeader);
    LOG.info(
        "Traces exported over OTLP/HTTP to {} as service {}",
        settings.tracesUrl(),
        settings.serviceName());
    return exportingTo(exporter.build(), settings.serviceName());
  }

  /**
   * Tracing exported to {@code exporter} through the same bounded batch processor: for tests (an
   * in-memory exporter) and for embedding servers that bring their own exporter.
   *
   * @param exporter where batches of spans go
   * @param serviceName the resource's {@code service.name}
   */
  public static OpenTelemetryTracing exportingTo(SpanExporter exporter, String serviceName) {
    Objects.requireNonNull(exporter, "exporter");
    Objects.requireNonNull(serviceName, "serviceName");
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(AttributeKey.stringKey("service.name"), serviceName)));
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .addSpanProcessor(
                BatchSpanProcessor.builder(exporter)
                    .setMaxQueueSize(MAX_QUEUE_SIZE)
                    .setMaxExportBatchSize(MAX_BATCH_SIZE)
                    .setScheduleDelay(SCHEDULE_DELAY)
                    .build())
            .build();
    return new OpenTelemetryTracing(provider);
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Tracing.Span start(Operation operation, Optional<RemoteParent> parent) {
    Objects.requireNonNull(operation, "operation");
    // An explicit root context: a span never picks up whatever another library made current.
    Context context =
        parent
            .map(
                remote ->
                    W3CTraceContextPropagator.getInstance()
                        .extract(Context.root(), remote, CARRIER))
            .orElse(Context.root());
    io.opentelemetry.api.trace.Span span =
        tracer
            .spanBuilder(operation.spanName())
            .setSpanKind(operation.server() ? SpanKind.SERVER : SpanKind.INTERNAL)
            .setParent(context)
            .startSpan();
    return new KitSpan(span, operation);
  }

  /** Exports every span ended so far; waits at most {@code timeout}. */
  public boolean flush(Duration timeout) {
    return provider.forceFlush().join(timeout.toMillis(), TimeUnit.MILLISECONDS).isSuccess();
  }

  /** Exports what is queued (for at most 10 s), then stops the exporter. */
  @Override
  public void close() {
    CompletableResultCode result = provider.shutdown().join(10, TimeUnit.SECONDS);
    if (!result.isSuccess()) {
      LOG.warn("Not every span could be exported before the stop");
    }
  }

  private static Map<Attribute, AttributeKey<String>> stringKeys() {
    Map<Attribute, AttributeKey<String>> keys = new EnumMap<>(Attribute.class);
    for (Attribute attribute : Attribute.values()) {
      keys.put(attribute, AttributeKey.stringKey(attribute.key()));
    }
    return keys;
  }

  private static Map<Attribute, AttributeKey<Long>> longKeys() {
    Map<Attribute, AttributeKey<Long>> keys = new EnumMap<>(Attribute.class);
    for (Attribute attribute : Attribute.values()) {
      keys.put(attribute, AttributeKey.longKey(attribute.key()));
    }
    return keys;
  }

  /**
   * A span of the kit. The MCP handler's span is named {@code "{mcp.method.name} {tool}"} when it
   * ends, as OpenTelemetry's MCP conventions name server spans.
   */
  private static final class KitSpan implements Tracing.Span {

    private final io.opentelemetry.api.trace.Span span;
    private final Operation operation;
    private String method;
    private String tool;
    private boolean ended;

    KitSpan(io.opentelemetry.api.trace.Span span, Operation operation) {
      this.span = span;
      this.operation = operation;
    }

    @Override
    public void attribute(Attribute key, String value) {
      String cut =
          value.length() > RemoteParent.MAX_ATTRIBUTE_LENGTH
              ? value.substring(0, RemoteParent.MAX_ATTRIBUTE_LENGTH)
              : value;
      if (key == Attribute.MCP_METHOD) {
        method = cut;
      } else if (key == Attribute.TOOL_NAME) {
        tool = cut;
      }
      span.setAttribute(STRING_KEYS.get(key), cut);
    }

    @Override
    public void attribute(Attribute key, long value) {
      span.setAttribute(LONG_KEYS.get(key), value);
    }

    @Override
    public void failed(String description) {
      span.setStatus(StatusCode.ERROR, description);
    }

    @Override
    public void end() {
      if (ended) {
        return;
      }
      ended = true;
      if (operation == Operation.MCP_REQUEST && method != null) {
        span.updateName(tool == null ? method : method + " " + tool);
      }
      span.end();
    }
  }
}
