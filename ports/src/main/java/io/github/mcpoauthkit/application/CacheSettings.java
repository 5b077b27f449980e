package io.github.mcpoauthkit.application;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the verified-token cache.
 *
 * @param maxEntries the most tokens kept; 0 switches the cache off
 * @param maxLifetime the longest an entry is trusted without verifying the token again, however far
 *     off its {@code exp}
 */
public record CacheSettings(int maxEntries, Duration maxLifetime) {

  /** 10 000 tokens for at most 5 minutes each. */
  public static final CacheSettings DEFAULT = new CacheSettings(10_000, Duration.ofMinutes(5));

  /**
   * @throws IllegalArgumentException if {@code maxEntries} is negative or {@code maxLifetime} is
   *     not positive
   */
  public CacheSettings {
    Objects.requireNonNull(maxLifetime, "maxLifetime");
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries cannot be negative, was " + maxEntries);
    }
    if (maxLifetime.isNegative() || maxLifetime.isZero()) {
      throw new IllegalArgumentException("maxLifetime must be positive, was " + maxLifetime);
    }
  }

  /** No caching: every request verifies its token. */
  public static CacheSettings disabled() {
    return new CacheSettings(0, Duration.ofSeconds(1));
  }
}
