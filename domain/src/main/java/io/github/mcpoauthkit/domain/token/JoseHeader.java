package io.github.mcpoauthkit.domain.token;

import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a JWS protected header that the validation rules look at (RFC 7515 §4.1). Immutable
 * and thread-safe; build one with {@link #withAlgorithm(String)} and the {@code with...} methods.
 */
public final class JoseHeader {

  private final String algorithm;
  private final String type;
  private final String keyId;

  private JoseHeader(String algorithm, String type, String keyId) {
    this.algorithm = algorithm;
    this.type = type;
    this.keyId = keyId;
  }

  /**
   * A header with the given {@code alg} and no {@code typ} or {@code kid}.
   *
   * @throws NullPointerException if {@code algorithm} is null
   */
  public static JoseHeader withAlgorithm(String algorithm) {
    return new JoseHeader(Objects.requireNonNull(algorithm, "algorithm"), null, null);
  }

  /**
   * This header with {@code typ} set.
   *
   * @throws NullPointerException if {@code type} is null
   */
  public JoseHeader withType(String type) {
    return new JoseHeader(algorithm, Objects.requireNonNull(type, "type"), keyId);
  }

  /**
   * This header with {@code kid} set.
   *
   * @throws NullPointerException if {@code keyId} is null
   */
  public JoseHeader withKeyId(String keyId) {
    return new JoseHeader(algorithm, type, Objects.requireNonNull(keyId, "keyId"));
  }

  /** The {@code alg} value as sent, such as {@code RS256}. */
  public String algorithm() {
    return algorithm;
  }

  /** The {@code typ} value as sent, if any. */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  /** The {@code kid} value as sent, if any. */
  public Optional<String> keyId() {
    return Optional.ofNullable(keyId);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JoseHeader that
        && algorithm.equals(that.algorithm)
        && Objects.equals(type, that.type)
        && Objects.equals(keyId, that.keyId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, type, keyId);
  }

  @Override
  public String toString() {
    return "JoseHeader[alg=" + algorithm + ", typ=" + type + ", kid=" + keyId + "]";
  }
}
