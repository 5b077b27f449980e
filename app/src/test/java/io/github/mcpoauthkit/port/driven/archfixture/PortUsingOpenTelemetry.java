package io.github.mcpoauthkit.port.driven.archfixture;

import io.opentelemetry.context.Context;

/** Violation: a port that speaks in OpenTelemetry's context type, forcing it on every caller. */
public final class PortUsingOpenTelemetry {
  public Context parent() {
    return Context.root();
  }
}
