package io.github.mcpoauthkit.adapter.nimbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import io.github.mcpoauthkit.domain.token.dpop.DPoPProof;
import io.github.mcpoauthkit.port.driven.ProofDecodeResult;
import io.github.mcpoauthkit.port.driven.ProofDecoder;
import io.github.mcpoauthkit.port.driven.ProofDecoderContract;
import io.github.mcpoauthkit.testing.TestJson;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DPoP proofs signed with real keys: each algorithm accepted with the key's RFC 7638 thumbprint;
 * every way a proof's JWS, key or signature can be wrong refused with its code.
 */
class NimbusProofDecoderTest implements ProofDecoderContract {

  private static final String CLAIMS =
      "{\"jti\":\"j-1\",\"htm\":\"POST\",\"htu\":\"https://mcp.example/mcp\",\"iat\":1765022400,"
          + "\"ath\":\"fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo\"}";

  private final NimbusProofDecoder decoder = new NimbusProofDecoder();

  private static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * A compact JWS of exactly this header JSON and payload, signed by {@code signingKey} with {@code
   * algorithm}: for headers no JOSE library would build (private keys, mismatched keys).
   */
  private static String proof(
      String headerJson, String payload, JWK signingKey, JWSAlgorithm algorithm) {
    String input = b64(headerJson) + "." + b64(payload);
    try {
      Base64URL signature =
          TestKeys.signer(signingKey)
              .sign(new JWSHeader(algorithm), input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + signature;
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(String algorithm, JWK publicKey) {
    return "{\"typ\":\"dpop+jwt\",\"alg\":\""
        + algorithm
        + "\",\"jwk\":"
        + publicKey.toPublicJWK().toJSONString()
        + "}";
  }

  private static String proof(JWK key, JWSAlgorithm algorithm) {
    return proof(header(algorithm.getName(), key), CLAIMS, key, algorithm);
  }

  @Override
  public ProofDecoder decoder() {
    return decoder;
  }

  @Override
  public String signedByItsKey(Map<String, Object> claims) {
    ECKey key = TestKeys.ec("p256", Curve.P_256);
    return proof(header("ES256", key), TestJson.write(claims), key, JWSAlgorithm.ES256);
  }

  @Override
  public String thumbprintOfItsKey() {
    try {
      return TestKeys.ec("p256", Curve.P_256).computeThumbprint("SHA-256").toString();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String signedByAnotherKey(Map<String, Object> claims) {
    return proof(
        header("ES256", TestKeys.ec("p256", Curve.P_256)),
        TestJson.write(claims),
        TestKeys.ec("other", Curve.P_256),
        JWSAlgorithm.ES256);
  }

  @Override
  public String withPrivateKeyInJwk(Map<String, Object> claims) {
    ECKey key = TestKeys.ec("p256", Curve.P_256);
    return proof(
        "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + key.toJSONString() + "}",
        TestJson.write(claims),
        key,
        JWSAlgorithm.ES256);
  }

  private ProofDecodeResult decode(String proof) {
    return decoder.decode(proof, DPoPPolicy.DEFAULT_ALGORITHMS);
  }

  private RejectionCode code(String proof) {
    ProofDecodeResult result = decode(proof);
    assertThat(result).isInstanceOf(ProofDecodeResult.Rejected.class);
    return ((ProofDecodeResult.Rejected) result).rejection().code();
  }

  static Stream<Arguments> keys() {
    return Stream.of(
        Arguments.of(TestKeys.ec("p256", Curve.P_256), JWSAlgorithm.ES256),
        Arguments.of(TestKeys.ec("p384", Curve.P_384), JWSAlgorithm.ES384),
        Arguments.of(TestKeys.ec("p521", Curve.P_521), JWSAlgorithm.ES512),
        Arguments.of(TestKeys.rsa("rsa"), JWSAlgorithm.RS256),
        Arguments.of(TestKeys.rsa("rsa"), JWSAlgorithm.PS256),
        Arguments.of(TestKeys.rsa("rsa"), JWSAlgorithm.PS512),
        Arguments.of(TestKeys.ed25519("ed"), JWSAlgorithm.EdDSA),
        Arguments.of(TestKeys.ed25519("ed"), JWSAlgorithm.Ed25519));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("keys")
  void a_proof_signed_by_its_own_key_is_decoded_with_the_keys_thumbprint(
      JWK key, JWSAlgorithm algorithm) throws JOSEException {
    ProofDecodeResult result = decode(proof(key, algorithm));

    assertThat(result).isInstanceOf(ProofDecodeResult.Decoded.class);
    DPoPProof proof = ((ProofDecodeResult.Decoded) result).proof();
    assertThat(proof.type()).contains("dpop+jwt");
    assertThat(proof.algorithm()).isEqualTo(algorithm.getName());
    assertThat(proof.keyThumbprint())
        .isEqualTo(key.toPublicJWK().computeThumbprint("SHA-256").toString())
        .hasSize(43);
    assertThat(proof.claims()).containsEntry("jti", "j-1").containsEntry("htm", "POST");
    assertThat(((Number) proof.claims().get("iat")).longValue()).isEqualTo(1765022400L);
  }

  @Test
  void alg_none_is_an_algorithm_refusal() {
    String unsecured =
        b64(
                "{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":"
                    + TestKeys.ec("p256", Curve.P_256).toPublicJWK().toJSONString()
                    + "}")
            + "."
            + b64(CLAIMS)
            + ".";

    assertThat(code(unsecured)).isEqualTo(RejectionCode.DPOP_PROOF_ALGORITHM);
  }

  @Test
  void an_hmac_proof_is_an_algorithm_refusal() throws Exception {
    byte[] secret = new byte[32];
    String input =
        b64("{\"typ\":\"dpop+jwt\",\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}}")
            + "."
            + b64(CLAIMS);
    String hmac =
        input
            + "."
            + new MACSigner(secret)
                .sign(new JWSHeader(JWSAlgorithm.HS256), input.getBytes(StandardCharsets.US_ASCII));

    assertThat(code(hmac)).isEqualTo(RejectionCode.DPOP_PROOF_ALGORITHM);
  }

  @Test
  void private_ec_and_rsa_keys_in_the_jwk_are_refused() {
    ECKey ec = TestKeys.ec("p256", Curve.P_256);
    RSAKey rsa = TestKeys.rsa("rsa");

    assertThat(
            code(
                proof(
                    "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + ec.toJSONString() + "}",
                    CLAIMS,
                    ec,
                    JWSAlgorithm.ES256)))
        .isEqualTo(RejectionCode.DPOP_PROOF_KEY);
    assertThat(
            code(
                proof(
                    "{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":" + rsa.toJSONString() + "}",
                    CLAIMS,
                    rsa,
                    JWSAlgorithm.RS256)))
        .isEqualTo(RejectionCode.DPOP_PROOF_KEY);
  }

  @Test
  void a_missing_jwk_or_one_that_does_not_fit_the_algorithm_is_refused() {
    ECKey p256 = TestKeys.ec("p256", Curve.P_256);

    assertThat(
            code(
                proof(
                    "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\"}", CLAIMS, p256, JWSAlgorithm.ES256)))
        .isEqualTo(RejectionCode.DPOP_PROOF_KEY);
    // A P-256 key named for ES384, and an EC key named for RS256.
    assertThat(
            code(
                proof(
                    header("ES384", p256),
                    CLAIMS,
                    TestKeys.ec("p384", Curve.P_384),
                    JWSAlgorithm.ES384)))
        .isEqualTo(RejectionCode.DPOP_PROOF_KEY);
    assertThat(code(proof(header("RS256", p256), CLAIMS, TestKeys.rsa("rsa"), JWSAlgorithm.RS256)))
        .isEqualTo(RejectionCode.DPOP_PROOF_KEY);
  }

  @Test
  void an_rsa_key_below_2048_bits_is_refused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    var pair = generator.generateKeyPair();
    RSAKey weak = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).build();
    // Nimbus will not sign with a short key; the JDK will.
    String input = b64(header("RS256", weak)) + "." + b64(CLAIMS);
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(pair.getPrivate());
    rsa.update(input.getBytes(StandardCharsets.US_ASCII));
    String proof = input + "." + Base64URL.encode(rsa.sign());

    assertThat(code(proof)).isEqualTo(RejectionCode.DPOP_PROOF_KEY);
  }

  @Test
  void an_rsa_key_with_a_huge_exponent_or_modulus_is_refused_before_any_verification() {
    RSAKey real = TestKeys.rsa("rsa");
    BigInteger hugeExponent = BigInteger.ONE.shiftLeft(3000).add(BigInteger.ONE);
    RSAKey slow = new RSAKey.Builder(real.getModulus(), Base64URL.encode(hugeExponent)).build();
    BigInteger hugeModulus = BigInteger.ONE.shiftLeft(5000).add(BigInteger.valueOf(7));
    RSAKey large =
        new RSAKey.Builder(Base64URL.encode(hugeModulus), real.getPublicExponent()).build();

    assertThat(code(proof(header("RS256", slow), CLAIMS, real, JWSAlgorithm.RS256)))
        .isEqualTo(RejectionCode.DPOP_PROOF_KEY);
    assertThat(code(proof(header("RS256", large), CLAIMS, real, JWSAlgorithm.RS256)))
        .isEqualTo(RejectionCode.DPOP_PROOF_KEY);
  }

  @Test
  void a_key_for_encryption_or_without_verify_is_refused_and_its_text_never_echoed() {
    ECKey key = TestKeys.ec("p256", Curve.P_256);
    String publicJson = key.toPublicJWK().toJSONString();
    String forEncryption = publicJson.replace("{", "{\"use\":\"enc\",");
    String noVerify = publicJson.replace("{", "{\"key_ops\":[\"encrypt\"],");
    String claimedAlg = publicJson.replace("{", "{\"alg\":\"<script>ES384\",");

    for (String jwk : new String[] {forEncryption, noVerify, claimedAlg}) {
      ProofDecodeResult result =
          decode(
              proof(
                  "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + jwk + "}",
                  CLAIMS,
                  key,
                  JWSAlgorithm.ES256));
      assertThat(result).as(jwk).isInstanceOf(ProofDecodeResult.Rejected.class);
      var rejection = ((ProofDecodeResult.Rejected) result).rejection();
      assertThat(rejection.code()).isEqualTo(RejectionCode.DPOP_PROOF_KEY);
      assertThat(rejection.message()).doesNotContain("script").doesNotContain("enc");
    }
  }

