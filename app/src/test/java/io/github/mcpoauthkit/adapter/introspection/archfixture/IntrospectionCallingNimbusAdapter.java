package io.github.mcpoauthkit.adapter.introspection.archfixture;

import io.github.mcpoauthkit.adapter.nimbus.archfixture.NimbusAdapterStandIn;

/**
 * Violation: the introspection adapter reusing the key-source adapter's code (its bounded HTTP
 * client, say) instead of owning what it needs.
 */
public final class IntrospectionCallingNimbusAdapter {
  public NimbusAdapterStandIn http() {
    return new NimbusAdapterStandIn();
  }
}
