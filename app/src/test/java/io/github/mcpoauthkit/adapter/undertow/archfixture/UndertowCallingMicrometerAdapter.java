package io.github.mcpoauthkit.adapter.undertow.archfixture;

import io.github.mcpoauthkit.adapter.micrometer.archfixture.MicrometerAdapterStandIn;

/** Violation: the Undertow adapter calling the metrics adapter instead of the port. */
public final class UndertowCallingMicrometerAdapter {
  public Object metrics() {
    return new MicrometerAdapterStandIn();
  }
}
