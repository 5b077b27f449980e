package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenClaimsTest {

  private static final long EXP = 1_767_225_600L; // 2026-01-01T00:00:00Z

  /** A JSON object as a parser produces it, keys in order, null values allowed. */
  static Map<String, Object> json(Object... keysAndValues) {
    Map<String, Object> json = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      json.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return json;
  }

  static TokenClaims valid(Map<String, Object> json) {
    ParsedClaims parsed = TokenClaims.parse(json);
    assertThat(parsed).isInstanceOf(ParsedClaims.Valid.class);
    return ((ParsedClaims.Valid) parsed).claims();
  }

  static Rejection malformed(Map<String, Object> json) {
    ParsedClaims parsed = TokenClaims.parse(json);
    assertThat(parsed).isInstanceOf(ParsedClaims.Malformed.class);
    Rejection rejection = ((ParsedClaims.Malformed) parsed).rejection();
    assertThat(rejection.code()).isEqualTo(RejectionCode.CLAIMS_MALFORMED);
    assertThat(rejection.httpStatus()).isEqualTo(401);
    assertThat(rejection.message()).startsWith("Token validation failed: malformed claims: ");
    return rejection;
  }

  @Test
  void reads_the_registered_claims() {
    TokenClaims claims =
        valid(
            json(
                "iss", "https://issuer.example",
                "sub", "user-1",
                "aud", "https://mcp.example/mcp",
                "exp", EXP,
                "nbf", EXP - 60,
                "iat", EXP - 120,
                "scope", "read write",
                "client_id", "client-1"));

    assertThat(claims.issuer()).contains("https://issuer.example");
    assertThat(claims.subject()).contains("user-1");
    assertThat(claims.audiences()).containsExactly("https://mcp.example/mcp");
    assertThat(claims.expiresAt()).contains(Instant.ofEpochSecond(EXP));
    assertThat(claims.notBefore()).contains(Instant.ofEpochSecond(EXP - 60));
    assertThat(claims.issuedAt()).contains(Instant.ofEpochSecond(EXP - 120));
    assertThat(claims.scopes()).containsExactly(new Scope("read"), new Scope("write"));
    assertThat(claims.clientId()).contains("client-1");
    assertThat(claims.senderConstrained()).isFalse();
  }

  @Test
  void an_empty_object_is_valid_and_has_no_claims() {
    TokenClaims claims = valid(json());

    assertThat(claims.issuer()).isEmpty();
    assertThat(claims.subject()).isEmpty();
    assertThat(claims.audiences()).isEmpty();
    assertThat(claims.expiresAt()).isEmpty();
    assertThat(claims.notBefore()).isEmpty();
    assertThat(claims.issuedAt()).isEmpty();
    assertThat(claims.scopes()).isEmpty();
    assertThat(claims.clientId()).isEmpty();
    assertThat(claims.senderConstrained()).isFalse();
  }

  @Test
  void json_null_values_are_read_as_absent_claims() {
    TokenClaims claims =
        valid(
            json(
                "iss",
                null,
                "sub",
                null,
                "aud",
                null,
                "exp",
                null,
                "nbf",
                null,
                "iat",
                null,
                "scope",
                null,
                "scp",
                null,
                "client_id",
                null,
                "azp",
                null,
                "extra",
                null));

    assertThat(claims.issuer()).isEmpty();
    assertThat(claims.subject()).isEmpty();
    assertThat(claims.audiences()).isEmpty();
    assertThat(claims.expiresAt()).isEmpty();
    assertThat(claims.scopes()).isEmpty();
    assertThat(claims.clientId()).isEmpty();
    assertThat(claims.raw()).containsEntry("extra", null).hasSize(11);
  }

  static Stream<Arguments> audiences() {
    return Stream.of(
        Arguments.of("https://mcp.example/mcp", List.of("https://mcp.example/mcp")),
        Arguments.of(List.of("https://mcp.example/mcp"), List.of("https://mcp.example/mcp")),
        Arguments.of(
            List.of("https://mcp.example/mcp", "account"),
            List.of("https://mcp.example/mcp", "account")),
        Arguments.of(List.of(), List.of()));
  }

  @ParameterizedTest(name = "[{index}] aud={0}")
  @MethodSource("audiences")
  void aud_is_a_string_or_an_array_of_strings(Object aud, List<String> expected) {
    assertThat(valid(json("aud", aud)).audiences()).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> malformedClaims() {
    return Stream.of(
        Arguments.of(json("aud", 42), "aud"),
        Arguments.of(json("aud", List.of("ok", 42)), "aud"),
        Arguments.of(json("aud", Arrays.asList("ok", null)), "aud"),
        Arguments.of(json("aud", Map.of("a", "b")), "aud"),
        Arguments.of(json("aud", true), "aud"),
        Arguments.of(json("iss", 42), "iss"),
        Arguments.of(json("sub", List.of("user")), "sub"),
        Arguments.of(json("client_id", 7), "client_id"),
        Arguments.of(json("azp", 7), "azp"),
        Arguments.of(json("exp", String.valueOf(EXP)), "exp"),
        Arguments.of(json("exp", true), "exp"),
        Arguments.of(json("nbf", "soon"), "nbf"),
        Arguments.of(json("iat", List.of(EXP)), "iat"),
        Arguments.of(json("exp", 1e30), "exp"),
        Arguments.of(json("exp", -1e30), "exp"),
        Arguments.of(json("exp", Double.NaN), "exp"),
        Arguments.of(json("exp", Double.POSITIVE_INFINITY), "exp"),
        Arguments.of(json("exp", Double.NEGATIVE_INFINITY), "exp"),
        Arguments.of(json("exp", Float.NaN), "exp"),
        Arguments.of(json("exp", 1e30f), "exp"),
        Arguments.of(json("exp", Long.MAX_VALUE), "exp"),
        Arguments.of(json("exp", Long.MIN_VALUE), "exp"),
        Arguments.of(json("exp", 253_402_300_800L), "exp"),
        Arguments.of(json("exp", new BigInteger("1" + "0".repeat(40))), "exp"),
        Arguments.of(json("exp", new BigDecimal("1E+400")), "exp"),
        Arguments.of(json("exp", new BigDecimal("-1E+400")), "exp"),
        Arguments.of(json("exp", new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE)), "exp"),
        Arguments.of(json("scope", "read \"write\""), "scope"),
        Arguments.of(json("scope", "read wr\\ite"), "scope"),
        Arguments.of(json("scope", "read\twrite"), "scope"),
        Arguments.of(json("scope", "caf\u00e9"), "scope"),
        Arguments.of(json("scope", 42), "scope"),
        Arguments.of(json("scope", List.of("read", 7)), "scope"),
        Arguments.of(json("scp", List.of("read", 1)), "scp"),
        Arguments.of(json("scp", List.of("read write")), "scp"),
        Arguments.of(json("scp", List.of("")), "scp"),
        Arguments.of(json("scp", Arrays.asList("read", null)), "scp"),
        Arguments.of(json("scp", "re\"ad"), "scp"),
        Arguments.of(json("scp", 42), "scp"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedClaims")
  void a_registered_claim_of_the_wrong_type_or_range_is_claims_malformed_naming_it(
      Map<String, Object> json, String claim) {
    assertThat(malformed(json).message()).contains(claim);
  }

  @Test
  void the_first_problem_is_reported() {
    assertThat(malformed(json("iss", 1, "exp", "later")).message())
        .isEqualTo("Token validation failed: malformed claims: iss is not a string");
  }

  static Stream<Arguments> numericDates() {
    return Stream.of(
        Arguments.of(EXP, EXP),
        Arguments.of(Integer.valueOf(1_700_000_000), 1_700_000_000L),
        Arguments.of((double) EXP, EXP),
        Arguments.of(EXP + 0.9, EXP),
        Arguments.of(EXP + 0.1, EXP),
        Arguments.of(1_700_000_000.5f, 1_700_000_000L),
        Arguments.of(BigInteger.valueOf(EXP), EXP),
        Arguments.of(new BigDecimal(EXP + ".999"), EXP),
        Arguments.of(new BigDecimal("1.7672256E+9"), EXP),
        Arguments.of(new BigDecimal("-0.5"), -1L),
        Arguments.of(-0.5d, -1L),
        Arguments.of(0L, 0L),
        Arguments.of(-62_167_219_200L, -62_167_219_200L),
        Arguments.of(253_402_300_799L, 253_402_300_799L),
        Arguments.of(253_402_300_799.0, 253_402_300_799L),
        Arguments.of(new BigDecimal("253402300799"), 253_402_300_799L),
        Arguments.of(new BigDecimal("1E-2147483647"), 0L),
        Arguments.of(new BigDecimal("-1E-2147483647"), -1L),
        Arguments.of(new BigDecimal("-0E-2147483647"), 0L),
        Arguments.of(new BigDecimal(EXP + "." + "9".repeat(500)), EXP),
        Arguments.of(new BigDecimal("-" + EXP + "." + "0".repeat(500) + "1"), -EXP - 1));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("numericDates")
  void numeric_dates_accept_every_json_number_type_and_floor_fractions(
      Number value, long epochSecond) {
    TokenClaims claims = valid(json("exp", value, "nbf", value, "iat", value));

    assertThat(claims.expiresAt()).contains(Instant.ofEpochSecond(epochSecond));
    assertThat(claims.notBefore()).contains(Instant.ofEpochSecond(epochSecond));
    assertThat(claims.issuedAt()).contains(Instant.ofEpochSecond(epochSecond));
  }

  /** Found by ClaimsPropertyTest: flooring 1E-100000000 with setScale took a minute. */
  @Test
  @Timeout(5)
  void a_tiny_decimal_with_a_huge_scale_is_floored_at_once() {
    TokenClaims claims = valid(json("exp", new BigDecimal("1E-100000000")));

    assertThat(claims.expiresAt()).contains(Instant.EPOCH);
  }

  static Stream<Arguments> scopes() {
    return Stream.of(
        Arguments.of(json("scope", "a b"), List.of("a", "b")),
        Arguments.of(json("scope", "a  b"), List.of("a", "b")),
        Arguments.of(json("scope", "  a   b  "), List.of("a", "b")),
        Arguments.of(json("scope", ""), List.of()),
        Arguments.of(json("scope", "a a b"), List.of("a", "b")),
        Arguments.of(
            json("scope", "mcp:tools.read api://x/y"), List.of("mcp:tools.read", "api://x/y")),
        Arguments.of(json("scp", List.of("a", "b")), List.of("a", "b")),
        Arguments.of(json("scope", List.of("a", "b")), List.of("a", "b")),
        Arguments.of(json("scp", List.of()), List.of()),
        Arguments.of(json("scp", "User.Read Mail.Send"), List.of("User.Read", "Mail.Send")),
        Arguments.of(json("scope", "a b", "scp", List.of("b", "c")), List.of("a", "b", "c")),
        Arguments.of(json("scope", "a", "scp", "c  a"), List.of("a", "c")));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("scopes")
  void scopes_come_from_scope_and_scp_in_order_of_appearance(
      Map<String, Object> json, List<String> expected) {
    assertThat(valid(json).scopes()).extracting(Scope::value).containsExactlyElementsOf(expected);
  }

  @Test
  void client_id_is_preferred_over_azp() {
    assertThat(valid(json("azp", "from-azp", "client_id", "from-client-id")).clientId())
        .contains("from-client-id");
  }

  @Test
  void azp_is_the_fallback_client_id() {
    assertThat(valid(json("azp", "from-azp")).clientId()).contains("from-azp");
    assertThat(valid(json("client_id", null, "azp", "from-azp")).clientId()).contains("from-azp");
  }

  @Test
  void a_cnf_claim_marks_the_token_sender_constrained() {
    assertThat(valid(json("cnf", Map.of("jkt", "0ZcOCORZNYy"))).senderConstrained()).isTrue();
    assertThat(valid(json("cnf", Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5"))).senderConstrained())
        .isTrue();
  }

  @Test
  void cnf_jkt_is_the_key_a_dpop_token_is_bound_to() {
    String thumbprint = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

    assertThat(valid(json("cnf", Map.of("jkt", thumbprint))).confirmationJkt())
        .contains(thumbprint);
    assertThat(valid(json("cnf", Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5"))).confirmationJkt())
        .isEmpty();
    assertThat(valid(json("cnf", Map.of("jkt", 42))).confirmationJkt()).isEmpty();
    assertThat(valid(json("cnf", "jkt")).confirmationJkt()).isEmpty();
    assertThat(valid(json("cnf", "jkt")).senderConstrained()).isTrue();
    assertThat(valid(json("sub", "alice")).confirmationJkt()).isEmpty();
  }

  @Test
  void raw_holds_every_claim_and_is_unmodifiable() {
    Map<String, Object> json = json("sub", "user-1", "tenant", "t-42", "roles", List.of("admin"));
    TokenClaims claims = valid(json);

    assertThat(claims.raw())
        .containsEntry("sub", "user-1")
        .containsEntry("tenant", "t-42")
        .containsEntry("roles", List.of("admin"));
    assertThatThrownBy(() -> claims.raw().put("sub", "attacker"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> claims.raw().remove("sub"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void later_changes_to_the_parsed_map_do_not_reach_the_claims() {
    Map<String, Object> json = json("sub", "user-1", "aud", new ArrayList<>(List.of("a")));
    TokenClaims claims = valid(json);

    json.put("sub", "user-2");
    json.put("extra", 1);

    assertThat(claims.subject()).contains("user-1");
    assertThat(claims.raw()).doesNotContainKey("extra").containsEntry("sub", "user-1");
  }

  @Test
  void audiences_and_scopes_are_unmodifiable() {
    TokenClaims claims = valid(json("aud", List.of("a"), "scope", "x"));

    assertThatThrownBy(() -> claims.audiences().add("b"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> claims.scopes().add(new Scope("y")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void to_string_shows_the_principal_but_not_the_raw_claims() {
    TokenClaims claims = valid(json("sub", "user-1", "secret_claim", "s3cr3t-value"));

    assertThat(claims.toString()).contains("user-1").doesNotContain("s3cr3t-value");
  }

  @Test
  void null_map_is_a_programmer_error() {
    assertThatNullPointerException().isThrownBy(() -> TokenClaims.parse(null));
  }
}
