package io.github.mcpoauthkit.devissuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Signs RFC 9068 access tokens with an RSA key made when it is created and never stored, so every
 * start of the development issuer invalidates the tokens of the previous one. Thread-safe.
 */
final class TokenSigner {

  /** How long a token is valid. */
  static final Duration LIFETIME = Duration.ofHours(1);

  private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");

  private final String issuer;
  private final Clock clock;
  private final RSAKey key;
  private final RSASSASigner signer;

  TokenSigner(String issuer, Clock clock) {
    this.issuer = issuer;
    this.clock = clock;
    try {
      this.key =
          new RSAKeyGenerator(2048)
              .keyID(UUID.randomUUID().toString())
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .generate();
      this.signer = new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate the development signing key", e);
    }
  }

  /** The issuer that tokens name in {@code iss}. */
  String issuer() {
    return issuer;
  }

  /** The JWKS document: the public key only. */
  String publicJwks() {
    return new JWKSet(key.toPublicJWK()).toString(true);
  }

  /**
   * A token for {@code subject}, obtained by {@code clientId}, with {@code aud} = {@code audience},
   * valid {@link #LIFETIME}.
   */
  String sign(String subject, String clientId, String audience, String scope) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(subject)
            .audience(audience)
            .claim("client_id", clientId)
            .claim("scope", scope)
            .claim("iat", now.getEpochSecond())
            .claim("exp", now.plus(LIFETIME).getEpochSecond())
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(ACCESS_TOKEN)
                .keyID(key.getKeyID())
                .build(),
            claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a development token", e);
    }
    return jwt.serialize();
  }
}
