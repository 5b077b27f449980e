package io.github.mcpoauthkit.adapter.opentelemetry.archfixture;

import io.github.mcpoauthkit.adapter.micrometer.archfixture.MicrometerAdapterStandIn;

/** Violation: the tracing adapter calling the metrics adapter instead of meeting it in app. */
public final class OpenTelemetryCallingMicrometerAdapter {
  public Object metrics() {
    return new MicrometerAdapterStandIn();
  }
}
