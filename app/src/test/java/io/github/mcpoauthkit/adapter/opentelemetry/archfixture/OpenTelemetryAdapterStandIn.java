package io.github.mcpoauthkit.adapter.opentelemetry.archfixture;

/** Target of violations in other fixtures; breaks no rule itself. */
public final class OpenTelemetryAdapterStandIn {}
