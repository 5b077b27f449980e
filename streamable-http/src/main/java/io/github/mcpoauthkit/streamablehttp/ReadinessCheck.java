package io.github.mcpoauthkit.streamablehttp;

import java.util.Map;
import java.util.Objects;

/**
 * Whether the server can authenticate requests now, for {@code /health/ready}: typically the state
 * of the issuer's key set. Implementations must be cheap and thread-safe.
 */
@FunctionalInterface
public interface ReadinessCheck {

  /** Always ready. */
  ReadinessCheck ALWAYS_READY = () -> new Readiness(true, Map.of());

  /** The current state. */
  Readiness check();

  /**
   * @param ready whether requests can be authenticated
   * @param details facts for operators (no secrets), rendered into the JSON answer
   */
  record Readiness(boolean ready, Map<String, Object> details) {
    /**
     * @throws NullPointerException if {@code details} is null
     */
    public Readiness {
      details = Map.copyOf(Objects.requireNonNull(details, "details"));
    }
  }
}
