package io.github.mcpoauthkit.streamablehttp;

import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.github.mcpoauthkit.port.driven.Metrics;
import io.github.mcpoauthkit.port.driven.Tracing;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One request on its way through {@link ResourceServerHandler}, as metrics, the audit log and
 * traces see it: the handler notes the era, the authentication decision and the MCP method as it
 * takes them, and when the first answer leaves (a complete answer or the head of an event stream)
 * the request is counted and timed, and its decision audited. With tracing on, each authentication
 * step and the MCP handler's work are spans ({@link RequestTraces}). Used by the request's thread
 * only.
 *
 * <p>{@link #OFF} notes nothing and passes answers through: the handler's path when neither
 * metrics, the audit log nor traces are wanted, at no cost.
 */
class Exchange implements HttpResponseChannel {

  /**
   * Notes nothing, and is no channel: the handler writes to the adapter's channel directly then.
   * Shared by every thread, so it keeps no state.
   */
  static final Exchange OFF =
      new Exchange() {
        @Override
        void era(Metrics.Era era) {}

        @Override
        void decided(Verdict verdict) {}

        @Override
        void message(JsonRpc.Parsed message) {}

        @Override
        void authenticating(RequestTraces.Step step) {}

        @Override
        Tracing.Span handling(Optional<String> tool) {
          return Tracing.Span.NONE;
        }

        @Override
        public void send(HttpAnswer answer) {
          throw new IllegalStateException("Exchange.OFF is no channel");
        }

        @Override
        public EventStreamSink openEventStream(Map<String, String> headers) {
          throw new IllegalStateException("Exchange.OFF is no channel");
        }
      };

  private final HttpResponseChannel delegate;
  private final HttpRequestView request;
  private final Metrics metrics;
  private final AuditLog audit;
  private final RequestTraces traces;
  private final LongSupplier nanoTime;
  private final long started;
  private final Metrics.Route route;
  private Metrics.Era era = Metrics.Era.NONE;
  private Verdict decision;
  private VerifiedToken principal;
  private JsonRpc.Parsed message;
  private boolean answered;
  private Tracing.Span authentication = Tracing.Span.NONE;
  private Tracing.Span handler = Tracing.Span.NONE;

  private Exchange() {
    this.delegate = null;
    this.request = null;
    this.metrics = Metrics.NONE;
    this.audit = AuditLog.OFF;
    this.traces = RequestTraces.OFF;
    this.nanoTime = () -> 0;
    this.started = 0;
    this.route = Metrics.Route.OTHER;
  }

  /** A channel onto {@code delegate} that measures, audits and traces {@code request}. */
  Exchange(
      HttpRequestView request,
      HttpResponseChannel delegate,
      Metrics.Route route,
      Metrics metrics,
      AuditLog audit,
      RequestTraces traces,
      LongSupplier nanoTime) {
    this.delegate = delegate;
    this.request = request;
    this.metrics = metrics;
    this.audit = audit;
    this.traces = traces;
    this.nanoTime = nanoTime;
    this.started = nanoTime.getAsLong();
    this.route = route;
  }

  /** The era that serves the request. */
  void era(Metrics.Era era) {
    this.era = era;
  }

  /**
   * An authentication step begins: the span that {@link #decided} ends. A step that ends without a
   * verdict (the request was answered first) ends with the first answer.
   */
  void authenticating(RequestTraces.Step step) {
    authentication.end();
    authentication = traces.authentication(request, step, era);
  }

  /** An authentication verdict the handler acted on; a later one replaces it. */
  void decided(Verdict verdict) {
    this.decision = verdict;
    if (verdict instanceof Verdict.Accepted accepted) {
      this.principal = accepted.token();
    }
    RequestTraces.decided(authentication, verdict);
    authentication = Tracing.Span.NONE;
  }

  /** The JSON-RPC message of the request, for its MCP method and the name it acts on. */
  void message(JsonRpc.Parsed message) {
    this.message = message;
  }

  /**
   * The MCP handler takes over the request: its span, under the trace the message's {@code _meta}
   * names, else the one of the HTTP headers. The caller ends it when the handler returns.
   *
   * @param tool the tool of a {@code tools/call}
   */
  Tracing.Span handling(Optional<String> tool) {
    handler = traces.handling(request, message, mcpMethod(), tool, era);
    return handler;
  }

  @Override
  public void send(HttpAnswer answer) throws IOException {
    answered(answer.status());
    delegate.send(answer);
  }

  @Override
  public EventStreamSink openEventStream(Map<String, String> headers) throws IOException {
    answered(200);
    return delegate.openEventStream(headers);
  }

  private void answered(int status) {
    if (answered) {
      return;
    }
    answered = true;
    authentication.end();
    RequestTraces.answered(handler, status);
    long nanos = Math.max(0, nanoTime.getAsLong() - started);
    if (decision != null) {
      metrics.decided(decision(decision));
      audit.decided(this, status);
    }
    metrics.answered(
        new Metrics.Answered(route, Metrics.Method.of(request.method()), era, status), nanos);
  }

  static Metrics.Decision decision(Verdict verdict) {
    if (verdict instanceof Verdict.Rejected rejected) {
      return Metrics.Decision.rejected(rejected.rejection().code());
    }
    return verdict instanceof Verdict.Accepted
        ? Metrics.Decision.ACCEPTED
        : Metrics.Decision.UNDECIDED;
  }

  // ------------------------------------------------------------ what the audit line reads

  HttpRequestView request() {
    return request;
  }

  Verdict decision() {
    return decision;
  }

  Optional<VerifiedToken> principal() {
    return Optional.ofNullable(principal);
  }

  Metrics.Era era() {
    return era;
  }

  /** The MCP method of the request, if it was a JSON-RPC request or notification. */
  Optional<String> mcpMethod() {
    if (message instanceof JsonRpc.Request call) {
      return Optional.of(call.message().method());
    }
    if (message instanceof JsonRpc.Notification notification) {
      return Optional.of(notification.message().method());
    }
    return Optional.empty();
  }

  /**
   * What the request acts on: the tool of {@code tools/call}, the prompt of {@code prompts/get},
   * the URI of {@code resources/read}.
   */
  Optional<String> mcpName() {
    if (message instanceof JsonRpc.Request call
        && call.message().params() instanceof Map<?, ?> params) {
      Object name =
          switch (call.message().method()) {
            case "tools/call", "prompts/get" -> params.get("name");
            case "resources/read" -> params.get("uri");
            default -> null;
          };
      if (name instanceof String value) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
