package io.github.mcpoauthkit.adapter.opentelemetry.archfixture;

import com.nimbusds.jose.JWSAlgorithm;

/** Violation: the tracing adapter using the key-source adapter's library. */
public final class OpenTelemetryUsingNimbusTypes {
  public String algorithm() {
    return JWSAlgorithm.RS256.getName();
  }
}
