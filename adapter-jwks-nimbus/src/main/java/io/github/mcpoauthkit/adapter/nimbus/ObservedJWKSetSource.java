package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.util.Optional;

/**
 * Wraps the URL source at the bottom of Nimbus's chain to remember whether the last fetch failed.
 *
 * <p>Nimbus's outage-tolerant source hides an outage from its callers: it serves the old keys, and
 * a token naming a new key then looks exactly like a token naming a key that does not exist. We
 * must tell the two apart (503 "could not decide" versus 401), so we watch the fetches themselves.
 */
final class ObservedJWKSetSource implements JWKSetSource<SecurityContext> {

  private final JWKSetSource<SecurityContext> delegate;
  private volatile KeySourceException lastFailure;

  ObservedJWKSetSource(JWKSetSource<SecurityContext> delegate) {
    this.delegate = delegate;
  }

  @Override
  public JWKSet getJWKSet(
      JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
      throws KeySourceException {
    try {
      JWKSet jwkSet = delegate.getJWKSet(refreshEvaluator, currentTime, context);
      lastFailure = null;
      return jwkSet;
    } catch (KeySourceException e) {
      lastFailure = e;
      throw e;
    }
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
