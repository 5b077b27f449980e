package io.github.mcpoauthkit.domain.token;

import java.util.Optional;

/**
 * The structural check that a token is a compact JWS before any parsing or cryptography: three
 * non-empty base64url segments (no padding) separated by dots.
 *
 * <p>It runs in one pass over the characters and allocates nothing, so opaque tokens, truncated
 * tokens, unsigned tokens ({@code header.payload.}) and encrypted tokens (five segments, RFC 7516
 * §7.1) are turned away before any decoder sees them.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7515#section-7.1">RFC 7515 §7.1</a>
 */
public final class JwtShape {

  private JwtShape() {}

  /**
   * Checks the shape of {@code token}. Thread-safe; never throws.
   *
   * @return empty if the token has the shape of a compact JWS; otherwise the rejection ({@link
   *     RejectionCode#INVALID_JWT_FORMAT}, or {@link RejectionCode#ENCRYPTED_TOKEN} for five
   *     segments)
   */
  public static Optional<Rejection> check(BearerToken token) {
    String value = token.value();
    int dots = 0;
    boolean emptySegment = false;
    boolean badCharacter = false;
    int segmentLength = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      byte kind = c < 128 ? KINDS[c] : OTHER;
      if (kind == DOT) {
        emptySegment |= segmentLength == 0;
        segmentLength = 0;
        dots++;
      } else {
        badCharacter |= kind == OTHER;
        segmentLength++;
      }
    }
    emptySegment |= segmentLength == 0;
    if (dots == 4) {
      return Optional.of(Rejection.of(RejectionCode.ENCRYPTED_TOKEN));
    }
    if (dots != 2 || emptySegment || badCharacter) {
      return Optional.of(Rejection.of(RejectionCode.INVALID_JWT_FORMAT));
    }
    return Optional.empty();
  }

  private static final byte OTHER = 0;
  private static final byte BASE64URL = 1;
  private static final byte DOT = 2;

  /** What each ASCII character is in a compact JWS, indexed by its code. */
  private static final byte[] KINDS = new byte[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      KINDS[c] = BASE64URL;
      KINDS[Character.toUpperCase(c)] = BASE64URL;
    }
    for (char c = '0'; c <= '9'; c++) {
      KINDS[c] = BASE64URL;
    }
    KINDS['-'] = BASE64URL;
    KINDS['_'] = BASE64URL;
    KINDS['.'] = DOT;
  }
}
