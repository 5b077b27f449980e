package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Wraps the URL source at the bottom of Nimbus's chain to remember whether the last fetch failed,
 * and which key set came from which fetch.
 *
 * <p>Nimbus's outage-tolerant source hides an outage from its callers: it serves the old keys, and
 * a token naming a new key then looks exactly like a token naming a key that does not exist. We
 * must tell the two apart (503 "could not decide" versus 401), so we watch the fetches themselves.
 *
 * <p>Nimbus's cache also lets a refresh that waited for another one's fetch take that fetch's key
 * set, even when the fetch began before the waiting token arrived and so may predate its key; the
 * fetches are numbered in the order they begin (Nimbus's cache runs one at a time), which tells.
 */
final class ObservedJWKSetSource implements JWKSetSource<SecurityContext> {

  private final JWKSetSource<SecurityContext> delegate;

  /** The key set of a successful fetch, and its number in the order fetches began. */
  private record Fetched(JWKSet keys, long number) {}

  private final AtomicLong begun = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final LongSupplier millis;
  private volatile KeySourceException lastFailure;
  private volatile Fetched lastFetched;
  private volatile long lastSuccessMillis = Long.MIN_VALUE;

  /**
   * @param delegate the fetching source
   * @param millis the wall clock, for the age of the key set
   */
  ObservedJWKSetSource(JWKSetSource<SecurityContext> delegate, LongSupplier millis) {
    this.delegate = delegate;
    this.millis = millis;
  }

  @Override
  public JWKSet getJWKSet(
      JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
      throws KeySourceException {
    long number = begun.incrementAndGet();
    try {
      JWKSet jwkSet = delegate.getJWKSet(refreshEvaluator, currentTime, context);
      lastFailure = null;
      lastFetched = new Fetched(jwkSet, number);
      lastSuccessMillis = millis.getAsLong();
      succeeded.incrementAndGet();
      return jwkSet;
    } catch (KeySourceException e) {
      lastFailure = e;
      failed.incrementAndGet();
      throw e;
    }
  }

  /** How many fetches have begun so far, finished or not. */
  long fetchesBegun() {
    return begun.get();
  }

  /**
   * Whether {@code keys} (by identity, as Nimbus passes key sets on) came from the last successful
   * fetch, and that fetch began after the first {@code fetchesBegun} had. False when it cannot
   * tell: {@code keys} is an older set, or a copy.
   */
  boolean fetchedAfter(JWKSet keys, long fetchesBegun) {
    Fetched fetched = lastFetched;
    return fetched != null && fetched.keys() == keys && fetched.number() > fetchesBegun;
  }

  /** How many fetches have succeeded so far. */
  long fetchesSucceeded() {
    return succeeded.get();
  }

  /** How many fetches have failed so far. */
  long fetchesFailed() {
    return failed.get();
  }

  /** When the last successful fetch ended, in epoch milliseconds; empty before the first. */
  Optional<Long> lastSuccessMillis() {
    long last = lastSuccessMillis;
    return last == Long.MIN_VALUE ? Optional.empty() : Optional.of(last);
  }

  /** The failure of the last fetch, if it failed. */
  Optional<KeySourceException> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
