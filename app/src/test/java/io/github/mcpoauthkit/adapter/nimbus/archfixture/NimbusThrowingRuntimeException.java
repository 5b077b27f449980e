package io.github.mcpoauthkit.adapter.nimbus.archfixture;

/** Violation: a failure nobody can tell apart from any other. */
public final class NimbusThrowingRuntimeException {
  public void fetch() {
    throw new RuntimeException("JWKS fetch failed");
  }
}
