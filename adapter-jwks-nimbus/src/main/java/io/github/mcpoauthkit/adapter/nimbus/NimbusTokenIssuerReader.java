package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.port.driven.TokenIssuerReader;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the {@code iss} a JWT claims with Nimbus JOSE+JWT's parser, verifying nothing: a routing
 * hint for several trusted issuers. An encrypted JWT, an opaque token or anything Nimbus cannot
 * parse claims no issuer. Thread-safe and stateless.
 */
public final class NimbusTokenIssuerReader implements TokenIssuerReader {

  @Override
  public Optional<String> claimedIssuer(BearerToken token) {
    Objects.requireNonNull(token, "token");
    try {
      JWT jwt = JWTParser.parse(token.value());
      if (jwt instanceof EncryptedJWT) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      return claims == null ? Optional.empty() : Optional.ofNullable(claims.getIssuer());
    } catch (java.text.ParseException | RuntimeException e) {
      // Not a JWT, or a claim of the wrong type: no issuer claimed; the first issuer refuses it.
      return Optional.empty();
    }
  }
}
