package io.github.mcpoauthkit.domain.token;

import java.util.Objects;

/**
 * A bearer access token exactly as the client presented it (RFC 6750 §2.1).
 *
 * <p>The value is a secret: {@link #toString()} never shows it, so a token that ends up in a log
 * line or an exception message by accident leaks nothing. Use {@link #value()} only where the token
 * itself is needed (signature checks, cache keys).
 *
 * @param value the token, never empty
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 §2.1</a>
 */
public record BearerToken(String value) {

  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public BearerToken {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a bearer token cannot be empty");
    }
  }

  /** Returns a redacted description that never contains the token. */
  @Override
  public String toString() {
    return "BearerToken[redacted, " + value.length() + " chars]";
  }
}
