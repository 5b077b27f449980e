package io.github.mcpoauthkit.adapter.introspection;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link NimbusTokenIntrospector} talks HTTP to the introspection endpoint. Immutable.
 *
 * <p>Redirects are never followed, whatever these settings say: the token goes to the endpoint
 * configured or published by the issuer, nowhere else.
 *
 * @param timeout the longest one call may take, from connecting to the last byte of the answer;
 *     positive. It is spent on every request that misses the cache while the issuer is slow, so it
 *     is short
 * @param maxResponseBytes the largest answer read; a larger one is abandoned as soon as the limit
 *     is passed, so memory stays bounded; positive
 * @param allowInsecureHttp whether plain {@code http} is accepted for hosts that are not loopback
 *     addresses; for testing only ({@code http://localhost}, {@code 127.0.0.0/8} and {@code [::1]}
 *     are always accepted). The client's credentials and the token travel in the request
 */
public record IntrospectionHttpSettings(
    Duration timeout, int maxResponseBytes, boolean allowInsecureHttp) {

  /** 2 s per call, 64 KiB per answer, https required beyond loopback. */
  public static final IntrospectionHttpSettings DEFAULTS =
      new IntrospectionHttpSettings(Duration.ofSeconds(2), 64 * 1024, false);

  /**
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} or {@code maxResponseBytes} is not positive
   */
  public IntrospectionHttpSettings {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive: " + maxResponseBytes);
    }
  }
}
