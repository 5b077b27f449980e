package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import io.github.mcpoauthkit.domain.token.KeyId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One usable signature key of the issuer: its id, the algorithms it may verify, and a verifier
 * built once (Nimbus verifiers are thread-safe, and building one per token would redo key
 * conversion and curve checks on the hot path).
 */
record VerificationKey(
    KeyId id, Optional<String> kid, Set<String> algorithms, JWSVerifier verifier) {

  static final int MIN_RSA_BITS = 2048;

  private static final List<String> RSA_ALGORITHMS =
      List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
  private static final List<String> ED25519_ALGORITHMS = List.of("EdDSA", "Ed25519");
  private static final Map<Curve, String> ECDSA_BY_CURVE =
      Map.of(Curve.P_256, "ES256", Curve.P_384, "ES384", Curve.P_521, "ES512");

  /**
   * The verification key for {@code jwk}, or why it is not one: not a signature key, not allowed to
   * verify, too short, of an unsupported type or curve, or with none of {@code accepted}.
   */
  static Usability of(JWK jwk, Set<String> accepted) {
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
      return new Usability.Unusable("use is not sig");
    }
    Set<KeyOperation> operations = jwk.getKeyOperations();
    if (operations != null && !operations.contains(KeyOperation.VERIFY)) {
      return new Usability.Unusable("key_ops does not allow verify");
    }
    List<String> family;
    JWSVerifier verifier;
    try {
      if (jwk instanceof RSAKey rsa) {
        if (rsa.size() < MIN_RSA_BITS) {
          return new Usability.Unusable("RSA key shorter than " + MIN_RSA_BITS + " bits");
        }
        family = RSA_ALGORITHMS;
        verifier = new RSASSAVerifier(rsa.toPublicJWK());
      } else if (jwk instanceof ECKey ec) {
        String algorithm = ECDSA_BY_CURVE.get(ec.getCurve());
        if (algorithm == null) {
          return new Usability.Unusable("unsupported EC curve " + ec.getCurve());
        }
        family = List.of(algorithm);
        verifier = new ECDSAVerifier(ec.toPublicJWK());
      } else if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
        family = ED25519_ALGORITHMS;
        verifier = new Ed25519Verifier(okp.toPublicJWK());
      } else {
        return new Usability.Unusable("unsupported key type " + jwk.getKeyType());
      }
    } catch (JOSEException | RuntimeException e) {
      return new Usability.Unusable("unusable key material: " + e.getMessage());
    }
    Set<String> algorithms = new LinkedHashSet<>();
    String declared = jwk.getAlgorithm() == null ? null : jwk.getAlgorithm().getName();
    for (String algorithm : family) {
      boolean declaredMatches =
          declared == null
              || declared.equals(algorithm)
              || (ED25519_ALGORITHMS.contains(declared) && ED25519_ALGORITHMS.contains(algorithm));
      if (declaredMatches && accepted.contains(algorithm)) {
        algorithms.add(algorithm);
      }
    }
    if (algorithms.isEmpty()) {
      return new Usability.Unusable(
          "its algorithm " + (declared == null ? family : declared) + " is not accepted");
    }
    KeyId id;
    try {
      id = new KeyId(jwk.getKeyID() != null ? jwk.getKeyID() : jwk.computeThumbprint().toString());
    } catch (JOSEException e) {
      return new Usability.Unusable("no kid and no thumbprint: " + e.getMessage());
    }
    return new Usability.Usable(
        new VerificationKey(
            id, Optional.ofNullable(jwk.getKeyID()), Set.copyOf(algorithms), verifier));
  }

  /** Whether a token's {@code alg} may be verified with this key. */
  boolean allows(String algorithm) {
    return algorithms.contains(algorithm);
  }

  /** Whether {@code jwk} can serve as a verification key. */
  sealed interface Usability {
    record Usable(VerificationKey key) implements Usability {}

    record Unusable(String reason) implements Usability {}
  }
}
