package io.github.mcpoauthkit.application;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of token introspection in this process: the cache of answers and the calls made to the
 * issuer's introspection endpoint. Immutable.
 *
 * @param cacheSize the most answers kept; 0 switches the cache off
 * @param cacheTtl the longest an active answer is trusted without asking again, however far off the
 *     token's {@code exp}; a revoked token stays accepted for up to this long
 * @param negativeCacheTtl how long a refusal (an inactive token, or an active one these rules
 *     refuse) is remembered, so that a flood of bad tokens does not become a flood of calls to the
 *     issuer; zero remembers none
 * @param maxConcurrent the most introspection calls in flight at once; one more is not queued but
 *     answered as unavailable (503)
 * @param callsPerSecond the most introspection calls started per second, with bursts of as many;
 *     beyond it a token not in the cache is answered as unavailable (503)
 */
public record IntrospectionSettings(
    int cacheSize,
    Duration cacheTtl,
    Duration negativeCacheTtl,
    int maxConcurrent,
    int callsPerSecond) {

  /**
   * 10 000 answers, active ones for at most 60 s, refusals for 10 s; 32 calls at once, 100 per
   * second.
   */
  public static final IntrospectionSettings DEFAULT =
      new IntrospectionSettings(10_000, Duration.ofSeconds(60), Duration.ofSeconds(10), 32, 100);

  /**
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException if {@code cacheSize} or {@code negativeCacheTtl} is negative,
   *     {@code cacheTtl} is not positive, or {@code maxConcurrent} or {@code callsPerSecond} is
   *     below 1
   */
  public IntrospectionSettings {
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    Objects.requireNonNull(negativeCacheTtl, "negativeCacheTtl");
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize cannot be negative, was " + cacheSize);
    }
    if (cacheTtl.isZero() || cacheTtl.isNegative()) {
      throw new IllegalArgumentException("cacheTtl must be positive, was " + cacheTtl);
    }
    if (negativeCacheTtl.isNegative()) {
      throw new IllegalArgumentException(
          "negativeCacheTtl cannot be negative, was " + negativeCacheTtl);
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
    }
    if (callsPerSecond < 1) {
      throw new IllegalArgumentException(
          "callsPerSecond must be at least 1, was " + callsPerSecond);
    }
  }
}
