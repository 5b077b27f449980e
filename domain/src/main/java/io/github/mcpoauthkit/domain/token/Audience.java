package io.github.mcpoauthkit.domain.token;

import java.util.Objects;

/**
 * A value of the {@code aud} claim that identifies this resource server (RFC 7519 §4.1.3, RFC
 * 8707).
 *
 * @param value the audience, never blank
 */
public record Audience(String value) {

  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is blank
   */
  public Audience {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("an audience cannot be blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
