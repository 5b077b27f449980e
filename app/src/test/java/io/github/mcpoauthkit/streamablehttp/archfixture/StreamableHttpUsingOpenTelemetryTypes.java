package io.github.mcpoauthkit.streamablehttp.archfixture;

import io.opentelemetry.api.trace.Span;

/** Violation: the transport-neutral module tracing with OpenTelemetry instead of the port. */
public final class StreamableHttpUsingOpenTelemetryTypes {
  public void end(Span span) {
    span.end();
  }
}
