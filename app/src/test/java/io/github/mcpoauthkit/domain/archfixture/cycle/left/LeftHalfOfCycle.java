package io.github.mcpoauthkit.domain.archfixture.cycle.left;

import io.github.mcpoauthkit.domain.archfixture.cycle.right.RightHalfOfCycle;

/** Violation: one half of a cycle between two packages of the same module. */
public final class LeftHalfOfCycle {
  public RightHalfOfCycle other() {
    return new RightHalfOfCycle();
  }
}
