package io.github.mcpoauthkit.app.archfixture;

/** Target of violations in other fixtures; breaks no rule itself. */
public final class CompositionRootStandIn {}
