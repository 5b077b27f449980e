package io.github.mcpoauthkit.streamablehttp;

import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.port.driven.Metrics;
import io.github.mcpoauthkit.port.driven.Tracing;
import io.github.mcpoauthkit.port.driven.Tracing.Attribute;
import io.github.mcpoauthkit.port.driven.Tracing.RemoteParent;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The spans of a request to the MCP endpoint, and where their parents come from.
 *
 * <ul>
 *   <li>{@code mcp.authenticate}, one per authentication step (the bearer token; the per-tool scope
 *       check when the tool has scopes of its own): its parent is the HTTP request's {@code
 *       traceparent} header, the only context known before the body is read. Attributes: the
 *       verdict, the rejection's stable code, the step, the era when known. Never the token, its
 *       claims or the subject: a trace backend is not a place for who called.
 *   <li>the MCP handler's span, for each JSON-RPC message posted and accepted: its parent is {@code
 *       params._meta.traceparent} (with {@code tracestate}) when the message carries a valid one,
 *       else the HTTP header's, else none (a new trace). {@code _meta} wins because it names the
 *       MCP message's own caller, while an HTTP header may be a proxy's or a gateway's: the HTTP
 *       context covers the HTTP request, not the message (OpenTelemetry's MCP semantic conventions,
 *       "Context propagation"; MCP 2026-07-28 reserves these {@code _meta} keys, SEP-414).
 *       Attributes: the method, the tool, the era, the HTTP status of the answer, and which carrier
 *       gave the parent.
 * </ul>
 *
 * <p>Every method is reached only when tracing is on ({@link Exchange#OFF} otherwise), so a kit
 * without tracing reads no carrier and allocates nothing here. Thread-safe.
 */
final class RequestTraces {

  /** Starts no span. */
  static final RequestTraces OFF = new RequestTraces(Tracing.NONE);

  /** Which authentication step a span measures. */
  enum Step {
    /** The bearer token of the request. */
    BEARER("bearer"),
    /** The per-tool scopes of a {@code tools/call}. */
    TOOL_SCOPE("tool_scope");

    private final String label;

    Step(String label) {
      this.label = label;
    }
  }

  private final Tracing tracing;

  RequestTraces(Tracing tracing) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
  }

  boolean enabled() {
    return tracing.enabled();
  }

  Tracing.Span authentication(HttpRequestView request, Step step, Metrics.Era era) {
    if (!tracing.enabled()) {
      return Tracing.Span.NONE;
    }
    Tracing.Span span = tracing.start(Tracing.Operation.AUTHENTICATION, fromHeaders(request));
    span.attribute(Attribute.AUTH_STEP, step.label);
    if (era != Metrics.Era.NONE) {
      span.attribute(Attribute.MCP_ERA, era.label());
    }
    return span;
  }

  /** Records {@code verdict} on {@code span} and ends it. */
  static void decided(Tracing.Span span, Verdict verdict) {
    if (span == Tracing.Span.NONE) {
      return;
    }
    if (verdict instanceof Verdict.Rejected rejected) {
      span.attribute(Attribute.AUTH_VERDICT, "rejected");
      span.attribute(Attribute.AUTH_REJECTION_CODE, rejected.rejection().code().code());
    } else if (verdict instanceof Verdict.Accepted) {
      span.attribute(Attribute.AUTH_VERDICT, "accepted");
    } else {
      span.attribute(Attribute.AUTH_VERDICT, "undecided");
      span.failed("issuer keys unavailable");
    }
    span.end();
  }

  Tracing.Span handling(
      HttpRequestView request,
      JsonRpc.Parsed message,
      Optional<String> method,
      Optional<String> tool,
      Metrics.Era era) {
    if (!tracing.enabled()) {
      return Tracing.Span.NONE;
    }
    Optional<RemoteParent> meta = fromMeta(message);
    Optional<RemoteParent> header = meta.isPresent() ? Optional.empty() : fromHeaders(request);
    Tracing.Span span =
        tracing.start(Tracing.Operation.MCP_REQUEST, meta.isPresent() ? meta : header);
    span.attribute(
        Attribute.PARENT_SOURCE,
        meta.isPresent() ? "mcp_meta" : header.isPresent() ? "http_header" : "none");
    method.ifPresent(value -> span.attribute(Attribute.MCP_METHOD, value));
    tool.ifPresent(value -> span.attribute(Attribute.TOOL_NAME, value));
    if (era != Metrics.Era.NONE) {
      span.attribute(Attribute.MCP_ERA, era.label());
    }
    return span;
  }

  /** Records the status of the request's first answer on the handler's span. */
  static void answered(Tracing.Span span, int status) {
    if (span == Tracing.Span.NONE) {
      return;
    }
    span.attribute(Attribute.HTTP_STATUS, status);
    if (status >= 500) {
      span.failed("server error");
    }
  }

  static Optional<RemoteParent> fromHeaders(HttpRequestView request) {
    Optional<String> traceparent = request.header("traceparent");
    if (traceparent.isEmpty()) {
      return Optional.empty();
    }
    return RemoteParent.parse(traceparent, request.header("tracestate"));
  }

  /** {@code params._meta.traceparent} and {@code tracestate}, when both are strings. */
  static Optional<RemoteParent> fromMeta(JsonRpc.Parsed message) {
    Object params = null;
    if (message instanceof JsonRpc.Request call) {
      params = call.message().params();
    } else if (message instanceof JsonRpc.Notification notification) {
      params = notification.message().params();
    }
    if (params instanceof Map<?, ?> map
        && map.get("_meta") instanceof Map<?, ?> meta
        && meta.get("traceparent") instanceof String traceparent) {
      Optional<String> tracestate =
          meta.get("tracestate") instanceof String state ? Optional.of(state) : Optional.empty();
      return RemoteParent.parse(Optional.of(traceparent), tracestate);
    }
    return Optional.empty();
  }
}
