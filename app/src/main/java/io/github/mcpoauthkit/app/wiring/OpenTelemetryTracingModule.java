package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import io.github.mcpoauthkit.adapter.opentelemetry.OpenTelemetryTracing;
import io.github.mcpoauthkit.port.driven.Tracing;

/**
 * Spans recorded with the OpenTelemetry SDK and exported over OTLP. Chosen when {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT} is set, {@link NoTracingModule} otherwise; the application creates
 * the SDK (which starts its export thread) and closes it after the server has stopped.
 */
public final class OpenTelemetryTracingModule extends AbstractModule {

  private final OpenTelemetryTracing tracing;

  public OpenTelemetryTracingModule(OpenTelemetryTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  protected void configure() {
    bind(Tracing.class).toInstance(tracing);
  }
}
