package io.github.mcpoauthkit.application.archfixture;

import io.github.mcpoauthkit.port.driving.archfixture.DrivingPortHalfOfCycle;

/** Violation: the application half of the cycle started by {@link DrivingPortHalfOfCycle}. */
public final class ApplicationHalfOfCycle {
  public DrivingPortHalfOfCycle port() {
    return new DrivingPortHalfOfCycle();
  }
}
