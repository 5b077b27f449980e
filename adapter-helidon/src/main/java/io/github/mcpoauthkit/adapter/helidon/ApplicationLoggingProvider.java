package io.github.mcpoauthkit.adapter.helidon;

import io.helidon.common.Weight;
import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon that the application, not Helidon, configures logging. Helidon logs through {@link
 * System.Logger}, which the application routes to its own backend (the kit's {@code app} routes it
 * to SLF4J); without a provider Helidon writes "There is no Helidon logging implementation on
 * classpath" to standard error at every start. A real Helidon logging module on the classpath
 * outweighs this one.
 */
@Weight(1)
public final class ApplicationLoggingProvider implements LoggingProvider {

  /** Called by Helidon's service loader. */
  public ApplicationLoggingProvider() {}

  @Override
  public void initialization() {
    // Nothing to set up: the application owns the logging configuration.
  }

  @Override
  public void runTime() {
    // Only native images reconfigure logging at run time; the kit does not build one.
  }
}
