package io.github.mcpoauthkit.app.archfixture;

import java.time.Clock;

/** Violation: dependencies injected into fields, by Guice and by {@code jakarta.inject}. */
public final class AppWithFieldInjection {
  @com.google.inject.Inject private Clock clock;

  @jakarta.inject.Inject private Clock otherClock;

  public boolean sameClock() {
    return clock == otherClock;
  }
}
