package io.github.mcpoauthkit.port.driven;

import java.time.Instant;

/**
 * Remembers which DPoP proofs were used, so that each is accepted once (RFC 9449 §11.1): the driven
 * port behind replay detection. A proof is named by a fixed-size digest of its key and {@code jti},
 * never by the proof itself.
 *
 * <p>One cache sees the proofs sent to one process: several replicas behind one URL each keep their
 * own, so a proof replayed to another replica within its window passes there (docs/SECURITY.md).
 * Implementations must be thread-safe and bounded.
 */
public interface ReplayCache {

  /** What {@link #markUsed} found. */
  enum Use {
    /** The proof was not seen before and is now remembered. */
    FIRST,
    /** The proof was seen before, within its window: refuse it. */
    REPLAYED,
    /**
     * The cache is full of proofs still within their window: nothing can be decided, so the request
     * is answered 503, never accepted.
     */
    FULL
  }

  /**
   * Marks the proof named by {@code digest} as used until {@code until}.
   *
   * @param digest a digest of the proof's key and {@code jti}, 16 bytes
   * @param until when the proof can no longer be accepted anyway (its {@code iat} plus the max age
   *     and the skew), after which it may be forgotten
   * @param now the current time
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code digest} is not 16 bytes
   */
  Use markUsed(byte[] digest, Instant until, Instant now);

  /** How many proofs are remembered now; for metrics and tests. */
  int size();
}
