package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import io.github.mcpoauthkit.adapter.micrometer.MicrometerMetrics;
import io.github.mcpoauthkit.port.driven.Metrics;

/**
 * Metrics kept in a Micrometer Prometheus registry; the application serves it on the management
 * listener. Chosen when {@code MANAGEMENT_PORT} is set, {@link NoMetricsModule} otherwise.
 */
public final class MicrometerMetricsModule extends AbstractModule {

  private final MicrometerMetrics metrics;

  public MicrometerMetricsModule(MicrometerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  protected void configure() {
    bind(MicrometerMetrics.class).toInstance(metrics);
    bind(Metrics.class).toInstance(metrics);
  }
}
