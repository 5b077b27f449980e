package io.github.mcpoauthkit.adapter.nimbus.archfixture;

/** Target of violations in other fixtures; breaks no rule itself. */
public final class NimbusAdapterStandIn {}
