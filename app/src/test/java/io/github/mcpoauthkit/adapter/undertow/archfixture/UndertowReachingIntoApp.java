package io.github.mcpoauthkit.adapter.undertow.archfixture;

import io.github.mcpoauthkit.app.archfixture.CompositionRootStandIn;

/** Violation: an adapter that knows the composition root which is supposed to build it. */
public final class UndertowReachingIntoApp {
  public CompositionRootStandIn root() {
    return new CompositionRootStandIn();
  }
}
