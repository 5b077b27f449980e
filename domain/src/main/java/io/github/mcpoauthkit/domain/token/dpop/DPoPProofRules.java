package io.github.mcpoauthkit.domain.token.dpop;

import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The checks of RFC 9449 §4.3 that a resource server makes on a DPoP proof whose signature has been
 * verified, in one fixed order; the first that fails decides. Thread-safe; never throws for any
 * proof content.
 *
 * <ol>
 *   <li>{@link #singleProof}: exactly one {@code DPoP} header holding one proof (check 1), of at
 *       most {@link DPoPPolicy#MAX_PROOF_CHARS}
 *   <li>{@code typ} is {@code dpop+jwt} (check 4)
 *   <li>{@code alg} is in the policy's allow-list (check 5)
 *   <li>{@code jti}, {@code htm}, {@code htu}, {@code iat} and {@code ath} present, of their types
 *       (check 3)
 *   <li>{@code htm} is the request's method (check 8)
 *   <li>{@code htu}, normalised, is the policy's URL (check 9)
 *   <li>{@code iat} no older than the max age and no further ahead than the skew (check 11)
 *   <li>{@code ath} is the hash of the access token (check 12)
 * </ol>
 *
 * <p>Left to others: the JWS, its {@code jwk} and signature (checks 2, 5, 6, 7: the proof decoder),
 * the key binding (check 12: {@link DPoPBinding}, after the token is verified), single use of
 * {@code jti} (a replay cache, after everything else passed).
 */
public final class DPoPProofRules {

  private static final String PROOF_TYPE = "dpop+jwt";

  private final DPoPPolicy policy;

  /**
   * @throws NullPointerException if {@code policy} is null
   */
  public DPoPProofRules(DPoPPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The policy applied. */
  public DPoPPolicy policy() {
    return policy;
  }

  /**
   * The one proof among the values of a request's {@code DPoP} headers, or why there is not one.
   *
   * @param headerValues every {@code DPoP} header value, empty when there is none
   * @return the proof, or the rejection: {@code dpop_proof_missing} for none, {@code
   *     dpop_proof_multiple} for two headers or a comma in one (two proofs), {@code
   *     dpop_proof_malformed} for an empty or an oversized one
   * @throws NullPointerException if {@code headerValues} or a value is null
   */
  public static Checked<String> singleProof(List<String> headerValues) {
    if (headerValues.isEmpty()) {
      return Checked.failed(Rejection.of(RejectionCode.DPOP_PROOF_MISSING));
    }
    if (headerValues.size() > 1) {
      return Checked.failed(
          Rejection.of(RejectionCode.DPOP_PROOF_MULTIPLE, "More than one DPoP header"));
    }
    String value = headerValues.get(0).strip();
    if (value.indexOf(',') >= 0) {
      return Checked.failed(
          Rejection.of(
              RejectionCode.DPOP_PROOF_MULTIPLE, "More than one DPoP proof in the header"));
    }
    if (value.isEmpty()) {
      return Checked.failed(
          Rejection.of(RejectionCode.DPOP_PROOF_MALFORMED, "DPoP proof malformed: empty"));
    }
    if (value.length() > DPoPPolicy.MAX_PROOF_CHARS) {
      return Checked.failed(
          Rejection.of(
              RejectionCode.DPOP_PROOF_MALFORMED,
              "DPoP proof malformed: longer than " + DPoPPolicy.MAX_PROOF_CHARS + " characters"));
    }
    return Checked.passed(value);
  }

  /**
   * Checks {@code proof}, sent with {@code token} on a request with HTTP method {@code method}, at
   * {@code now}.
   *
   * @return the proof's claims when every check passes, else the first rejection
   * @throws NullPointerException if an argument is null
   */
  public Checked<ProofClaims> evaluate(
      DPoPProof proof, String method, BearerToken token, Instant now) {
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(now, "now");
    if (proof.type().isEmpty() || !isProofType(proof.type().get())) {
      return Checked.failed(Rejection.of(RejectionCode.DPOP_PROOF_TYPE));
    }
    if (!policy.algorithms().contains(proof.algorithm())) {
      return Checked.failed(Rejection.of(RejectionCode.DPOP_PROOF_ALGORITHM));
    }
    ProofClaims.Parsed parsed = ProofClaims.parse(proof.claims());
    if (parsed.claims() == null) {
      return Checked.failed(
          Rejection.of(
              RejectionCode.DPOP_PROOF_MALFORMED,
              RejectionCode.DPOP_PROOF_MALFORMED.defaultMessage() + ": " + parsed.problem()));
    }
    ProofClaims claims = parsed.claims();
    if (!claims.htm().equals(method)) {
      return Checked.failed(Rejection.of(RejectionCode.DPOP_PROOF_METHOD));
    }
    Optional<String> htu = HttpTargetUri.normalise(claims.htu());
    if (htu.isEmpty() || !htu.get().equals(policy.expectedHtu())) {
      return Checked.failed(Rejection.of(RejectionCode.DPOP_PROOF_URI));
    }
    Duration skew = policy.futureSkew();
    if (claims.issuedAt().isBefore(now.minus(policy.maxAge()).minus(skew))) {
      return Checked.failed(Rejection.of(RejectionCode.DPOP_PROOF_STALE));
    }
    if (claims.issuedAt().isAfter(now.plus(skew))) {
      return Checked.failed(Rejection.of(RejectionCode.DPOP_PROOF_FUTURE));
    }
    if (!MessageDigest.isEqual(
        claims.tokenHash().getBytes(StandardCharsets.US_ASCII),
        tokenHash(token).getBytes(StandardCharsets.US_ASCII))) {
      return Checked.failed(Rejection.of(RejectionCode.DPOP_PROOF_TOKEN_HASH));
    }
    return Checked.passed(claims);
  }

  /**
   * {@code ath} for {@code token}: the base64url (unpadded) SHA-256 of its ASCII octets (RFC 9449
   * §4.2).
   */
  public static String tokenHash(BearerToken token) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(sha256().digest(token.value().getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * A proof's name in a replay cache: the first 16 bytes of SHA-256(thumbprint, 0, jti as UTF-16BE
   * units). Each UTF-16 unit as two bytes is lossless, where UTF-8 would turn every lone surrogate
   * into '?' and let two jti values share one entry.
   */
  public static byte[] replayDigest(String keyThumbprint, String jti) {
    MessageDigest sha256 = sha256();
    sha256.update(keyThumbprint.getBytes(StandardCharsets.US_ASCII));
    sha256.update((byte) 0);
    for (int i = 0; i < jti.length(); i++) {
      char c = jti.charAt(i);
      sha256.update((byte) (c >>> 8));
      sha256.update((byte) c);
    }
    return Arrays.copyOf(sha256.digest(), 16);
  }

  /** {@code dpop+jwt}, in any case, with or without {@code application/} (RFC 7515 §4.1.9). */
  private static boolean isProofType(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.equals(PROOF_TYPE) || lower.equals("application/" + PROOF_TYPE);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must support SHA-256 (MessageDigest's documentation).
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * The outcome of a check: a value when it passed, a rejection when it did not.
   *
   * @param <T> what a passed check yields
   */
  public static final class Checked<T> {
    private final T value;
    private final Rejection rejection;

    private Checked(T value, Rejection rejection) {
      this.value = value;
      this.rejection = rejection;
    }

    static <T> Checked<T> passed(T value) {
      return new Checked<>(Objects.requireNonNull(value, "value"), null);
    }

    static <T> Checked<T> failed(Rejection rejection) {
      return new Checked<>(null, Objects.requireNonNull(rejection, "rejection"));
    }

    /** The value, when the check passed. */
    public Optional<T> value() {
      return Optional.ofNullable(value);
    }

    /** The rejection, when the check failed. */
    public Optional<Rejection> rejection() {
      return Optional.ofNullable(rejection);
    }

    @Override
    public String toString() {
      return rejection == null ? "Checked[passed]" : "Checked[" + rejection.code().code() + "]";
    }
  }
}
