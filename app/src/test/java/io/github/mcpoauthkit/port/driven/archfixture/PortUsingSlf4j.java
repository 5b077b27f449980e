package io.github.mcpoauthkit.port.driven.archfixture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Violation: a port that logs through SLF4J, forcing it on every adapter. */
public final class PortUsingSlf4j {
  private static final Logger LOG = LoggerFactory.getLogger(PortUsingSlf4j.class);

  public void fetched() {
    LOG.debug("fetched");
  }
}
