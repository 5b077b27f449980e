package io.github.mcpoauthkit.domain.token;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Authorization} schemes that carry an access token to this resource server.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 §2.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-7.1">RFC 9449 §7.1</a>
 */
public enum AuthorizationScheme {
  /** {@code Authorization: Bearer <token>} (RFC 6750): whoever holds the token may use it. */
  BEARER("Bearer"),
  /**
   * {@code Authorization: DPoP <token>} with a {@code DPoP} proof header (RFC 9449): the token is
   * bound to a key the client proves it holds on every request.
   */
  DPOP("DPoP");

  private final String scheme;

  AuthorizationScheme(String scheme) {
    this.scheme = scheme;
  }

  /** The scheme as written in headers and challenges: {@code Bearer} or {@code DPoP}. */
  public String scheme() {
    return scheme;
  }

  /**
   * The scheme named {@code name}, compared case-insensitively (RFC 9110 §11.1).
   *
   * @throws NullPointerException if {@code name} is null
   */
  public static Optional<AuthorizationScheme> named(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (AuthorizationScheme candidate : values()) {
      if (candidate.scheme.toLowerCase(Locale.ROOT).equals(lower)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
