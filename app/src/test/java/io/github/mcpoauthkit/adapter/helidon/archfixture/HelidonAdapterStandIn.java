package io.github.mcpoauthkit.adapter.helidon.archfixture;

/** Target of violations in other fixtures; breaks no rule itself. */
public final class HelidonAdapterStandIn {}
