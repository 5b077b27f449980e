package io.github.mcpoauthkit.domain.token;

import java.util.Objects;

/**
 * An OAuth authorization server's issuer identifier, compared exactly (RFC 8414 §2, RFC 9068 §4).
 *
 * @param value the identifier, never blank
 */
public record Issuer(String value) {

  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is blank
   */
  public Issuer {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("an issuer cannot be blank");
    }
  }

  /**
   * Whether {@code other} names this issuer exactly. No normalisation takes place: {@code
   * https://a.example/} and {@code https://a.example} are different issuers.
   */
  public boolean matches(String other) {
    return value.equals(other);
  }

  /**
   * Whether {@code other} differs from this issuer only by one trailing slash, the most common
   * misconfiguration (Auth0 issuers end with {@code /}, most others do not).
   */
  public boolean differsOnlyByTrailingSlash(String other) {
    return !value.equals(other) && (value.equals(other + "/") || other.equals(value + "/"));
  }

  @Override
  public String toString() {
    return value;
  }
}
