package io.github.mcpoauthkit.adapter.introspection.archfixture;

/** Target of violations in other fixtures; breaks no rule itself. */
public final class IntrospectionAdapterStandIn {}
