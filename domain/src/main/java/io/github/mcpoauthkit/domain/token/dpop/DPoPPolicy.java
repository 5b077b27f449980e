package io.github.mcpoauthkit.domain.token.dpop;

import io.github.mcpoauthkit.domain.token.AuthorizationScheme;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What this resource server asks of DPoP (RFC 9449): whether it accepts or requires DPoP-bound
 * tokens, which proof algorithms, how old a proof may be, and the URL proofs must name.
 *
 * @param mode off (bearer tokens only, as without DPoP), allowed (both), or required (DPoP only)
 * @param algorithms the JWS algorithms a proof may use: asymmetric only (RFC 9449 §11.6)
 * @param maxAge how long after its {@code iat} a proof is accepted (RFC 9449 §11.1), at most {@link
 *     #MAX_AGE_LIMIT}
 * @param futureSkew how far in the future a proof's {@code iat} may be, for clocks that differ, at
 *     most {@link #MAX_FUTURE_SKEW}
 * @param expectedHtu the URL of the protected resource, normalised by {@link HttpTargetUri}: every
 *     proof's {@code htu} must name it (never the request's {@code Host}, which a client chooses)
 */
public record DPoPPolicy(
    Mode mode, Set<String> algorithms, Duration maxAge, Duration futureSkew, String expectedHtu) {

  /** Whether DPoP is off, allowed beside bearer tokens, or required. */
  public enum Mode {
    /** Bearer tokens only; {@code Authorization: DPoP} is not a credential here. */
    OFF,
    /** Bearer and DPoP-bound tokens; a bound token must come with its proof. */
    ALLOWED,
    /** DPoP-bound tokens with their proofs only. */
    REQUIRED
  }

  /** The asymmetric algorithms proofs may use by default. */
  public static final Set<String> DEFAULT_ALGORITHMS =
      Collections.unmodifiableSet(
          new LinkedHashSet<>(
              List.of(
                  "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512",
                  "EdDSA", "Ed25519")));

  /** The default {@link #maxAge}. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);

  /** The longest {@link #maxAge} accepted: "seconds or minutes" (RFC 9449 §11.1). */
  public static final Duration MAX_AGE_LIMIT = Duration.ofMinutes(5);

  /**
   * The largest {@link #futureSkew}: a proof is accepted for {@code maxAge + 2 x futureSkew} in
   * all, which must stay "seconds or minutes" (RFC 9449 §11.1).
   */
  public static final Duration MAX_FUTURE_SKEW = Duration.ofSeconds(60);

  /** The longest proof (the {@code DPoP} header's value) read, in characters. */
  public static final int MAX_PROOF_CHARS = 4096;

  /** The longest {@code jti} accepted, in characters (RFC 9449 §11.1: no needlessly large ones). */
  public static final int MAX_JTI_CHARS = 256;

  private static final Set<String> NEVER_ALLOWED = Set.of("none", "hs256", "hs384", "hs512");

  private static final Set<AuthorizationScheme> BEARER_ONLY = Set.of(AuthorizationScheme.BEARER);
  private static final Set<AuthorizationScheme> BOTH =
      Set.of(AuthorizationScheme.BEARER, AuthorizationScheme.DPOP);

  /**
   * @throws NullPointerException if an argument or an algorithm is null
   * @throws IllegalArgumentException if {@code algorithms} is empty or names {@code none} or an
   *     HMAC algorithm, a duration is negative, {@code maxAge} is zero or beyond {@link
   *     #MAX_AGE_LIMIT}, {@code futureSkew} beyond {@link #MAX_FUTURE_SKEW}, or {@code expectedHtu}
   *     is not an acceptable {@code htu}
   */
  public DPoPPolicy {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(algorithms, "algorithms");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(futureSkew, "futureSkew");
    Objects.requireNonNull(expectedHtu, "expectedHtu");
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("at least one DPoP proof algorithm must be accepted");
    }
    Set<String> copy = new LinkedHashSet<>();
    for (String algorithm : algorithms) {
      if (NEVER_ALLOWED.contains(algorithm.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "algorithm " + algorithm + " can never be accepted for DPoP proofs (RFC 9449 §11.6)");
      }
      copy.add(algorithm);
    }
    algorithms = Collections.unmodifiableSet(copy);
    if (maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(MAX_AGE_LIMIT) > 0) {
      throw new IllegalArgumentException(
          "the DPoP proof max age must be above zero and at most " + MAX_AGE_LIMIT);
    }
    if (futureSkew.isNegative() || futureSkew.compareTo(MAX_FUTURE_SKEW) > 0) {
      throw new IllegalArgumentException(
          "the DPoP future skew must be between zero and " + MAX_FUTURE_SKEW);
    }
    String normal = expectedHtu;
    expectedHtu =
        HttpTargetUri.normalise(expectedHtu)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "not an absolute http(s) URL without query or fragment: " + normal));
  }

  /** DPoP {@code mode} with the default algorithms and max age, for the resource {@code htu}. */
  public static DPoPPolicy of(Mode mode, String expectedHtu, Duration futureSkew) {
    return new DPoPPolicy(mode, DEFAULT_ALGORITHMS, DEFAULT_MAX_AGE, futureSkew, expectedHtu);
  }

  /**
   * The schemes of {@code Authorization} read as credentials: Bearer alone when DPoP is off, both
   * otherwise (in required mode a Bearer token is read to be refused as {@code dpop_required}, with
   * the DPoP challenge, rather than answered as if no credentials came).
   */
  public Set<AuthorizationScheme> acceptedSchemes() {
    return mode == Mode.OFF ? BEARER_ONLY : BOTH;
  }
}
