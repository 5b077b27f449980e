package io.github.mcpoauthkit.domain.token.dpop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.ErrorClass;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DPoPProofRulesTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final String RESOURCE = "https://mcp.example/mcp";

  /** RFC 9449 §7.1, Figures 12 and 13: this access token and its {@code ath}. */
  private static final BearerToken RFC_TOKEN =
      new BearerToken("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU");

  private static final String RFC_ATH = "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo";
  private static final String THUMBPRINT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
  private static final String OTHER_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

  private final DPoPProofRules rules =
      new DPoPProofRules(DPoPPolicy.of(DPoPPolicy.Mode.ALLOWED, RESOURCE, Duration.ofSeconds(5)));

  private static Map<String, Object> claims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("jti", "e1j3V_bKic8-LAEB");
    claims.put("htm", "POST");
    claims.put("htu", RESOURCE);
    claims.put("iat", NOW.getEpochSecond());
    claims.put("ath", RFC_ATH);
    return claims;
  }

  private static DPoPProof proof(Consumer<Map<String, Object>> change) {
    Map<String, Object> claims = claims();
    change.accept(claims);
    return new DPoPProof(Optional.of("dpop+jwt"), "ES256", THUMBPRINT, claims);
  }

  private DPoPProofRules.Checked<ProofClaims> check(DPoPProof proof) {
    return rules.evaluate(proof, "POST", RFC_TOKEN, NOW);
  }

  private RejectionCode code(DPoPProof proof) {
    Optional<Rejection> rejection = check(proof).rejection();
    assertThat(rejection).as("a rejection").isPresent();
    return rejection.get().code();
  }

  @Test
  void the_token_hash_is_the_rfc_9449_example() {
    assertThat(DPoPProofRules.tokenHash(RFC_TOKEN)).isEqualTo(RFC_ATH);
  }

  @Test
  void the_replay_digest_depends_on_key_and_jti_and_is_16_bytes() {
    byte[] digest = DPoPProofRules.replayDigest(THUMBPRINT, "a");

    assertThat(digest).hasSize(16);
    assertThat(digest).isNotEqualTo(DPoPProofRules.replayDigest(OTHER_THUMBPRINT, "a"));
    assertThat(digest).isNotEqualTo(DPoPProofRules.replayDigest(THUMBPRINT, "b"));
    assertThat(DPoPProofRules.replayDigest(THUMBPRINT + "a", ""))
        .isNotEqualTo(DPoPProofRules.replayDigest(THUMBPRINT, "a"));
    // A lone surrogate is not folded into '?' as UTF-8 would.
    assertThat(DPoPProofRules.replayDigest(THUMBPRINT, "a\uD800"))
        .isNotEqualTo(DPoPProofRules.replayDigest(THUMBPRINT, "a?"));
  }

  @Test
  void a_proof_passing_every_check_yields_its_claims() {
    DPoPProofRules.Checked<ProofClaims> checked = check(proof(c -> c.put("nonce", "n-1")));

    assertThat(checked.rejection()).isEmpty();
    ProofClaims claims = checked.value().orElseThrow();
    assertThat(claims.jti()).isEqualTo("e1j3V_bKic8-LAEB");
    assertThat(claims.issuedAt()).isEqualTo(NOW);
    assertThat(claims.nonce()).contains("n-1");
  }

  @Nested
  class EachCheck {

    @ParameterizedTest(name = "[{index}] typ {0}")
    @ValueSource(strings = {"jwt", "at+jwt", "JWT", "dpop", "dpop+jwt ", ""})
    void a_type_other_than_dpop_jwt_is_refused(String type) {
      DPoPProof proof = new DPoPProof(Optional.of(type), "ES256", THUMBPRINT, claims());

      assertThat(code(proof)).isEqualTo(RejectionCode.DPOP_PROOF_TYPE);
    }

    @Test
    void no_type_is_refused_and_the_type_is_compared_as_a_media_type() {
      assertThat(code(new DPoPProof(Optional.empty(), "ES256", THUMBPRINT, claims())))
          .isEqualTo(RejectionCode.DPOP_PROOF_TYPE);
      assertThat(
              check(
                      new DPoPProof(
                          Optional.of("application/DPoP+JWT"), "ES256", THUMBPRINT, claims()))
                  .rejection())
          .isEmpty();
    }

    @ParameterizedTest(name = "[{index}] alg {0}")
    @ValueSource(strings = {"none", "HS256", "es256", "RSA1_5", "ES256K"})
    void an_algorithm_outside_the_allow_list_is_refused(String algorithm) {
      DPoPProof proof = new DPoPProof(Optional.of("dpop+jwt"), algorithm, THUMBPRINT, claims());

      assertThat(code(proof)).isEqualTo(RejectionCode.DPOP_PROOF_ALGORITHM);
    }

    @ParameterizedTest(name = "[{index}] without {0}")
    @ValueSource(strings = {"jti", "htm", "htu", "iat", "ath"})
    void a_missing_claim_is_malformed_and_named(String claim) {
      DPoPProofRules.Checked<ProofClaims> checked = check(proof(c -> c.remove(claim)));

      Rejection rejection = checked.rejection().orElseThrow();
      assertThat(rejection.code()).isEqualTo(RejectionCode.DPOP_PROOF_MALFORMED);
      assertThat(rejection.message()).startsWith("DPoP proof malformed: " + claim);
    }

    @Test
    void claims_of_the_wrong_type_are_malformed() {
      List<Consumer<Map<String, Object>>> changes =
          List.of(
              c -> c.put("jti", 42),
              c -> c.put("jti", ""),
              c -> c.put("jti", "j".repeat(DPoPPolicy.MAX_JTI_CHARS + 1)),
              c -> c.put("htm", List.of("POST")),
              c -> c.put("htu", Map.of()),
              c -> c.put("iat", String.valueOf(NOW.getEpochSecond())),
              c -> c.put("iat", -1),
              c -> c.put("iat", Double.NaN),
              c -> c.put("iat", new BigDecimal("1E+400")),
              c -> c.put("ath", true),
              c -> c.put("nonce", 7));
      for (Consumer<Map<String, Object>> change : changes) {
        assertThat(code(proof(change))).isEqualTo(RejectionCode.DPOP_PROOF_MALFORMED);
      }
    }

    @Test
    void a_fractional_or_tiny_decimal_iat_is_floored_without_delay() {
      assertThat(
              check(proof(c -> c.put("iat", new BigDecimal(NOW.getEpochSecond() + ".75"))))
                  .value()
                  .orElseThrow()
                  .issuedAt())
          .isEqualTo(NOW);
      // 1E-100000000 floors to 1970: stale, and decided at once.
      assertThat(code(proof(c -> c.put("iat", new BigDecimal("1E-100000000")))))
          .isEqualTo(RejectionCode.DPOP_PROOF_STALE);
    }

    @ParameterizedTest(name = "[{index}] htm {0}")
    @ValueSource(strings = {"GET", "post", "PUT", "POST "})
    void a_method_other_than_the_requests_is_refused(String method) {
      assertThat(code(proof(c -> c.put("htm", method)))).isEqualTo(RejectionCode.DPOP_PROOF_METHOD);
    }

    @ParameterizedTest(name = "[{index}] htu {0}")
    @ValueSource(
        strings = {
          "https://other.example/mcp",
          "https://mcp.example/other",
          "https://mcp.example/mcp/",
          "https://mcp.example/mcp?x=1",
          "https://mcp.example/mcp#f",
          "http://mcp.example/mcp",
          "https://mcp.example:8443/mcp",
          "/mcp",
          "not a url"
        })
    void a_url_other_than_the_resources_is_refused(String htu) {
      assertThat(code(proof(c -> c.put("htu", htu)))).isEqualTo(RejectionCode.DPOP_PROOF_URI);
    }

    @ParameterizedTest(name = "[{index}] htu {0}")
    @ValueSource(
        strings = {
          "HTTPS://MCP.EXAMPLE/mcp",
          "https://mcp.example:443/mcp",
          "https://mcp.example/x/../mcp",
          "https://mcp.example/%6Dcp"
        })
    void an_equivalent_url_is_accepted(String htu) {
      assertThat(check(proof(c -> c.put("htu", htu))).rejection()).isEmpty();
    }

    @Test
    void iat_is_accepted_from_max_age_plus_skew_ago_to_skew_ahead() {
      long now = NOW.getEpochSecond();
      // max age 60 s, skew 5 s
      assertThat(check(proof(c -> c.put("iat", now - 65))).rejection()).isEmpty();
      assertThat(code(proof(c -> c.put("iat", now - 66))))
          .isEqualTo(RejectionCode.DPOP_PROOF_STALE);
      assertThat(check(proof(c -> c.put("iat", now + 5))).rejection()).isEmpty();
      assertThat(code(proof(c -> c.put("iat", now + 6))))
          .isEqualTo(RejectionCode.DPOP_PROOF_FUTURE);
    }

    @Test
    void an_ath_of_another_token_is_refused() {
      assertThat(code(proof(c -> c.put("ath", DPoPProofRules.tokenHash(new BearerToken("other"))))))
          .isEqualTo(RejectionCode.DPOP_PROOF_TOKEN_HASH);
      assertThat(code(proof(c -> c.put("ath", RFC_ATH + "="))))
          .isEqualTo(RejectionCode.DPOP_PROOF_TOKEN_HASH);
    }
  }

  @Test
  void the_first_failing_check_decides_in_the_documented_order() {
    DPoPProof everythingWrong =
        new DPoPProof(
            Optional.of("jwt"),
            "HS256",
            THUMBPRINT,
            Map.of("jti", "j", "htm", "GET", "htu", "https://x/", "iat", 0, "ath", "x"));
    assertThat(code(everythingWrong)).isEqualTo(RejectionCode.DPOP_PROOF_TYPE);
    assertThat(
            code(
                new DPoPProof(
                    Optional.of("dpop+jwt"), "HS256", THUMBPRINT, everythingWrong.claims())))
        .isEqualTo(RejectionCode.DPOP_PROOF_ALGORITHM);
    assertThat(
            code(
                new DPoPProof(
                    Optional.of("dpop+jwt"), "ES256", THUMBPRINT, everythingWrong.claims())))
        .isEqualTo(RejectionCode.DPOP_PROOF_METHOD);
    assertThat(code(proof(c -> c.putAll(Map.of("htu", "https://x/", "iat", 0, "ath", "x")))))
        .isEqualTo(RejectionCode.DPOP_PROOF_URI);
    assertThat(code(proof(c -> c.putAll(Map.of("iat", 0, "ath", "x")))))
        .isEqualTo(RejectionCode.DPOP_PROOF_STALE);
  }

  /**
   * Every check of RFC 9449 §4.3 has a code; a code added for a proof check without a place here
   * fails this test, so the list cannot silently fall behind the enum.
   */
  @Test
  void every_proof_code_is_an_invalid_dpop_proof_401_and_is_placed() {
    Set<RejectionCode> proofCodes =
        Arrays.stream(RejectionCode.values())
            .filter(code -> code.code().startsWith("dpop_proof_"))
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(RejectionCode.class)));

    assertThat(proofCodes)
        .containsExactlyInAnyOrder(
            RejectionCode.DPOP_PROOF_MISSING, // §7.1: no proof
            RejectionCode.DPOP_PROOF_MULTIPLE, // §4.3 check 1
            RejectionCode.DPOP_PROOF_MALFORMED, // checks 2 and 3
            RejectionCode.DPOP_PROOF_TYPE, // check 4
            RejectionCode.DPOP_PROOF_ALGORITHM, // check 5
            RejectionCode.DPOP_PROOF_KEY, // checks 5 and 7 (the decoder)
            RejectionCode.DPOP_PROOF_SIGNATURE, // check 6 (the decoder)
            RejectionCode.DPOP_PROOF_METHOD, // check 8
            RejectionCode.DPOP_PROOF_URI, // check 9
            RejectionCode.DPOP_PROOF_STALE, // check 11
            RejectionCode.DPOP_PROOF_FUTURE, // check 11
            RejectionCode.DPOP_PROOF_REPLAYED, // §11.1 (the replay cache)
            RejectionCode.DPOP_PROOF_TOKEN_HASH); // check 12
    for (RejectionCode code : proofCodes) {
      assertThat(code.errorClass()).contains(ErrorClass.INVALID_DPOP_PROOF);
      assertThat(code.httpStatus()).isEqualTo(401);
    }
  }

  @Nested
  class SingleProof {

    @Test
    void one_header_with_one_proof_is_the_proof() {
      assertThat(DPoPProofRules.singleProof(List.of(" a.b.c ")).value()).contains("a.b.c");
    }

    @Test
    void none_is_missing() {
      assertThat(DPoPProofRules.singleProof(List.of()).rejection().orElseThrow().code())
          .isEqualTo(RejectionCode.DPOP_PROOF_MISSING);
    }

    @Test
    void two_headers_or_two_proofs_in_one_are_multiple() {
      assertThat(
              DPoPProofRules.singleProof(List.of("a.b.c", "d.e.f"))
                  .rejection()
                  .orElseThrow()
                  .code())
          .isEqualTo(RejectionCode.DPOP_PROOF_MULTIPLE);
      assertThat(
              DPoPProofRules.singleProof(List.of("a.b.c, d.e.f")).rejection().orElseThrow().code())
          .isEqualTo(RejectionCode.DPOP_PROOF_MULTIPLE);
    }

    @Test
    void an_empty_or_oversized_proof_is_malformed() {
      assertThat(DPoPProofRules.singleProof(List.of("  ")).rejection().orElseThrow().code())
          .isEqualTo(RejectionCode.DPOP_PROOF_MALFORMED);
      assertThat(
              DPoPProofRules.singleProof(List.of("a".repeat(DPoPPolicy.MAX_PROOF_CHARS + 1)))
                  .rejection()
                  .orElseThrow()
                  .code())
          .isEqualTo(RejectionCode.DPOP_PROOF_MALFORMED);
      assertThat(
              DPoPProofRules.singleProof(List.of("a".repeat(DPoPPolicy.MAX_PROOF_CHARS))).value())
          .isPresent();
    }
  }

  @Nested
  class Policy {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"none", "HS256", "hs384", "HS512"})
    void never_accepts_none_or_hmac(String algorithm) {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  new DPoPPolicy(
                      DPoPPolicy.Mode.ALLOWED,
                      Set.of("ES256", algorithm),
                      Duration.ofSeconds(60),
                      Duration.ZERO,
                      RESOURCE));
    }

    @Test
    void bounds_the_max_age_and_needs_a_usable_url() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  new DPoPPolicy(
                      DPoPPolicy.Mode.ALLOWED,
                      Set.of("ES256"),
                      Duration.ofMinutes(6),
                      Duration.ZERO,
                      RESOURCE));
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  new DPoPPolicy(
                      DPoPPolicy.Mode.ALLOWED,
                      Set.of("ES256"),
                      Duration.ZERO,
                      Duration.ZERO,
                      RESOURCE));
      assertThatIllegalArgumentException()
          .isThrownBy(() -> DPoPPolicy.of(DPoPPolicy.Mode.ALLOWED, "/mcp", Duration.ZERO));
      assertThatIllegalArgumentException()
          .isThrownBy(
              () -> DPoPPolicy.of(DPoPPolicy.Mode.ALLOWED, RESOURCE + "?x=1", Duration.ZERO));
    }

    @Test
    void bounds_the_future_skew_so_a_proof_lives_minutes_at_most() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  DPoPPolicy.of(
                      DPoPPolicy.Mode.ALLOWED,
                      RESOURCE,
                      DPoPPolicy.MAX_FUTURE_SKEW.plusSeconds(1)));
      assertThat(
              DPoPPolicy.of(DPoPPolicy.Mode.ALLOWED, RESOURCE, DPoPPolicy.MAX_FUTURE_SKEW)
                  .futureSkew())
          .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void keeps_the_url_normalised() {
      assertThat(
              DPoPPolicy.of(DPoPPolicy.Mode.ALLOWED, "HTTPS://MCP.example:443/mcp", Duration.ZERO)
                  .expectedHtu())
          .isEqualTo(RESOURCE);
    }

    @Test
    void reads_dpop_credentials_only_when_dpop_is_on() {
      assertThat(DPoPPolicy.of(DPoPPolicy.Mode.OFF, RESOURCE, Duration.ZERO).acceptedSchemes())
          .containsExactly(io.github.mcpoauthkit.domain.token.AuthorizationScheme.BEARER);
      assertThat(DPoPPolicy.of(DPoPPolicy.Mode.REQUIRED, RESOURCE, Duration.ZERO).acceptedSchemes())
          .hasSize(2);
    }
  }
}
