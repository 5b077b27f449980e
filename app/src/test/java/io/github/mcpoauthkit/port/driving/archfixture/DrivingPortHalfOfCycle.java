package io.github.mcpoauthkit.port.driving.archfixture;

import io.github.mcpoauthkit.application.archfixture.ApplicationHalfOfCycle;

/** Violation: a port that knows the application service that in turn implements the ports. */
public final class DrivingPortHalfOfCycle {
  public ApplicationHalfOfCycle service() {
    return new ApplicationHalfOfCycle();
  }
}
