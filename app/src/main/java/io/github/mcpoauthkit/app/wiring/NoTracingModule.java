package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import io.github.mcpoauthkit.port.driven.Tracing;

/**
 * No traces: no span is started and no trace context is read, and the OpenTelemetry SDK is never
 * loaded. Chosen when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is unset.
 */
public final class NoTracingModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(Tracing.class).toInstance(Tracing.NONE);
  }
}
