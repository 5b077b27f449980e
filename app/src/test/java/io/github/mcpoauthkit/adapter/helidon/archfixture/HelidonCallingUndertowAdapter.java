package io.github.mcpoauthkit.adapter.helidon.archfixture;

import io.github.mcpoauthkit.adapter.undertow.archfixture.UndertowAdapterStandIn;

/** Violation: one web-server adapter using another. */
public final class HelidonCallingUndertowAdapter {
  public UndertowAdapterStandIn other() {
    return new UndertowAdapterStandIn();
  }
}
