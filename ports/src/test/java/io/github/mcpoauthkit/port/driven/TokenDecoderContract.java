package io.github.mcpoauthkit.port.driven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.testing.TestJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TokenDecoder} must do. An implementation's test class implements this interface
 * and the three factory methods; JUnit runs the default methods against it.
 */
public interface TokenDecoderContract {

  /** The decoder under test, trusting the key that {@link #signedByTrustedKey(Map)} uses. */
  TokenDecoder decoder();

  /** A compact JWS over {@code claims}, signed with an allowed algorithm by a trusted key. */
  String signedByTrustedKey(Map<String, Object> claims);

  /** A compact JWS over {@code claims}, signed by a key that is not in the issuer's key set. */
  String signedByUntrustedKey(Map<String, Object> claims);

  private static Map<String, Object> claims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", "https://issuer.example");
    claims.put("sub", "alice");
    claims.put("aud", "https://mcp.example/mcp");
    claims.put("exp", 4_102_444_800L);
    claims.put("scope", "mcp:tools");
    return claims;
  }

  private DecodeResult decode(String token) {
    return decoder().decode(new BearerToken(token));
  }

  private static RejectionCode rejectionCode(DecodeResult result) {
    assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
    return ((DecodeResult.Rejected) result).rejection().code();
  }

  @Test
  default void a_token_signed_by_a_trusted_key_yields_its_header_and_claims() {
    DecodeResult result = decode(signedByTrustedKey(claims()));

    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
    assertThat(decoded.claims())
        .containsEntry("iss", "https://issuer.example")
        .containsEntry("sub", "alice")
        .containsEntry("aud", "https://mcp.example/mcp")
        .containsEntry("scope", "mcp:tools");
    assertThat(((Number) decoded.claims().get("exp")).longValue()).isEqualTo(4_102_444_800L);
    assertThat(decoded.header().algorithm()).isNotBlank().isNotEqualToIgnoringCase("none");
    assertThat(decoder().currentKeys()).contains(decoded.signingKey());
  }

  @Test
  default void a_token_with_an_altered_signature_is_an_invalid_signature() {
    String token = signedByTrustedKey(claims());
    int signatureStart = token.lastIndexOf('.') + 1;
    int flip = signatureStart + (token.length() - signatureStart) / 2;
    char replacement = token.charAt(flip) == 'A' ? 'B' : 'A';
    String altered = token.substring(0, flip) + replacement + token.substring(flip + 1);

    assertThat(rejectionCode(decode(altered))).isEqualTo(RejectionCode.INVALID_SIGNATURE);
  }

  @Test
  default void a_token_with_an_altered_payload_is_an_invalid_signature() {
    String[] parts = signedByTrustedKey(claims()).split("\\.");
    String payload = TestJson.decodeBase64Url(parts[1]);
    assertThat(payload).contains("\"alice\"");
    String forged = TestJson.base64Url(payload.replace("\"alice\"", "\"mallory\""));

    DecodeResult result = decode(parts[0] + "." + forged + "." + parts[2]);

    assertThat(rejectionCode(result)).isEqualTo(RejectionCode.INVALID_SIGNATURE);
  }

  @Test
  default void a_token_signed_by_a_key_outside_the_issuers_key_set_is_refused() {
    DecodeResult result = decode(signedByUntrustedKey(claims()));

    assertThat(rejectionCode(result))
        .isIn(RejectionCode.UNKNOWN_KEY, RejectionCode.INVALID_SIGNATURE);
  }

  @Test
  default void an_unsigned_token_is_refused() {
    String header = TestJson.base64Url("{\"alg\":\"none\",\"typ\":\"at+jwt\"}");
    String payload = TestJson.base64Url(TestJson.write(claims()));

    DecodeResult result = decode(header + "." + payload + ".c2lnbmF0dXJl");

    assertThat(rejectionCode(result))
        .isIn(
            RejectionCode.ALGORITHM_NOT_ALLOWED,
            RejectionCode.INVALID_JWT_FORMAT,
            RejectionCode.INVALID_SIGNATURE);
  }

  @Test
  default void an_hmac_token_is_refused_whatever_its_secret() throws Exception {
    String token = signedByTrustedKey(claims());
    String[] parts = token.split("\\.");
    String header = TestJson.base64Url("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}");
    String signingInput = header + "." + parts[1];
    Mac mac = Mac.getInstance("HmacSHA256");
    // The classic key-confusion attack signs with public material; any secret must be refused.
    mac.init(new SecretKeySpec(parts[0].getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    String signature =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));

    DecodeResult result = decode(signingInput + "." + signature);

    assertThat(rejectionCode(result))
        .isIn(RejectionCode.ALGORITHM_NOT_ALLOWED, RejectionCode.INVALID_SIGNATURE);
  }

  @Test
  default void garbage_in_the_shape_of_a_jws_is_rejected_without_throwing() {
    List<String> garbage =
        List.of(
            "a.b.c",
            "e30.e30.e30",
            TestJson.base64Url("[1,2]") + ".e30.c2ln",
            TestJson.base64Url("{\"alg\":\"RS256\"}") + "." + TestJson.base64Url("[]") + ".c2ln",
            TestJson.base64Url("{\"alg\":7}") + ".e30.c2ln",
            TestJson.base64Url("{\"alg\":\"RS256\",\"kid\":\"../../etc/passwd\"}") + ".e30.c2ln");

    for (String token : garbage) {
      assertThatCode(() -> assertThat(decode(token)).isInstanceOf(DecodeResult.Rejected.class))
          .as(token)
          .doesNotThrowAnyException();
    }
  }

  @Test
  default void concurrent_decodes_of_a_valid_token_all_succeed() throws Exception {
    String token = signedByTrustedKey(claims());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<DecodeResult>> calls = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        calls.add(() -> decode(token));
      }
      for (Future<DecodeResult> result : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
        assertThat(result.get()).isInstanceOf(DecodeResult.Decoded.class);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
