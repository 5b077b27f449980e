package io.github.mcpoauthkit.domain.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.mcpoauthkit.domain.token.ErrorClass;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.Scope;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class BearerChallengeTest {

  private static final String PRM =
      "http://localhost:3000/.well-known/oauth-protected-resource/mcp";

  private static Set<Scope> scopes(String... values) {
    Set<Scope> scopes = new LinkedHashSet<>();
    for (String value : values) {
      scopes.add(new Scope(value));
    }
    return scopes;
  }

  @Test
  void offline_access_is_never_asked_for_in_a_challenge() {
    assertThat(BearerChallenge.withoutError(PRM, scopes("offline_access", "mcp:tools")).render())
        .isEqualTo("Bearer resource_metadata=\"" + PRM + "\", scope=\"mcp:tools\"");
    assertThat(BearerChallenge.withoutError(PRM, scopes("offline_access")).render())
        .isEqualTo("Bearer resource_metadata=\"" + PRM + "\"");
  }

  /**
   * Parses a rendered {@code Bearer} challenge back into its parameters with the grammar of RFC
   * 9110 §11.2 and §5.6.4 (auth-param = token "=" quoted-string), limited to visible ASCII. Fails
   * the test if the value would not survive as one header line or cannot be parsed unambiguously.
   */
  static Map<String, String> parse(String header) {
    for (char c : header.toCharArray()) {
      assertThat(c < 0x20 || c > 0x7E)
          .as("character U+%04X in header %s", (int) c, header)
          .isFalse();
    }
    assertThat(header).startsWith("Bearer ");
    Map<String, String> params = new LinkedHashMap<>();
    int i = "Bearer ".length();
    while (i < header.length()) {
      int eq = header.indexOf('=', i);
      assertThat(eq).as("'=' after a parameter name in %s", header).isPositive();
      String name = header.substring(i, eq);
      assertThat(name).matches("[a-z_]+");
      i = eq + 1;
      assertThat(header.charAt(i)).as("opening quote in %s", header).isEqualTo('"');
      i++;
      StringBuilder value = new StringBuilder();
      while (true) {
        assertThat(i).as("closing quote in %s", header).isLessThan(header.length());
        char c = header.charAt(i);
        if (c == '"') {
          i++;
          break;
        }
        if (c == '\\') {
          i++;
          assertThat(i).as("escaped character in %s", header).isLessThan(header.length());
          c = header.charAt(i);
        }
        value.append(c);
        i++;
      }
      assertThat(params.put(name, value.toString())).as("duplicate %s", name).isNull();
      if (i < header.length()) {
        assertThat(header.substring(i)).startsWith(", ");
        i += 2;
      }
    }
    return params;
  }

  @Test
  void without_credentials_the_challenge_points_at_the_metadata_and_has_no_error() {
    BearerChallenge challenge = BearerChallenge.withoutError(PRM, Set.of());

    assertThat(challenge.render())
        .isEqualTo(
            "Bearer resource_metadata=\"http://localhost:3000/.well-known/oauth-protected-resource/mcp\"");
    assertThat(challenge.error()).isEmpty();
    assertThat(challenge).hasToString(challenge.render());
  }

  @Test
  void required_scopes_are_added_as_a_scope_parameter() {
    BearerChallenge challenge = BearerChallenge.withoutError(PRM, scopes("a", "b"));

    assertThat(challenge.render())
        .isEqualTo("Bearer resource_metadata=\"" + PRM + "\", scope=\"a b\"");
    assertThat(parse(challenge.render()))
        .containsExactly(Map.entry("resource_metadata", PRM), Map.entry("scope", "a b"));
  }

  @Test
  void a_no_credentials_rejection_renders_the_challenge_without_error() {
    BearerChallenge challenge =
        BearerChallenge.forRejection(PRM, Rejection.of(RejectionCode.NO_CREDENTIALS), scopes("a"));

    assertThat(challenge.error()).isEmpty();
    assertThat(challenge.render())
        .isEqualTo("Bearer resource_metadata=\"" + PRM + "\", scope=\"a\"");
  }

  @Test
  void an_expired_token_renders_invalid_token_with_the_message() {
    BearerChallenge challenge =
        BearerChallenge.forRejection(PRM, Rejection.of(RejectionCode.TOKEN_EXPIRED), Set.of());

    assertThat(challenge.render())
        .isEqualTo(
            "Bearer resource_metadata=\""
                + PRM
                + "\", error=\"invalid_token\", error_description=\"Token expired\"");
    assertThat(challenge.error()).contains(ErrorClass.INVALID_TOKEN);
  }

  @Test
  void a_token_rejection_keeps_the_required_scopes_in_the_challenge() {
    BearerChallenge challenge =
        BearerChallenge.forRejection(
            PRM, Rejection.of(RejectionCode.AUDIENCE_MISMATCH), scopes("mcp"));

    assertThat(parse(challenge.render()))
        .containsExactly(
            Map.entry("resource_metadata", PRM),
            Map.entry("scope", "mcp"),
            Map.entry("error", "invalid_token"),
            Map.entry("error_description", "Token validation failed: audience mismatch"));
  }

  @Test
  void insufficient_scope_renders_its_error_and_the_challenge_scopes_over_the_required_ones() {
    Rejection rejection =
        new Rejection(
            RejectionCode.INSUFFICIENT_SCOPE, "Insufficient scope: requires b", scopes("a", "b"));

    BearerChallenge challenge = BearerChallenge.forRejection(PRM, rejection, scopes("mcp"));

    assertThat(challenge.render())
        .isEqualTo(
            "Bearer resource_metadata=\""
                + PRM
                + "\", scope=\"a b\", error=\"insufficient_scope\","
                + " error_description=\"Insufficient scope: requires b\"");
    assertThat(challenge.error()).contains(ErrorClass.INSUFFICIENT_SCOPE);
  }

  @ParameterizedTest
  @EnumSource(
      value = RejectionCode.class,
      names = {
        "MULTIPLE_CREDENTIALS",
        "EMPTY_TOKEN",
        "MALFORMED_CREDENTIALS",
        "TOKEN_OUTSIDE_HEADER"
      })
  void a_malformed_request_renders_invalid_request(RejectionCode code) {
    BearerChallenge challenge = BearerChallenge.forRejection(PRM, Rejection.of(code), Set.of());

    assertThat(parse(challenge.render()))
        .containsEntry("error", "invalid_request")
        .containsEntry("error_description", code.defaultMessage());
  }

  @ParameterizedTest
  @EnumSource(RejectionCode.class)
  void every_rejection_renders_a_parseable_challenge_with_its_error_class(RejectionCode code) {
    Map<String, String> params =
        parse(BearerChallenge.forRejection(PRM, Rejection.of(code), scopes("a")).render());

    assertThat(params).containsEntry("resource_metadata", PRM);
    if (code.errorClass().isPresent()) {
      assertThat(params)
          .containsEntry("error", code.errorClass().get().code())
          .containsEntry("error_description", code.defaultMessage());
    } else {
      assertThat(params).doesNotContainKeys("error", "error_description");
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "quote \" inside",
        "trailing backslash \\",
        "\\\" escaped quote",
        "CRLF\r\nWWW-Authenticate: Basic realm=\"evil\"",
        "lone LF\n and CR\r",
        "tab\tand NUL\u0000 and DEL\u007f",
        "non-ASCII caf\u00e9 \u2028 \ud83d\ude00",
        "\", error=\"forged",
        "\\"
      })
  void a_hostile_description_cannot_break_the_header(String description) {
    Rejection rejection = Rejection.of(RejectionCode.CLAIMS_MALFORMED, description);

    String header = BearerChallenge.forRejection(PRM, rejection, Set.of()).render();
    Map<String, String> params = parse(header);

    assertThat(params)
        .containsOnlyKeys("resource_metadata", "error", "error_description")
        .containsEntry("resource_metadata", PRM)
        .containsEntry("error", "invalid_token");
    String rendered = params.get("error_description");
    assertThat(rendered).hasSameSizeAs(description);
    for (char c : rendered.toCharArray()) {
      // RFC 6750 §3: error_description = *( %x20-21 / %x23-5B / %x5D-7E )
      assertThat(c >= 0x20 && c <= 0x7E && c != '"' && c != '\\')
          .as("U+%04X in error_description", (int) c)
          .isTrue();
    }
  }

  @Test
  void the_printable_part_of_a_description_survives() {
    Rejection rejection =
        Rejection.of(RejectionCode.CLAIMS_MALFORMED, "bad \"exp\"\r\nvalue \\ caf\u00e9");

    String description =
        parse(BearerChallenge.forRejection(PRM, rejection, Set.of()).render())
            .get("error_description");

    assertThat(description).isEqualTo("bad 'exp'??value / caf?");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "http://localhost:3000/.well-known/oauth-protected-resource/m\"cp",
        "http://localhost:3000/.well-known/oauth-protected-resource/m\\cp",
        "http://localhost:3000/x\r\nSet-Cookie: a=b",
        "http://localhost:3000/caf\u00e9"
      })
  void a_hostile_metadata_url_cannot_break_the_header(String url) {
    Map<String, String> params = parse(BearerChallenge.withoutError(url, scopes("a")).render());

    assertThat(params).containsOnlyKeys("resource_metadata", "scope").containsEntry("scope", "a");
    assertThat(params.get("resource_metadata")).hasSameSizeAs(url);
  }

  @Test
  void quotes_and_backslashes_in_the_metadata_url_are_escaped_not_replaced() {
    String url = "http://localhost:3000/a\"b\\c";

    assertThat(BearerChallenge.withoutError(url, Set.of()).render())
        .isEqualTo("Bearer resource_metadata=\"http://localhost:3000/a\\\"b\\\\c\"");
    assertThat(parse(BearerChallenge.withoutError(url, Set.of()).render()))
        .containsEntry("resource_metadata", url);
  }

  @Test
  void the_scopes_are_a_copy() {
    Set<Scope> scopes = scopes("a");
    BearerChallenge challenge = BearerChallenge.withoutError(PRM, scopes);

    scopes.add(new Scope("b"));

    assertThat(parse(challenge.render())).containsEntry("scope", "a");
  }

  @Test
  void nulls_are_refused() {
    assertThatNullPointerException().isThrownBy(() -> BearerChallenge.withoutError(null, Set.of()));
    assertThatNullPointerException()
        .isThrownBy(() -> BearerChallenge.forRejection(PRM, null, Set.of()));
    assertThatNullPointerException()
        .isThrownBy(
            () ->
                BearerChallenge.forRejection(
                    null, Rejection.of(RejectionCode.TOKEN_EXPIRED), Set.of()));
  }
}
