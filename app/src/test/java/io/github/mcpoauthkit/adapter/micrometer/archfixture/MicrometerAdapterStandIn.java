package io.github.mcpoauthkit.adapter.micrometer.archfixture;

/** Target of violations in other fixtures; breaks no rule itself. */
public final class MicrometerAdapterStandIn {}
