package io.github.mcpoauthkit.adapter.introspection.archfixture;

import io.helidon.http.Status;

/** Violation: the introspection adapter using a web server's types. */
public final class IntrospectionUsingHelidonTypes {
  public Status unavailable() {
    return Status.SERVICE_UNAVAILABLE_503;
  }
}
