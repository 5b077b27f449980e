package io.github.mcpoauthkit.application.archfixture;

import com.google.inject.Inject;
import java.time.Clock;

/** Violation: the application service tied to Guice by its constructor annotation. */
public final class ApplicationUsingGuice {
  private final Clock clock;

  @Inject
  public ApplicationUsingGuice(Clock clock) {
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }
}
