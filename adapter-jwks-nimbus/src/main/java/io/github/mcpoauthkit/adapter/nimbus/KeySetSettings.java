package io.github.mcpoauthkit.adapter.nimbus;

import java.time.Duration;
import java.util.Objects;

/**
 * How the issuer's JWKS is cached and refreshed. The defaults suit most issuers: keys are cached
 * for 5 minutes and refreshed in the background 30 seconds before they expire; a token naming an
 * unknown {@code kid} triggers a refresh, but at most two fetches happen per 30-second window, so a
 * flood of forged {@code kid}s cannot hammer the issuer; a failed fetch is retried once; while the
 * JWKS endpoint is down, keys already fetched keep working for up to 1 hour.
 *
 * <p>The price of the rate limit: while an attacker floods unknown {@code kid}s, a token signed by
 * a key the issuer has just rotated in may be refused for up to {@link #rateLimitInterval()} (30 s
 * by default), until the next allowed fetch brings the new key.
 *
 * @param cacheTimeToLive how long a fetched key set is used before it is fetched again
 * @param refreshAhead how long before expiry a background refresh starts
 * @param refreshTimeout how long a request waits for a refresh that another request started
 * @param rateLimitInterval the window in which at most two fetches happen
 * @param outageTolerance how long cached keys keep working while the JWKS endpoint fails
 */
public record KeySetSettings(
    Duration cacheTimeToLive,
    Duration refreshAhead,
    Duration refreshTimeout,
    Duration rateLimitInterval,
    Duration outageTolerance) {

  /** The defaults described above. */
  public static final KeySetSettings DEFAULTS =
      new KeySetSettings(
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofSeconds(15),
          Duration.ofSeconds(30),
          Duration.ofHours(1));

  /**
   * @throws IllegalArgumentException if a duration is not positive, if {@code refreshAhead +
   *     refreshTimeout} is not below {@code cacheTimeToLive}, or if {@code rateLimitInterval} is
   *     not below {@code cacheTimeToLive}
   */
  public KeySetSettings {
    positive(cacheTimeToLive, "cacheTimeToLive");
    positive(refreshAhead, "refreshAhead");
    positive(refreshTimeout, "refreshTimeout");
    positive(rateLimitInterval, "rateLimitInterval");
    positive(outageTolerance, "outageTolerance");
    if (refreshAhead.plus(refreshTimeout).compareTo(cacheTimeToLive) >= 0) {
      throw new IllegalArgumentException(
          "refreshAhead + refreshTimeout ("
              + refreshAhead.plus(refreshTimeout)
              + ") must be shorter than cacheTimeToLive ("
              + cacheTimeToLive
              + ")");
    }
    if (rateLimitInterval.compareTo(cacheTimeToLive) >= 0) {
      throw new IllegalArgumentException(
          "rateLimitInterval ("
              + rateLimitInterval
              + ") must be shorter than cacheTimeToLive ("
              + cacheTimeToLive
              + ")");
    }
  }

  private static void positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }
}
