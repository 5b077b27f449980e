package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import io.github.mcpoauthkit.port.driven.Metrics;

/** No metrics: nothing is counted, at no cost per request. */
public final class NoMetricsModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(Metrics.class).toInstance(Metrics.NONE);
  }
}
