package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import io.github.mcpoauthkit.app.config.KitConfig;
import java.time.Clock;

/** The configuration and the clock. */
public final class ConfigModule extends AbstractModule {

  private final KitConfig config;

  public ConfigModule(KitConfig config) {
    this.config = config;
  }

  @Override
  protected void configure() {
    bind(KitConfig.class).toInstance(config);
    bind(Clock.class).toInstance(Clock.systemUTC());
  }
}
