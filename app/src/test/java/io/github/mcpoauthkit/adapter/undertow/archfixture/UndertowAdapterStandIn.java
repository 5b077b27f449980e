package io.github.mcpoauthkit.adapter.undertow.archfixture;

/** Target of violations in other fixtures; breaks no rule itself. */
public final class UndertowAdapterStandIn {}
