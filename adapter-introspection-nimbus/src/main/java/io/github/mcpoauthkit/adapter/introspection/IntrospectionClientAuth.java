package io.github.mcpoauthkit.adapter.introspection;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How this resource server authenticates to the introspection endpoint, as the client the issuer
 * registered for it (RFC 7662 §2.1, RFC 6749 §2.3, RFC 7523 §2.2). Immutable and thread-safe.
 *
 * <p>The secret and the private key never appear in {@link #toString()}, logs or exceptions.
 */
public final class IntrospectionClientAuth {

  /** The client authentication methods, named as in RFC 7591 {@code token_endpoint_auth_method}. */
  public enum Method {
    /** The client id and secret in an HTTP Basic {@code Authorization} header. */
    CLIENT_SECRET_BASIC("client_secret_basic"),
    /** The client id and secret as form parameters of the request body. */
    CLIENT_SECRET_POST("client_secret_post"),
    /** A JWT assertion signed with the client's private key, fresh for every call. */
    PRIVATE_KEY_JWT("private_key_jwt");

    private final String value;

    Method(String value) {
      this.value = value;
    }

    /** The registered name, such as {@code client_secret_basic}. */
    public String value() {
      return value;
    }

    /**
     * The method named {@code value}, in any case.
     *
     * @throws IllegalArgumentException if no method has that name
     */
    public static Method parse(String value) {
      for (Method method : values()) {
        if (method.value.equalsIgnoreCase(value.strip())) {
          return method;
        }
      }
      throw new IllegalArgumentException(
          "unknown client authentication method '"
              + value
              + "'; use client_secret_basic, client_secret_post or private_key_jwt");
    }
  }

  /** How long a private_key_jwt assertion is valid: one call's worth, as RFC 7523 §3 advises. */
  private static final Duration ASSERTION_LIFETIME = Duration.ofSeconds(60);

  private final Method method;
  private final ClientID clientId;
  private final Secret secret;
  private final PrivateKey privateKey;
  private final JWSAlgorithm algorithm;
  private final String keyId;
  private final Audience audience;

  private IntrospectionClientAuth(
      Method method,
      String clientId,
      Secret secret,
      PrivateKey privateKey,
      JWSAlgorithm algorithm,
      String keyId,
      Audience audience) {
    Objects.requireNonNull(clientId, "clientId");
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("the client id cannot be blank");
    }
    this.method = method;
    this.clientId = new ClientID(clientId);
    this.secret = secret;
    this.privateKey = privateKey;
    this.algorithm = algorithm;
    this.keyId = keyId;
    this.audience = audience;
  }

  /**
   * HTTP Basic authentication with the client id and secret (RFC 6749 §2.3.1; both are
   * form-urlencoded before base64, as that section says).
   *
   * @throws IllegalArgumentException if {@code clientId} or {@code secret} is blank
   */
  public static IntrospectionClientAuth clientSecretBasic(String clientId, String secret) {
    return new IntrospectionClientAuth(
        Method.CLIENT_SECRET_BASIC, clientId, secret(secret), null, null, null, null);
  }

  /**
   * The client id and secret in the request body (RFC 6749 §2.3.1).
   *
   * @throws IllegalArgumentException if {@code clientId} or {@code secret} is blank
   */
  public static IntrospectionClientAuth clientSecretPost(String clientId, String secret) {
    return new IntrospectionClientAuth(
        Method.CLIENT_SECRET_POST, clientId, secret(secret), null, null, null, null);
  }

  /**
   * A {@code client_assertion} JWT (RFC 7523 §2.2) signed with {@code privateKey}: {@code iss} and
   * {@code sub} the client id, {@code aud} {@code audience}, a fresh {@code jti}, {@code iat} now
   * and {@code exp} 60 s later, new for every call.
   *
   * @param algorithm the JWS algorithm, fitting the key: {@code RS256}, {@code PS256} (RSA), {@code
   *     ES256}, {@code ES384}, {@code ES512} (EC) and the like
   * @param keyId the {@code kid} of the key as the issuer knows it, if it needs one
   * @param audience the assertion's audience: the issuer identifier (which oidc-provider accepts),
   *     or the endpoint URL if the issuer wants that
   * @throws IllegalArgumentException if {@code clientId} is blank, or the key cannot sign with
   *     {@code algorithm}
   */
  public static IntrospectionClientAuth privateKeyJwt(
      String clientId,
      PrivateKey privateKey,
      String algorithm,
      Optional<String> keyId,
      URI audience) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(audience, "audience");
    JWSAlgorithm jws = JWSAlgorithm.parse(algorithm);
    if (!PrivateKeyJWT.supportedJWAs().contains(jws)) {
      throw new IllegalArgumentException(
          "algorithm " + algorithm + " is not one private_key_jwt can use");
    }
    IntrospectionClientAuth auth =
        new IntrospectionClientAuth(
            Method.PRIVATE_KEY_JWT,
            clientId,
            null,
            privateKey,
            jws,
            keyId.orElse(null),
            new Audience(audience.toString()));
    // Sign one assertion now, so that a key that does not fit the algorithm fails at startup.
    auth.next(Clock.systemUTC());
    return auth;
  }

  private static Secret secret(String secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.isBlank()) {
      throw new IllegalArgumentException("the client secret cannot be blank");
    }
    return new Secret(secret);
  }

  /** The method. */
  public Method method() {
    return method;
  }

  /** The client id. */
  public String clientId() {
    return clientId.getValue();
  }

  /**
   * The authentication for one call made now.
   *
   * @throws IllegalArgumentException if a private_key_jwt assertion cannot be signed
   */
  ClientAuthentication next(Clock clock) {
    switch (method) {
      case CLIENT_SECRET_BASIC:
        return new ClientSecretBasic(clientId, secret);
      case CLIENT_SECRET_POST:
        return new ClientSecretPost(clientId, secret);
      default:
        Instant now = clock.instant();
        JWTAuthenticationClaimsSet claims =
            new JWTAuthenticationClaimsSet(
                clientId,
                List.of(audience),
                Date.from(now.plus(ASSERTION_LIFETIME)),
                null,
                Date.from(now),
                new JWTID());
        try {
          return new PrivateKeyJWT(claims, algorithm, privateKey, keyId, null);
        } catch (JOSEException | IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "cannot sign a private_key_jwt assertion with "
                  + algorithm
                  + " and a "
                  + privateKey.getAlgorithm()
                  + " key: "
                  + e.getClass().getSimpleName(),
              e);
        }
    }
  }

  /** Names the method and the client, never the secret or the key. */
  @Override
  public String toString() {
    return "IntrospectionClientAuth["
        + method.value()
        + ", client_id="
        + clientId.getValue()
        + (method == Method.PRIVATE_KEY_JWT
            ? ", alg=" + algorithm + ", key " + privateKey.getAlgorithm() + " redacted"
            : ", secret redacted")
        + "]";
  }
}
