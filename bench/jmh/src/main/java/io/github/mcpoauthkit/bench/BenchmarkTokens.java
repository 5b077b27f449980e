package io.github.mcpoauthkit.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The keys and tokens every benchmark uses, so that the signature floor, the kit and plain Nimbus
 * verify byte-for-byte the same signing input and signature.
 *
 * <p>Keys and ECDSA nonces come from a seeded {@code SHA1PRNG}, and {@code iat}/{@code exp} are
 * fixed, so every fork and every benchmark class of one JDK builds identical tokens: a ratio
 * between two benchmarks never compares different keys or payloads. These keys protect nothing.
 */
final class BenchmarkTokens {

  static final String ISSUER = "https://issuer.example.com";
  static final String RESOURCE = "https://mcp.example.com/mcp";
  static final String RSA_KID = "bench-rsa-2048";
  static final String EC_KID = "bench-ec-p256";
  static final Set<Scope> REQUIRED_SCOPES = Set.of(new Scope("mcp:read"));

  /** 2026-01-01T00:00:00Z: in the past, so {@code iat} passes on any machine of this era. */
  private static final Instant ISSUED_AT = Instant.ofEpochSecond(1_767_225_600L);

  /** 2100-01-01T00:00:00Z: far enough that no run ever sees the token expire. */
  private static final Instant EXPIRES_AT = Instant.ofEpochSecond(4_102_444_800L);

  private static final BenchmarkTokens INSTANCE = create();

  final RSAKey rsaKey;
  final ECKey ecKey;
  final String rs256Token;
  final String es256Token;

  private BenchmarkTokens(RSAKey rsaKey, ECKey ecKey, String rs256Token, String es256Token) {
    this.rsaKey = rsaKey;
    this.ecKey = ecKey;
    this.rs256Token = rs256Token;
    this.es256Token = es256Token;
  }

  /** The tokens of this JVM, built once. */
  static BenchmarkTokens get() {
    return INSTANCE;
  }

  /** The issuer's public key set, as its {@code jwks_uri} would serve it. */
  String publicJwkSetJson() {
    return publicJwkSet().toString();
  }

  JWKSet publicJwkSet() {
    return new JWKSet(List.of(rsaKey.toPublicJWK(), ecKey.toPublicJWK()));
  }

  /** The policy the kit applies: issuer, audience and a required scope, so every rule runs. */
  static ValidationPolicy policy() {
    return ValidationPolicy.forIssuer(new Issuer(ISSUER))
        .withAudiences(Set.of(new Audience(RESOURCE)))
        .withRequiredScopes(REQUIRED_SCOPES);
  }

  static ResourceUrl resource() {
    return new ResourceUrl(RESOURCE);
  }

  /** The JWS signing input of {@code token}: {@code header.payload} as ASCII bytes. */
  static byte[] signingInput(String token) {
    return token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
  }

  /** The raw signature of {@code token}: PKCS#1 v1.5 for RS256, R || S (P1363) for ES256. */
  static byte[] signature(String token) {
    return new Base64URL(token.substring(token.lastIndexOf('.') + 1)).decode();
  }

  /** The {@code Authorization} header value a client sends with {@code token}, as raw bytes. */
  static byte[] authorizationHeaderBytes(String token) {
    return ("Bearer " + token).getBytes(StandardCharsets.US_ASCII);
  }

  private static BenchmarkTokens create() {
    try {
      SecureRandom random = seededRandom();
      KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
      rsaGenerator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
      KeyPair rsaPair = rsaGenerator.generateKeyPair();
      KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
      ecGenerator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair ecPair = ecGenerator.generateKeyPair();

      RSAKey rsaKey =
          new RSAKey.Builder((RSAPublicKey) rsaPair.getPublic())
              .privateKey((RSAPrivateKey) rsaPair.getPrivate())
              .keyID(RSA_KID)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .build();
      ECKey ecKey =
          new ECKey.Builder(Curve.P_256, (ECPublicKey) ecPair.getPublic())
              .privateKey((ECPrivateKey) ecPair.getPrivate())
              .keyID(EC_KID)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .build();

      RSASSASigner rsaSigner = new RSASSASigner(rsaKey);
      ECDSASigner ecSigner = new ECDSASigner(ecKey);
      ecSigner.getJCAContext().setSecureRandom(random);
      String rs256 = sign(JWSAlgorithm.RS256, RSA_KID, rsaSigner);
      String es256 = sign(JWSAlgorithm.ES256, EC_KID, ecSigner);
      return new BenchmarkTokens(rsaKey, ecKey, rs256, es256);
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException("cannot build the benchmark keys and tokens", e);
    }
  }

  private static String sign(JWSAlgorithm algorithm, String kid, JWSSigner signer)
      throws JOSEException {
    JWSHeader header =
        new JWSHeader.Builder(algorithm).type(new JOSEObjectType("at+jwt")).keyID(kid).build();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(RESOURCE)
            .subject("alice@example.com")
            .expirationTime(Date.from(EXPIRES_AT))
            .issueTime(Date.from(ISSUED_AT))
            .claim("scope", "mcp:read mcp:write")
            .claim("client_id", "bench-client")
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static SecureRandom seededRandom() throws GeneralSecurityException {
    // SHA1PRNG seeded before its first use is deterministic; the default SecureRandom is not.
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed("mcp-oauth-kit benchmark keys".getBytes(StandardCharsets.US_ASCII));
    return random;
  }
}