  @Test
  void an_altered_eddsa_payload_is_a_bad_signature() {
    String proof = proof(TestKeys.ed25519("ed"), JWSAlgorithm.EdDSA);
    String[] parts = proof.split("\\.");
    String altered = parts[0] + "." + b64(CLAIMS.replace("POST", "GET ")) + "." + parts[2];

    assertThat(code(altered)).isEqualTo(RejectionCode.DPOP_PROOF_SIGNATURE);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "abc",
        "a.b",
        "a.b.c",
        "...",
        "a.b.c.d.e",
        "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"
      })
  void what_is_no_compact_jws_is_malformed(String proof) {
    assertThat(code(proof)).isEqualTo(RejectionCode.DPOP_PROOF_MALFORMED);
  }

  @Test
  void a_payload_that_is_no_json_object_is_malformed() {
    ECKey key = TestKeys.ec("p256", Curve.P_256);

    assertThat(code(proof(header("ES256", key), "[1,2]", key, JWSAlgorithm.ES256)))
        .isEqualTo(RejectionCode.DPOP_PROOF_MALFORMED);
  }

  @Test
  void an_oversized_proof_is_malformed_before_it_is_parsed() {
    assertThat(code("a".repeat(DPoPPolicy.MAX_PROOF_CHARS + 1)))
        .isEqualTo(RejectionCode.DPOP_PROOF_MALFORMED);
  }

  @Test
  void the_proof_type_is_passed_on_for_the_rules_to_judge() {
    ECKey key = TestKeys.ec("p256", Curve.P_256);
    String jwk = key.toPublicJWK().toJSONString();

    ProofDecodeResult typed =
        decode(
            proof(
                "{\"typ\":\"JWT\",\"alg\":\"ES256\",\"jwk\":" + jwk + "}",
                CLAIMS,
                key,
                JWSAlgorithm.ES256));
    ProofDecodeResult untyped =
        decode(proof("{\"alg\":\"ES256\",\"jwk\":" + jwk + "}", CLAIMS, key, JWSAlgorithm.ES256));

    assertThat(((ProofDecodeResult.Decoded) typed).proof().type()).contains("JWT");
    assertThat(((ProofDecodeResult.Decoded) untyped).proof().type()).isEmpty();
  }
}
