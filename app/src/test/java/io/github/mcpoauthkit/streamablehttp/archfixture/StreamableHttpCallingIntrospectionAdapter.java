package io.github.mcpoauthkit.streamablehttp.archfixture;

import io.github.mcpoauthkit.adapter.introspection.archfixture.IntrospectionAdapterStandIn;

/**
 * Violation: the MCP transport reaching into the introspection adapter instead of going through the
 * port.
 */
public final class StreamableHttpCallingIntrospectionAdapter {
  public IntrospectionAdapterStandIn introspector() {
    return new IntrospectionAdapterStandIn();
  }
}
