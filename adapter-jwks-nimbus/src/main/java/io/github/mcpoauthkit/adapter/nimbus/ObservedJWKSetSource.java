package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

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
  private volatile KeySourceException lastFailure;
  private volatile Fetched lastFetched;

  ObservedJWKSetSource(JWKSetSource<SecurityContext> delegate) {
    this.delegate = delegate;
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
      return jwkSet;
    } catch (KeySourceException e) {
      lastFailure = e;
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

  /** The failure of the last fetch, if it failed. */
  Optional<KeySourceException> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
