package io.github.mcpoauthkit.domain.token.dpop;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of a DPoP proof (RFC 9449 §4.2) that a resource server checks.
 *
 * @param jti the proof's unique identifier, 1 to {@link DPoPPolicy#MAX_JTI_CHARS} characters
 * @param htm the HTTP method the proof is for
 * @param htu the URL the proof is for, as sent
 * @param issuedAt {@code iat}, in whole seconds
 * @param tokenHash {@code ath}: the base64url SHA-256 of the access token
 * @param nonce {@code nonce}, empty when absent
 */
public record ProofClaims(
    String jti,
    String htm,
    String htu,
    Instant issuedAt,
    String tokenHash,
    Optional<String> nonce) {

  /** 9999-12-31T23:59:59Z: wider than any real proof, narrow enough for {@link Instant}. */
  private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  /**
   * @throws NullPointerException if an argument is null
   */
  public ProofClaims {
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(htm, "htm");
    Objects.requireNonNull(htu, "htu");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(nonce, "nonce");
  }

  /**
   * Reads the claims of a proof sent with an access token, where {@code ath} is required too (RFC
   * 9449 §4.2). Never throws for any JSON content.
   *
   * @return the claims, or why they are refused: which claim is missing or of the wrong type
   * @throws NullPointerException if {@code json} is null
   */
  static Parsed parse(Map<String, Object> json) {
    Objects.requireNonNull(json, "json");
    Object jti = json.get("jti");
    if (!(jti instanceof String id) || id.isEmpty()) {
      return new Parsed(null, "jti is missing or not a string");
    }
    if (id.length() > DPoPPolicy.MAX_JTI_CHARS) {
      return new Parsed(null, "jti is longer than " + DPoPPolicy.MAX_JTI_CHARS + " characters");
    }
    if (!(json.get("htm") instanceof String htm) || htm.isEmpty()) {
      return new Parsed(null, "htm is missing or not a string");
    }
    if (!(json.get("htu") instanceof String htu) || htu.isEmpty()) {
      return new Parsed(null, "htu is missing or not a string");
    }
    Instant issuedAt = numericDate(json.get("iat"));
    if (issuedAt == null) {
      return new Parsed(null, "iat is missing, not a number or out of range");
    }
    if (!(json.get("ath") instanceof String ath) || ath.isEmpty()) {
      return new Parsed(null, "ath is missing or not a string");
    }
    Object nonce = json.get("nonce");
    if (nonce != null && !(nonce instanceof String)) {
      return new Parsed(null, "nonce is not a string");
    }
    return new Parsed(
        new ProofClaims(id, htm, htu, issuedAt, ath, Optional.ofNullable((String) nonce)), null);
  }

  /** A NumericDate (RFC 7519 §2) between 1970 and 9999, floored to the second; else null. */
  private static Instant numericDate(Object value) {
    if (!(value instanceof Number number)) {
      return null;
    }
    long seconds;
    if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      if (!Double.isFinite(d) || d < 0 || d > MAX_EPOCH_SECOND) {
        return null;
      }
      seconds = (long) Math.floor(d);
    } else if (number instanceof BigDecimal || number instanceof BigInteger) {
      BigDecimal decimal =
          number instanceof BigDecimal exact ? exact : new BigDecimal((BigInteger) number);
      if (decimal.signum() < 0 || decimal.compareTo(BigDecimal.valueOf(MAX_EPOCH_SECOND)) > 0) {
        return null;
      }
      // Below one, the floor is 0 (toBigInteger would divide by ten to the power of a scale such as
      // 1E-100000000's); from one up, the range bounds the scale by the number's own digits.
      seconds = decimal.compareTo(BigDecimal.ONE) < 0 ? 0 : decimal.toBigInteger().longValueExact();
    } else {
      seconds = number.longValue();
      if (seconds < 0 || seconds > MAX_EPOCH_SECOND) {
        return null;
      }
    }
    return Instant.ofEpochSecond(seconds);
  }

  /** The claims, or the reason they were refused: exactly one of the two is non-null. */
  record Parsed(ProofClaims claims, String problem) {}
}
