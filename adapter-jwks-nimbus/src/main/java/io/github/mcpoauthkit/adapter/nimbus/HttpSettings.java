package io.github.mcpoauthkit.adapter.nimbus;

import java.time.Duration;
import java.util.Objects;

/**
 * How this adapter talks HTTP to the authorization server: for the discovery document and for the
 * JWKS. Immutable and thread-safe.
 *
 * <p>Redirects are never followed, whatever these settings say: metadata and keys must be served at
 * the URL the issuer names.
 *
 * @param connectTimeout how long to wait for a TCP (and TLS) connection; positive
 * @param readTimeout how long to wait for the response headers once the request is sent; positive.
 *     The whole exchange, body included, ends after at most {@code connectTimeout + readTimeout}
 * @param maxResponseBytes the largest response body accepted; a larger one is abandoned as soon as
 *     the limit is passed, so memory stays bounded; positive
 * @param allowInsecureHttp whether plain {@code http} is accepted for hosts that are not loopback
 *     addresses; for testing only ({@code http://localhost}, {@code 127.0.0.0/8} and {@code [::1]}
 *     are always accepted)
 */
public record HttpSettings(
    Duration connectTimeout,
    Duration readTimeout,
    int maxResponseBytes,
    boolean allowInsecureHttp) {

  /** 5 s to connect, 5 s to read, 512 KiB per response, https required beyond loopback. */
  public static final HttpSettings DEFAULTS =
      new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 512 * 1024, false);

  /**
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException if a duration is zero or negative, or {@code maxResponseBytes}
   *     is not positive
   */
  public HttpSettings {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (connectTimeout.isZero() || connectTimeout.isNegative()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    if (readTimeout.isZero() || readTimeout.isNegative()) {
      throw new IllegalArgumentException("readTimeout must be positive: " + readTimeout);
    }
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive: " + maxResponseBytes);
    }
  }
}
