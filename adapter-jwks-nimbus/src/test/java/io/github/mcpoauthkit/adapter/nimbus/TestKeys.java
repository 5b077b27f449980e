package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Key pairs and signing for tests; keys are generated once per JVM, RSA being slow to make. */
final class TestKeys {

  private static final Map<String, JWK> CACHE = new ConcurrentHashMap<>();

  private TestKeys() {}

  static RSAKey rsa(String kid) {
    return (RSAKey)
        CACHE.computeIfAbsent(
            "rsa:" + kid, k -> generate(() -> new RSAKeyGenerator(2048).keyID(kid).generate()));
  }

  static ECKey ec(String kid, Curve curve) {
    return (ECKey)
        CACHE.computeIfAbsent(
            "ec:" + curve + ":" + kid,
            k -> generate(() -> new ECKeyGenerator(curve).keyID(kid).generate()));
  }

  static OctetKeyPair ed25519(String kid) {
    return (OctetKeyPair)
        CACHE.computeIfAbsent(
            "ed:" + kid,
            k -> generate(() -> new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate()));
  }

  /** Signs {@code claimsJson} with {@code key} under {@code header}. */
  static String sign(JWK key, JWSHeader header, String claimsJson) {
    try {
      JWSObject jws = new JWSObject(header, new Payload(claimsJson));
      jws.sign(signer(key));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs with {@code alg}, {@code typ: at+jwt} and the key's {@code kid}. */
  static String sign(JWK key, JWSAlgorithm algorithm, String claimsJson) {
    return sign(
        key,
        new JWSHeader.Builder(algorithm)
            .type(new JOSEObjectType("at+jwt"))
            .keyID(key.getKeyID())
            .build(),
        claimsJson);
  }

  static JWSSigner signer(JWK key) throws JOSEException {
    if (key instanceof RSAKey rsa) {
      return new RSASSASigner(rsa);
    }
    if (key instanceof ECKey ec) {
      return new ECDSASigner(ec);
    }
    return new Ed25519Signer((OctetKeyPair) key);
  }

  private interface Generator {
    JWK generate() throws JOSEException;
  }

  private static JWK generate(Generator generator) {
    try {
      return generator.generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
