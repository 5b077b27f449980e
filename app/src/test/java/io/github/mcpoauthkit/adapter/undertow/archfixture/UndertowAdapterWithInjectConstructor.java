package io.github.mcpoauthkit.adapter.undertow.archfixture;

import jakarta.inject.Inject;
import java.time.Clock;

/** Violation: an adapter made for one container by a {@code jakarta.inject} annotation. */
public final class UndertowAdapterWithInjectConstructor {
  private final Clock clock;

  @Inject
  public UndertowAdapterWithInjectConstructor(Clock clock) {
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }
}
