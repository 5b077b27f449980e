package io.github.mcpoauthkit.domain.token;

import java.util.Objects;

/**
 * Identifies one key of the issuer's key set: its {@code kid}, or, for keys without one, another
 * identifier that the key source keeps stable (such as the RFC 7638 thumbprint).
 *
 * @param value the identifier, never empty
 */
public record KeyId(String value) {

  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public KeyId {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a key id cannot be empty");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
