package io.github.mcpoauthkit.port.driven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import io.github.mcpoauthkit.domain.token.dpop.DPoPProof;
import io.github.mcpoauthkit.testing.TestJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProofDecoder} must do (RFC 9449 §4.3 checks 2, 5, 6, 7). An implementation's
 * test class implements this interface and its factory methods; JUnit runs the default methods.
 */
public interface ProofDecoderContract {

  /** The decoder under test. */
  ProofDecoder decoder();

  /**
   * A proof over {@code claims} with {@code typ: dpop+jwt}, signed with {@code ES256} by a key
   * whose public half is its {@code jwk}.
   */
  String signedByItsKey(Map<String, Object> claims);

  /** The RFC 7638 SHA-256 thumbprint of the key {@link #signedByItsKey} uses. */
  String thumbprintOfItsKey();

  /** A proof whose {@code jwk} names one public key and whose signature another key made. */
  String signedByAnotherKey(Map<String, Object> claims);

  /** A proof, validly signed, whose {@code jwk} also holds the private key. */
  String withPrivateKeyInJwk(Map<String, Object> claims);

  private static Map<String, Object> claims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("jti", "contract-1");
    claims.put("htm", "POST");
    claims.put("htu", "https://mcp.example/mcp");
    claims.put("iat", 1_765_022_400L);
    claims.put("ath", "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
    return claims;
  }

  private ProofDecodeResult decode(String proof) {
    return decoder().decode(proof, DPoPPolicy.DEFAULT_ALGORITHMS);
  }

  private static RejectionCode code(ProofDecodeResult result) {
    assertThat(result).isInstanceOf(ProofDecodeResult.Rejected.class);
    return ((ProofDecodeResult.Rejected) result).rejection().code();
  }

  @Test
  default void a_proof_signed_by_its_own_key_yields_type_algorithm_thumbprint_and_claims() {
    ProofDecodeResult result = decode(signedByItsKey(claims()));

    assertThat(result).isInstanceOf(ProofDecodeResult.Decoded.class);
    DPoPProof proof = ((ProofDecodeResult.Decoded) result).proof();
    assertThat(proof.type()).contains("dpop+jwt");
    assertThat(proof.algorithm()).isEqualTo("ES256");
    assertThat(proof.keyThumbprint()).isEqualTo(thumbprintOfItsKey());
    assertThat(proof.claims())
        .containsEntry("jti", "contract-1")
        .containsEntry("htm", "POST")
        .containsEntry("htu", "https://mcp.example/mcp");
    assertThat(((Number) proof.claims().get("iat")).longValue()).isEqualTo(1_765_022_400L);
  }

  @Test
  default void a_proof_signed_by_another_key_than_its_jwk_is_refused() {
    assertThat(code(decode(signedByAnotherKey(claims()))))
        .isEqualTo(RejectionCode.DPOP_PROOF_SIGNATURE);
  }

  @Test
  default void a_private_key_in_the_jwk_is_refused() {
    assertThat(code(decode(withPrivateKeyInJwk(claims())))).isEqualTo(RejectionCode.DPOP_PROOF_KEY);
  }

  @Test
  default void an_unsecured_proof_is_refused_for_its_algorithm() {
    String proof = signedByItsKey(claims());
    String header = TestJson.decodeBase64Url(proof.split("\\.")[0]);
    String unsecured =
        TestJson.base64Url(header.replace("\"ES256\"", "\"none\""))
            + "."
            + proof.split("\\.")[1]
            + ".";

    assertThat(code(decode(unsecured))).isEqualTo(RejectionCode.DPOP_PROOF_ALGORITHM);
  }

  @Test
  default void an_algorithm_outside_the_allow_list_is_refused() {
    assertThat(code(decoder().decode(signedByItsKey(claims()), Set.of("EdDSA"))))
        .isEqualTo(RejectionCode.DPOP_PROOF_ALGORITHM);
  }

  @Test
  default void an_altered_payload_is_a_bad_signature() {
    String[] parts = signedByItsKey(claims()).split("\\.");
    Map<String, Object> other = claims();
    other.put("htm", "GET");
    String altered = parts[0] + "." + TestJson.base64Url(TestJson.write(other)) + "." + parts[2];

    assertThat(code(decode(altered))).isEqualTo(RejectionCode.DPOP_PROOF_SIGNATURE);
  }

  @Test
  default void nothing_a_client_sends_makes_it_throw() {
    for (String garbage :
        List.of(
            "", ".", "..", "a.b.c", "%%%.%%%.%%%", "e30.e30.", "e30.e30.e30", "x".repeat(5000))) {
      assertThatCode(
              () -> assertThat(decode(garbage)).isInstanceOf(ProofDecodeResult.Rejected.class))
          .as(garbage)
          .doesNotThrowAnyException();
    }
  }
}
