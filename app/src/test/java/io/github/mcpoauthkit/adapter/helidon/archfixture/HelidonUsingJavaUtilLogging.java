package io.github.mcpoauthkit.adapter.helidon.archfixture;

import java.util.logging.Logger;

/**
 * Violation: an adapter logging through {@code java.util.logging} instead of {@link System.Logger}.
 */
public final class HelidonUsingJavaUtilLogging {
  private static final Logger LOG = Logger.getLogger(HelidonUsingJavaUtilLogging.class.getName());

  public void started() {
    LOG.info("started");
  }
}
