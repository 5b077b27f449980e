package io.github.mcpoauthkit.domain.token;

import static io.github.mcpoauthkit.testing.property.Generator.weight;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.testing.property.Generator;
import io.github.mcpoauthkit.testing.property.Property;
import io.github.mcpoauthkit.testing.property.Shrinker;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Properties of the shape check over generated tokens: it never throws, and it accepts exactly the
 * strings of three non-empty base64url segments, as an independent regular expression says.
 */
class JwtShapePropertyTest {

  private static final Pattern COMPACT_JWS =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  /** Text near the shape: segments of base64url and dots, odd characters, mutated real tokens. */
  private static Generator<String> tokens() {
    Generator<String> run = TokenText.base64urlRun(200);
    Generator<Character> odd = TokenText.chars();
    Generator<String> segmented =
        random -> {
          int segments = 1 + random.nextInt(6);
          StringBuilder token = new StringBuilder();
          for (int i = 0; i < segments; i++) {
            if (i > 0) {
              token.append('.');
            }
            if (random.nextInt(10) > 0) {
              token.append(run.next(random));
            }
            if (random.nextInt(8) == 0) {
              token.insert(random.nextInt(token.length() + 1), odd.next(random));
            }
          }
          return token.toString();
        };
    return Generator.frequency(
        weight(4, segmented),
        weight(3, random -> TokenText.mutate(TokenText.SAMPLE_JWT, random)),
        weight(3, TokenText.text(9_000)));
  }

  @Test
  void the_shape_check_accepts_exactly_three_base64url_segments() {
    Property.forAll("JwtShape.check agrees with its grammar", 40_000, tokens())
        .shrinkWith(Shrinker.strings())
        .check(
            (token, trial) -> {
              trial.assume(!token.isEmpty());
              BearerToken bearer = new BearerToken(token);

              Optional<Rejection> rejection = JwtShape.check(bearer);

              String outcome = rejection.map(r -> r.code().code()).orElse("compact JWS");
              trial.collect("outcome", outcome);
              assertThat(outcome).isEqualTo(expected(token));
              assertThat(JwtShape.check(new BearerToken(new String(token.toCharArray()))))
                  .isEqualTo(rejection);
            });
  }

  private static String expected(String token) {
    if (token.chars().filter(c -> c == '.').count() == 4) {
      return RejectionCode.ENCRYPTED_TOKEN.code();
    }
    return COMPACT_JWS.matcher(token).matches()
        ? "compact JWS"
        : RejectionCode.INVALID_JWT_FORMAT.code();
  }
}
