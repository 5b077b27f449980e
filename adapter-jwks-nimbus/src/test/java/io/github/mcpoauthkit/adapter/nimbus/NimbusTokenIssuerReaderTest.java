package io.github.mcpoauthkit.adapter.nimbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.domain.token.BearerToken;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NimbusTokenIssuerReaderTest {

  private static final NimbusTokenIssuerReader READER = new NimbusTokenIssuerReader();

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String jws(String payload) {
    return b64("{\"alg\":\"RS256\"}") + "." + b64(payload) + ".c2lnbmF0dXJl";
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"iss\":\"https://a.example\",\"sub\":\"x\"}|https://a.example",
        "{\"iss\":\"https://b.example/\"}|https://b.example/",
        "{\"sub\":\"no-iss\"}|",
        "{\"iss\":42}|",
        "[1,2]|",
        "not json|"
      })
  void the_issuer_a_signed_jwt_claims_is_read_without_checking_it(String payload, String issuer) {
    assertThat(READER.claimedIssuer(new BearerToken(jws(payload))))
        .isEqualTo(java.util.Optional.ofNullable(issuer));
  }

  @ParameterizedTest
  @CsvSource({
    "2YotnFZFEjr1zCsicMWpAA",
    "a.b",
    "a.b.c.d.e",
    "....",
    "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"
  })
  void opaque_tokens_jwes_and_garbage_claim_no_issuer(String token) {
    assertThat(READER.claimedIssuer(new BearerToken(token))).isEmpty();
  }
}
