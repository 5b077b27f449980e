package io.github.mcpoauthkit.domain.token;

import static io.github.mcpoauthkit.testing.property.Generator.weight;

import io.github.mcpoauthkit.testing.property.Generator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Generators of the text that reaches the header parser and the shape check: pieces of real headers
 * and tokens mixed with the characters that break parsers.
 */
final class TokenText {

  static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** The RFC 6750 b64token characters besides base64url, before any '=' padding. */
  static final String B64TOKEN_EXTRA = ".~+/";

  /**
   * Characters that parsers trip over: whitespace of every kind, controls, separators, quotes,
   * standard-base64 and padding characters, lone surrogates, look-alikes of dot and letters, and
   * characters above 127 whose low seven bits are a base64url character or a dot (a table lookup
   * that forgets the bound would take them for one).
   */
  static final String ODD =
      " \t\r\n\u000b\f\u0000\u0001\u001b\u001f\u007f"
          + "=,;:\"'\\()<>@[]{}?%#&*!^`|$+/.~"
          + "\u0080\u00a0\u00ae\u00c1\u00e9\u0100\u012e\u0131\u017f\u01ae"
          + "\u200b\u2024\u2028\u212a\u3000\ufeff\uff0e\ufffd\uffff"
          + "\ud800\udbff\udc00\udfff";

  /** A compact JWS as an issuer would send it (the signature is filler; nothing checks it here). */
  static final String SAMPLE_JWT =
      encode("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"k1\"}")
          + "."
          + encode(
              "{\"iss\":\"https://issuer.example\",\"sub\":\"alice\","
                  + "\"aud\":\"https://mcp.example/mcp\",\"exp\":1767225600,"
                  + "\"scope\":\"mcp:read mcp:write\"}")
          + "."
          + encode(new byte[256]);

  private TokenText() {}

  static String encode(String json) {
    return encode(json.getBytes(StandardCharsets.UTF_8));
  }

  static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** One character: mostly base64url, often an odd one, sometimes any UTF-16 code unit. */
  static Generator<Character> chars() {
    return Generator.frequency(
        weight(6, charOf(BASE64URL)),
        weight(1, charOf(B64TOKEN_EXTRA)),
        weight(3, charOf(ODD)),
        weight(1, random -> (char) random.nextInt(0x10000)));
  }

  static Generator<Character> charOf(String alphabet) {
    return random -> alphabet.charAt(random.nextInt(alphabet.length()));
  }

  /** A run of {@code 1..max} base64url characters. */
  static Generator<String> base64urlRun(int max) {
    return random -> {
      int length = 1 + random.nextInt(max);
      StringBuilder run = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        run.append(BASE64URL.charAt(random.nextInt(BASE64URL.length())));
      }
      return run.toString();
    };
  }

  /** Pieces that headers and tokens are made of. */
  static Generator<String> pieces() {
    return Generator.frequency(
        weight(8, chars().map(String::valueOf)),
        weight(4, base64urlRun(60)),
        weight(
            3,
            Generator.elements(
                "Bearer", "bearer", "BEARER", "BeArEr", "Basic", "DPoP", "Token", "Bearer:")),
        weight(3, Generator.elements(" ", "  ", "\t", ",", ", ", ".", "=", "==")),
        weight(1, Generator.elements(SAMPLE_JWT, SAMPLE_JWT.substring(0, 40), ".", "..")));
  }

  /** Text of up to {@code max} characters made of {@link #pieces()}. */
  static Generator<String> text(int max) {
    Generator<String> pieces = pieces();
    return random -> {
      int target = Generator.length(random, max);
      StringBuilder text = new StringBuilder();
      while (text.length() < target) {
        text.append(pieces.next(random));
      }
      if (text.length() > max) {
        text.setLength(max);
      }
      return text.toString();
    };
  }

  /** {@code text} with one character replaced, inserted or removed, or cut short. */
  static String mutate(String text, RandomGenerator random) {
    Generator<Character> chars = chars();
    int at = random.nextInt(text.length() + 1);
    return switch (random.nextInt(4)) {
      case 0 ->
          at < text.length()
              ? text.substring(0, at) + chars.next(random) + text.substring(at + 1)
              : text + chars.next(random);
      case 1 -> text.substring(0, at) + chars.next(random) + text.substring(at);
      case 2 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text;
      default -> text.substring(0, at);
    };
  }

  /** Up to {@code max} spaces and tabs: the optional whitespace around a header value. */
  static String optionalWhitespace(RandomGenerator random, int max) {
    StringBuilder out = new StringBuilder();
    int count = random.nextInt(max + 1);
    for (int i = 0; i < count; i++) {
      out.append(random.nextBoolean() ? ' ' : '\t');
    }
    return out.toString();
  }

  /** {@code Bearer} in one of its spellings: the scheme is case-insensitive. */
  static String bearerScheme(RandomGenerator random) {
    StringBuilder scheme = new StringBuilder("bearer");
    for (int i = 0; i < scheme.length(); i++) {
      if (random.nextBoolean()) {
        scheme.setCharAt(i, Character.toUpperCase(scheme.charAt(i)));
      }
    }
    return scheme.toString();
  }
}
