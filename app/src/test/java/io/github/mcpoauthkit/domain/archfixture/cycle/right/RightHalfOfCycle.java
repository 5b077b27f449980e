package io.github.mcpoauthkit.domain.archfixture.cycle.right;

import io.github.mcpoauthkit.domain.archfixture.cycle.left.LeftHalfOfCycle;

/** Violation: the other half of the cycle started by {@link LeftHalfOfCycle}. */
public final class RightHalfOfCycle {
  public LeftHalfOfCycle other() {
    return new LeftHalfOfCycle();
  }
}
