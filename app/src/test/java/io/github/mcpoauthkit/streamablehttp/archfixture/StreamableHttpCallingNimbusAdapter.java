package io.github.mcpoauthkit.streamablehttp.archfixture;

import io.github.mcpoauthkit.adapter.nimbus.archfixture.NimbusAdapterStandIn;

/**
 * Violation: the MCP transport reaching into the key-source adapter instead of going through a
 * port.
 */
public final class StreamableHttpCallingNimbusAdapter {
  public NimbusAdapterStandIn keys() {
    return new NimbusAdapterStandIn();
  }
}
