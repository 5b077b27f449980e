package io.github.mcpoauthkit.domain.token;

import static io.github.mcpoauthkit.testing.property.Generator.weight;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.testing.property.Generator;
import io.github.mcpoauthkit.testing.property.Property;
import io.github.mcpoauthkit.testing.property.Shrinker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Properties of the {@code Authorization} header parser over generated header values: it never
 * throws, it is deterministic, and it agrees with an independent statement of its grammar.
 */
class CredentialsPropertyTest {

  /** RFC 6750 §2.1 b64token; the whole of what may follow {@code Bearer} and its spaces. */
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  /** The longest b64token prefix, possibly empty. */
  private static final Pattern B64TOKEN_PREFIX = Pattern.compile("([A-Za-z0-9\\-._~+/]+=*)?");

  private static final Pattern OWS_AROUND = Pattern.compile("[ \t]*(.*?)[ \t]*", Pattern.DOTALL);

  /** Outcomes as the properties compare them: by code, or by the token presented. */
  private static final String NONE = "none";

  private static final String PRESENTED = "presented:";

  /** One to three header values; a single one most of the time, as in real requests. */
  private static Generator<List<String>> headerLists() {
    Generator<String> values =
        Generator.frequency(
            weight(6, TokenText.text(9_000)),
            weight(3, CredentialsPropertyTest::bearerHeader),
            weight(2, random -> TokenText.mutate(bearerHeader(random), random)));
    return Generator.frequency(
        weight(1, Generator.constant(List.of())),
        weight(40, values.map(List::of)),
        weight(4, Generator.lists(values, 2, 3)));
  }

  /** {@code Bearer <b64token>} in the spellings the parser must accept. */
  private static String bearerHeader(RandomGenerator random) {
    return TokenText.optionalWhitespace(random, 2)
        + TokenText.bearerScheme(random)
        + " ".repeat(1 + random.nextInt(3))
        + b64token(random)
        + TokenText.optionalWhitespace(random, 2);
  }

  private static String b64token(RandomGenerator random) {
    String alphabet = TokenText.BASE64URL + TokenText.B64TOKEN_EXTRA;
    int length = 1 + Generator.length(random, 8_000);
    StringBuilder token = new StringBuilder(length + 2);
    for (int i = 0; i < length; i++) {
      token.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    token.append("=".repeat(random.nextInt(100) < 80 ? 0 : random.nextInt(3)));
    return token.toString();
  }

  @Test
  void any_header_values_are_read_as_the_grammar_says_and_never_throw() {
    Property.forAll(
            "Credentials.fromHeaders agrees with the b64token grammar", 40_000, headerLists())
        .shrinkWith(Shrinker.lists(Shrinker.strings()))
        .check(
            (headers, trial) -> {
              Credentials credentials = Credentials.fromHeaders(headers);

              trial.collect("headers", headers.size() + " value(s)");
              trial.collect("outcome", summary(credentials).replaceFirst(":.*", ""));
              assertThat(summary(credentials)).isEqualTo(expected(headers));
              assertThat(Credentials.fromHeaders(copyOf(headers))).isEqualTo(credentials);
              if (credentials instanceof Credentials.Malformed malformed) {
                assertThat(malformed.rejection().code().errorClass())
                    .contains(ErrorClass.INVALID_REQUEST);
                assertThat(malformed.rejection().httpStatus()).isEqualTo(400);
              }
            });
  }

  private record HeaderAndToken(String header, String token) {
    @Override
    public String toString() {
      return Property.quote(header);
    }
  }

  @Test
  void bearer_and_a_b64token_present_exactly_that_token() {
    Generator<HeaderAndToken> headers =
        random -> {
          String token = b64token(random);
          return new HeaderAndToken(
              TokenText.optionalWhitespace(random, 3)
                  + TokenText.bearerScheme(random)
                  + " ".repeat(1 + random.nextInt(4))
                  + token
                  + TokenText.optionalWhitespace(random, 3),
              token);
        };
    Property.forAll("Bearer <b64token> is Presented with exactly that token", 10_000, headers)
        .check(
            (input, trial) -> {
              trial.collect("padding", input.token().endsWith("=") ? "with '='" : "without '='");
              trial.collect("length", input.token().length() <= 40 ? "up to 40" : "longer");

              assertThat(Credentials.fromHeaders(List.of(input.header())))
                  .isEqualTo(new Credentials.Presented(new BearerToken(input.token())));
            });
  }

  /**
   * The grammar of {@code Credentials.fromHeaders}, stated with regular expressions instead of the
   * parser's index arithmetic: the two must agree on every input.
   */
  private static String expected(List<String> headers) {
    if (headers.isEmpty()) {
      return NONE;
    }
    if (headers.size() > 1) {
      return malformed(RejectionCode.MULTIPLE_CREDENTIALS);
    }
    Matcher ows = OWS_AROUND.matcher(headers.get(0));
    if (!ows.matches() || ows.group(1).isEmpty()) {
      return NONE;
    }
    String value = ows.group(1);
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    if (!scheme.matches("[Bb][Ee][Aa][Rr][Ee][Rr]")) {
      return value.contains(",") && value.toLowerCase(Locale.ROOT).contains("bearer")
          ? malformed(RejectionCode.MULTIPLE_CREDENTIALS)
          : NONE;
    }
    String rest = value.substring(scheme.length()).replaceFirst("^ +", "");
    if (rest.isEmpty()) {
      return malformed(RejectionCode.EMPTY_TOKEN);
    }
    if (B64TOKEN.matcher(rest).matches()) {
      return PRESENTED + rest;
    }
    Matcher prefix = B64TOKEN_PREFIX.matcher(rest);
    prefix.lookingAt();
    char stop = rest.charAt(prefix.end());
    return malformed(
        stop == ' ' || stop == ','
            ? RejectionCode.MULTIPLE_CREDENTIALS
            : RejectionCode.MALFORMED_CREDENTIALS);
  }

  private static String malformed(RejectionCode code) {
    return code.code();
  }

  /** The outcome by its code or the token presented: the messages are not part of the grammar. */
  private static String summary(Credentials credentials) {
    if (credentials instanceof Credentials.Malformed malformed) {
      return malformed(malformed.rejection().code());
    }
    if (credentials instanceof Credentials.Presented presented) {
      return PRESENTED + presented.token().value();
    }
    return NONE;
  }

  /** Equal but not identical strings, so that nothing can rely on identity. */
  private static List<String> copyOf(List<String> headers) {
    List<String> copy = new ArrayList<>();
    for (String header : headers) {
      copy.add(new String(header.toCharArray()));
    }
    return copy;
  }
}
