package io.github.mcpoauthkit.streamablehttp.archfixture;

import io.github.mcpoauthkit.adapter.helidon.archfixture.HelidonAdapterStandIn;

/** Violation: the transport-neutral module reaching out to one of the web servers that wrap it. */
public final class StreamableHttpReachingIntoHelidon {
  public HelidonAdapterStandIn adapter() {
    return new HelidonAdapterStandIn();
  }
}
