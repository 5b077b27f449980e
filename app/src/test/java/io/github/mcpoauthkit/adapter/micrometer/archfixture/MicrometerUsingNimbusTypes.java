package io.github.mcpoauthkit.adapter.micrometer.archfixture;

import com.nimbusds.jose.JWSAlgorithm;

/** Violation: the metrics adapter using the key-source adapter's library. */
public final class MicrometerUsingNimbusTypes {
  public String algorithm() {
    return JWSAlgorithm.RS256.getName();
  }
}
