package io.github.mcpoauthkit.domain.token;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What this resource server accepts: the issuer, the audiences, the scopes every request needs, the
 * clock skew, the token types and the signing algorithms. Immutable and thread-safe; build one with
 * {@link #forIssuer(Issuer)}.
 *
 * <p>Defaults: no audience check (see {@link #audiences()}), no required scopes, 60 s of clock
 * skew, {@code typ} of {@code at+jwt} or {@code JWT} or none, and the asymmetric algorithms {@code
 * RS256/384/512}, {@code PS256/384/512}, {@code ES256/384/512} and {@code EdDSA}/{@code Ed25519}.
 */
public final class ValidationPolicy {

  /** The largest clock skew accepted: beyond it, expiry means little. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** The default clock skew. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  /** The RFC 9068 access token type. */
  public static final String ACCESS_TOKEN_TYPE = "at+jwt";

  /** The asymmetric JWS algorithms accepted by default; never {@code none} or an HMAC one. */
  public static final Set<String> DEFAULT_ALGORITHMS =
      Collections.unmodifiableSet(
          new LinkedHashSet<>(
              java.util.List.of(
                  "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
                  "EdDSA", "Ed25519")));

  /** Ordered, so that messages listing them read the same on every run. */
  private static final Set<String> DEFAULT_TYPES =
      Collections.unmodifiableSet(new LinkedHashSet<>(java.util.List.of(ACCESS_TOKEN_TYPE, "jwt")));

  private static final Set<String> NEVER_ALLOWED = Set.of("none", "hs256", "hs384", "hs512");

  private final Issuer issuer;
  private final Set<Audience> audiences;
  private final Set<Scope> requiredScopes;
  private final Duration clockSkew;
  private final Set<String> acceptedTypes;
  private final boolean typeRequired;
  private final Set<String> algorithms;
  private final ScopeHierarchy scopeHierarchy;
  private final boolean boundTokensAccepted;
  private final Set<ScopeClaim> scopeClaims;

  private ValidationPolicy(
      Issuer issuer,
      Set<Audience> audiences,
      Set<Scope> requiredScopes,
      Duration clockSkew,
      Set<String> acceptedTypes,
      boolean typeRequired,
      Set<String> algorithms,
      ScopeHierarchy scopeHierarchy,
      boolean boundTokensAccepted,
      Set<ScopeClaim> scopeClaims) {
    this.issuer = issuer;
    this.audiences = audiences;
    this.requiredScopes = requiredScopes;
    this.clockSkew = clockSkew;
    this.acceptedTypes = acceptedTypes;
    this.typeRequired = typeRequired;
    this.algorithms = algorithms;
    this.scopeHierarchy = scopeHierarchy;
    this.boundTokensAccepted = boundTokensAccepted;
    this.scopeClaims = scopeClaims;
  }

  /**
   * The default policy for {@code issuer}.
   *
   * @throws NullPointerException if {@code issuer} is null
   */
  public static ValidationPolicy forIssuer(Issuer issuer) {
    return new ValidationPolicy(
        Objects.requireNonNull(issuer, "issuer"),
        Set.of(),
        Set.of(),
        DEFAULT_CLOCK_SKEW,
        DEFAULT_TYPES,
        false,
        DEFAULT_ALGORITHMS,
        ScopeHierarchy.NONE,
        false,
        ScopeClaim.DEFAULT);
  }

  /**
   * This policy requiring that {@code aud} contain at least one of {@code audiences}. An empty set
   * switches the audience check off, which the MCP specification forbids in production (a token
   * minted for another resource would be accepted); the application warns when it does so.
   *
   * @throws NullPointerException if {@code audiences} is null or holds null
   */
  public ValidationPolicy withAudiences(Set<Audience> audiences) {
    return new ValidationPolicy(
        issuer,
        copy(audiences),
        requiredScopes,
        clockSkew,
        acceptedTypes,
        typeRequired,
        algorithms,
        scopeHierarchy,
        boundTokensAccepted,
        scopeClaims);
  }

  /**
   * This policy requiring {@code scopes} of every request.
   *
   * @throws NullPointerException if {@code scopes} is null or holds null
   */
  public ValidationPolicy withRequiredScopes(Set<Scope> scopes) {
    return new ValidationPolicy(
        issuer,
        audiences,
        copy(scopes),
        clockSkew,
        acceptedTypes,
        typeRequired,
        algorithms,
        scopeHierarchy,
        boundTokensAccepted,
        scopeClaims);
  }

  /**
   * This policy with another clock skew, applied to {@code exp}, {@code nbf} and {@code iat}.
   *
   * @throws IllegalArgumentException if {@code skew} is negative or above {@link #MAX_CLOCK_SKEW}
   */
  public ValidationPolicy withClockSkew(Duration skew) {
    Objects.requireNonNull(skew, "skew");
    if (skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new IllegalArgumentException(
          "clock skew must be between 0 and " + MAX_CLOCK_SKEW + ", was " + skew);
    }
    return new ValidationPolicy(
        issuer,
        audiences,
        requiredScopes,
        skew,
        acceptedTypes,
        typeRequired,
        algorithms,
        scopeHierarchy,
        boundTokensAccepted,
        scopeClaims);
  }

  /**
   * This policy accepting only the given {@code typ} values, compared case-insensitively and
   * without an {@code application/} prefix (RFC 7515 §4.1.9).
   *
   * @param types the accepted types, not empty
   * @param required whether a token without {@code typ} is refused
   * @throws IllegalArgumentException if {@code types} is empty
   */
  public ValidationPolicy withAcceptedTypes(Set<String> types, boolean required) {
    Objects.requireNonNull(types, "types");
    if (types.isEmpty()) {
      throw new IllegalArgumentException("at least one token type must be accepted");
    }
    Set<String> normalized = new LinkedHashSet<>();
    for (String type : types) {
      normalized.add(normalizeType(type));
    }
    return new ValidationPolicy(
        issuer,
        audiences,
        requiredScopes,
        clockSkew,
        Collections.unmodifiableSet(normalized),
        required,
        algorithms,
        scopeHierarchy,
        boundTokensAccepted,
        scopeClaims);
  }

  /**
   * This policy accepting only {@code at+jwt} tokens, as RFC 9068 §4 requires. Entra ID, Keycloak
   * and Okta send {@code JWT} or no {@code typ}, which the default policy accepts.
   */
  public ValidationPolicy strictAccessTokenType() {
    return withAcceptedTypes(Set.of(ACCESS_TOKEN_TYPE), true);
  }

  /**
   * This policy accepting only the given JWS algorithms.
   *
   * @throws IllegalArgumentException if {@code algorithms} is empty or names {@code none} or an
   *     HMAC algorithm: a resource server never holds the issuer's shared secret
   */
  public ValidationPolicy withAlgorithms(Set<String> algorithms) {
    Objects.requireNonNull(algorithms, "algorithms");
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("at least one algorithm must be accepted");
    }
    for (String algorithm : algorithms) {
      if (NEVER_ALLOWED.contains(algorithm.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "algorithm " + algorithm + " can never be accepted for access tokens");
      }
    }
    return new ValidationPolicy(
        issuer,
        audiences,
        requiredScopes,
        clockSkew,
        acceptedTypes,
        typeRequired,
        Collections.unmodifiableSet(new LinkedHashSet<>(algorithms)),
        scopeHierarchy,
        boundTokensAccepted,
        scopeClaims);
  }

  /**
   * This policy with {@code hierarchy}: a token's scopes count together with every scope they
   * imply, for the required scopes and for the scopes a request needs alike.
   *
   * @throws NullPointerException if {@code hierarchy} is null
   */
  public ValidationPolicy withScopeHierarchy(ScopeHierarchy hierarchy) {
    return new ValidationPolicy(
        issuer,
        audiences,
        requiredScopes,
        clockSkew,
        acceptedTypes,
        typeRequired,
        algorithms,
        Objects.requireNonNull(hierarchy, "hierarchy"),
        boundTokensAccepted,
        scopeClaims);
  }

  /**
   * This policy letting tokens bound to a key ({@code cnf}, RFC 7800) through the rules, for the
   * DPoP binding check to decide (RFC 9449 §6); by default they are refused as {@link
   * RejectionCode#SENDER_CONSTRAINED}, since a bearer-only resource server cannot check a binding.
   */
  public ValidationPolicy withBoundTokensAccepted(boolean accepted) {
    return new ValidationPolicy(
        issuer,
        audiences,
        requiredScopes,
        clockSkew,
        acceptedTypes,
        typeRequired,
        algorithms,
        scopeHierarchy,
        accepted,
        scopeClaims);
  }

  /**
   * This policy counting the values of {@code claims} as granted scopes ({@link ScopeClaim#DEFAULT}
   * unless set): add {@link ScopeClaim#ROLES} for Microsoft Entra ID's app-only tokens.
   *
   * @throws NullPointerException if {@code claims} is null or holds null
   * @throws IllegalArgumentException if {@code claims} is empty
   */
  public ValidationPolicy withScopeClaims(Set<ScopeClaim> claims) {
    if (claims.isEmpty()) {
      throw new IllegalArgumentException("at least one claim must carry scopes");
    }
    Set<ScopeClaim> copy = EnumSet.copyOf(claims);
    return new ValidationPolicy(
        issuer,
        audiences,
        requiredScopes,
        clockSkew,
        acceptedTypes,
        typeRequired,
        algorithms,
        scopeHierarchy,
        boundTokensAccepted,
        copy.equals(ScopeClaim.DEFAULT) ? ScopeClaim.DEFAULT : Collections.unmodifiableSet(copy));
  }

  /** The claims whose values count as granted scopes; {@link ScopeClaim#DEFAULT} by default. */
  public Set<ScopeClaim> scopeClaims() {
    return scopeClaims;
  }

  /** Whether tokens with a {@code cnf} claim pass the rules; false by default. */
  public boolean boundTokensAccepted() {
    return boundTokensAccepted;
  }

  /** Which scopes imply which; {@link ScopeHierarchy#NONE} by default. */
  public ScopeHierarchy scopeHierarchy() {
    return scopeHierarchy;
  }

  /** The issuer whose tokens are accepted. */
  public Issuer issuer() {
    return issuer;
  }

  /** The accepted audiences; empty when the audience is not checked. */
  public Set<Audience> audiences() {
    return audiences;
  }

  /** The scopes every request needs. */
  public Set<Scope> requiredScopes() {
    return requiredScopes;
  }

  /** The tolerated clock difference with the issuer. */
  public Duration clockSkew() {
    return clockSkew;
  }

  /** The accepted {@code typ} values, lower case, without {@code application/}. */
  public Set<String> acceptedTypes() {
    return acceptedTypes;
  }

  /** Whether a token without {@code typ} is refused. */
  public boolean typeRequired() {
    return typeRequired;
  }

  /** The accepted JWS algorithms, case-sensitive as in RFC 7518. */
  public Set<String> algorithms() {
    return algorithms;
  }

  /** Whether {@code typ} is accepted; the comparison of RFC 7515 §4.1.9. */
  boolean acceptsType(String type) {
    return acceptedTypes.contains(normalizeType(type));
  }

  static String normalizeType(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
  }

  private static <T> Set<T> copy(Set<T> values) {
    Objects.requireNonNull(values, "values");
    Set<T> copy = new LinkedHashSet<>();
    for (T value : values) {
      copy.add(Objects.requireNonNull(value, "element"));
    }
    return Collections.unmodifiableSet(copy);
  }
}
