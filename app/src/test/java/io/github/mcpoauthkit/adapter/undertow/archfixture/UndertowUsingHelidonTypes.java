package io.github.mcpoauthkit.adapter.undertow.archfixture;

import io.helidon.http.Status;

/** Violation: the Undertow adapter using Helidon types. */
public final class UndertowUsingHelidonTypes {
  public Status ok() {
    return Status.OK_200;
  }
}
