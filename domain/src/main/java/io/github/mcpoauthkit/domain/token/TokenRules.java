package io.github.mcpoauthkit.domain.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The validation rules for a token whose signature has been checked, or whose issuer vouched for it
 * by introspection: algorithm, type, binding, issuer, subject, audience, expiry, not-before and
 * issued-at (RFC 9068 §4, RFC 7519 §4.1), then the scopes a request needs (RFC 6750 §3.1).
 * Immutable and thread-safe.
 *
 * <p>The rules are one ordered list of small checks, each named by the member it reads; the first
 * that fails decides the rejection, so a token that is both from the wrong issuer and expired is
 * reported as an issuer mismatch:
 *
 * <ol>
 *   <li>{@code alg} in the allow-list, {@code typ} accepted (JOSE header; JWTs only)
 *   <li>{@code cnf}: a bound token only where a binding check follows
 *   <li>{@code iss} equal to the issuer
 *   <li>{@code sub} present and not empty
 *   <li>{@code aud} holding an accepted audience (when the policy names any)
 *   <li>{@code exp} present, and not past beyond the clock skew
 *   <li>{@code nbf}, {@code iat} not in the future beyond the clock skew
 * </ol>
 *
 * <p>An introspection response ({@link #evaluateIntrospected}) has no JOSE header; it must be
 * {@code active} first, then runs through the same claim checks.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-4">RFC 9068 §4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7662#section-2.2">RFC 7662 §2.2</a>
 */
public final class TokenRules {

  /** One rule on the JOSE header: the rejection when the header breaks it, else null. */
  @FunctionalInterface
  private interface HeaderRule {
    Rejection check(JoseHeader header);
  }

  /** One rule on the claims: the rejection when the claims break it at {@code now}, else null. */
  @FunctionalInterface
  private interface ClaimRule {
    Rejection check(TokenClaims claims, Instant now);
  }

  private record HeaderCheck(String member, HeaderRule rule) {}

  private record ClaimCheck(String member, ClaimRule rule) {}

  private static final Rejection INACTIVE = Rejection.of(RejectionCode.TOKEN_INACTIVE);

  private final ValidationPolicy policy;
  private final List<HeaderCheck> headerChecks;
  private final List<ClaimCheck> claimChecks;

  /**
   * @throws NullPointerException if {@code policy} is null
   */
  public TokenRules(ValidationPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.headerChecks =
        List.of(new HeaderCheck("alg", this::algorithm), new HeaderCheck("typ", this::type));
    this.claimChecks =
        List.of(
            new ClaimCheck("cnf", this::binding),
            new ClaimCheck("iss", this::issuer),
            new ClaimCheck("sub", this::subject),
            new ClaimCheck("aud", this::audience),
            new ClaimCheck("exp", this::expiry),
            new ClaimCheck("nbf", this::notBefore),
            new ClaimCheck("iat", this::issuedAt));
  }

  /** The policy these rules apply. */
  public ValidationPolicy policy() {
    return policy;
  }

  /** The header members and claims checked, in the order the checks run; for tests. */
  List<String> checkedMembers() {
    List<String> members = new ArrayList<>();
    headerChecks.forEach(check -> members.add(check.member()));
    claimChecks.forEach(check -> members.add(check.member()));
    return members;
  }

  /**
   * Applies every token rule at the instant {@code now}; scopes are checked separately by {@link
   * #authorize(VerifiedToken, Set)}.
   *
   * @return {@link Verdict.Accepted} with the verified token, or {@link Verdict.Rejected}; never
   *     {@link Verdict.Undecided}
   * @throws NullPointerException if an argument is null
   */
  public Verdict evaluate(JoseHeader header, TokenClaims claims, Instant now) {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(now, "now");
    for (HeaderCheck check : headerChecks) {
      Rejection rejection = check.rule().check(header);
      if (rejection != null) {
        return new Verdict.Rejected(rejection);
      }
    }
    return evaluateClaims(claims, now);
  }

  /**
   * Applies the token rules to the issuer's answer about a token (RFC 7662 §2.2), at the instant
   * {@code now}: the answer of the introspection endpoint of {@linkplain ValidationPolicy#issuer()
   * this policy's issuer}, as JSON values ({@code String}, {@link Number}, {@code Boolean}, {@link
   * List}, {@link Map}, or {@code null}).
   *
   * <p>In this order: {@code active} must be JSON {@code true}, else {@link
   * RejectionCode#TOKEN_INACTIVE}; {@code token_type}, when present, must be {@code Bearer} or
   * {@code DPoP} (any case), else {@link RejectionCode#CLAIMS_MALFORMED}; the members are read as
   * claims by {@link TokenClaims#parse(Map)}; then the claim checks of a JWT, without the header
   * ones. Two members may be absent where a JWT's may not, as RFC 7662 makes them optional: a
   * missing {@code iss} is the issuer that answered, and a missing {@code sub} is {@code client_id}
   * (a client-credentials token has no other principal); the claims' {@link TokenClaims#raw()} then
   * show these values. {@code exp} is required as for a JWT ({@link RejectionCode#EXPIRY_MISSING}):
   * a cached answer must end. {@code token_type: DPoP} marks the token as bound even without {@code
   * cnf}.
   *
   * @return {@link Verdict.Accepted} or {@link Verdict.Rejected}; never {@link Verdict.Undecided}
   * @throws NullPointerException if an argument is null
   * @see <a href="https://www.rfc-editor.org/rfc/rfc7662#section-2.2">RFC 7662 §2.2</a>
   */
  public Verdict evaluateIntrospected(Map<String, Object> response, Instant now) {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(now, "now");
    if (!Boolean.TRUE.equals(response.get("active"))) {
      return new Verdict.Rejected(INACTIVE);
    }
    Object tokenType = response.get("token_type");
    boolean dpopType = tokenType instanceof String type && type.equalsIgnoreCase("DPoP");
    if (tokenType != null
        && !dpopType
        && !(tokenType instanceof String type && type.equalsIgnoreCase("Bearer"))) {
      return Verdict.rejected(
          RejectionCode.CLAIMS_MALFORMED,
          RejectionCode.CLAIMS_MALFORMED.defaultMessage()
              + ": token_type is neither Bearer nor DPoP");
    }
    Map<String, Object> json = new LinkedHashMap<>(response);
    if (json.get("iss") == null) {
      json.put("iss", policy.issuer().value());
    }
    if (json.get("sub") == null && json.get("client_id") instanceof String clientId) {
      json.put("sub", clientId);
    }
    ParsedClaims parsed = TokenClaims.parse(json);
    if (parsed instanceof ParsedClaims.Malformed malformed) {
      return new Verdict.Rejected(malformed.rejection());
    }
    TokenClaims claims = ((ParsedClaims.Valid) parsed).claims();
    return evaluateClaims(dpopType ? claims.asSenderConstrained() : claims, now);
  }

  private Verdict evaluateClaims(TokenClaims claims, Instant now) {
    for (ClaimCheck check : claimChecks) {
      Rejection rejection = check.rule().check(claims, now);
      if (rejection != null) {
        return new Verdict.Rejected(rejection);
      }
    }
    // The checks above guarantee both.
    return new Verdict.Accepted(
        new VerifiedToken(
            policy.issuer(),
            claims.subject().orElseThrow(),
            claims.expiresAt().orElseThrow(),
            claims));
  }

  private Rejection algorithm(JoseHeader header) {
    return policy.algorithms().contains(header.algorithm())
        ? null
        : Rejection.of(RejectionCode.ALGORITHM_NOT_ALLOWED);
  }

  private Rejection type(JoseHeader header) {
    Optional<String> type = header.type();
    if (type.isPresent() ? policy.acceptsType(type.get()) : !policy.typeRequired()) {
      return null;
    }
    return Rejection.of(
        RejectionCode.TYPE_NOT_ACCEPTED,
        RejectionCode.TYPE_NOT_ACCEPTED.defaultMessage()
            + ": expected "
            + String.join(" or ", policy.acceptedTypes()));
  }

  private Rejection binding(TokenClaims claims, Instant now) {
    return claims.senderConstrained() && !policy.boundTokensAccepted()
        ? Rejection.of(RejectionCode.SENDER_CONSTRAINED)
        : null;
  }

  private Rejection issuer(TokenClaims claims, Instant now) {
    Optional<String> issuer = claims.issuer();
    return issuer.isPresent() && policy.issuer().matches(issuer.get())
        ? null
        : Rejection.of(RejectionCode.ISSUER_MISMATCH, issuerMessage(issuer));
  }

  private Rejection subject(TokenClaims claims, Instant now) {
    Optional<String> subject = claims.subject();
    return subject.isEmpty() || subject.get().isEmpty()
        ? Rejection.of(RejectionCode.SUBJECT_MISSING)
        : null;
  }

  private Rejection audience(TokenClaims claims, Instant now) {
    return policy.audiences().isEmpty() || hasAcceptedAudience(claims)
        ? null
        : Rejection.of(RejectionCode.AUDIENCE_MISMATCH);
  }

  private Rejection expiry(TokenClaims claims, Instant now) {
    Optional<Instant> expiresAt = claims.expiresAt();
    if (expiresAt.isEmpty()) {
      return Rejection.of(RejectionCode.EXPIRY_MISSING);
    }
    return now.isBefore(expiresAt.get().plus(policy.clockSkew()))
        ? null
        : Rejection.of(RejectionCode.TOKEN_EXPIRED);
  }

  private Rejection notBefore(TokenClaims claims, Instant now) {
    Optional<Instant> notBefore = claims.notBefore();
    return notBefore.isPresent() && now.isBefore(notBefore.get().minus(policy.clockSkew()))
        ? Rejection.of(RejectionCode.NOT_YET_VALID)
        : null;
  }

  private Rejection issuedAt(TokenClaims claims, Instant now) {
    Optional<Instant> issuedAt = claims.issuedAt();
    return issuedAt.isPresent() && issuedAt.get().isAfter(now.plus(policy.clockSkew()))
        ? Rejection.of(RejectionCode.ISSUED_IN_FUTURE)
        : null;
  }

  /**
   * Checks that {@code token} grants the policy's required scopes and {@code requestScopes}.
   *
   * <p>The token's scopes count together with every scope they imply ({@link
   * ValidationPolicy#scopeHierarchy()}). On failure the rejection's challenge scopes are the scopes
   * the token already has followed by the missing ones, the step-up form the MCP specification
   * recommends, so that the client asks for everything at once instead of trading one scope for
   * another.
   *
   * @return {@link Verdict.Accepted} with {@code token}, or {@link Verdict.Rejected} with {@link
   *     RejectionCode#INSUFFICIENT_SCOPE}
   * @throws NullPointerException if an argument is null
   */
  public Verdict authorize(VerifiedToken token, Set<Scope> requestScopes) {
    return authorize(new Verdict.Accepted(Objects.requireNonNull(token, "token")), requestScopes);
  }

  /**
   * {@link #authorize(VerifiedToken, Set)} for a token already accepted: answers {@code accepted}
   * itself when the scopes suffice, so a cached verdict costs no allocation.
   */
  public Verdict authorize(Verdict.Accepted accepted, Set<Scope> requestScopes) {
    Objects.requireNonNull(accepted, "accepted");
    Objects.requireNonNull(requestScopes, "requestScopes");
    Set<Scope> granted = accepted.token().claims().scopes(policy.scopeClaims());
    Set<Scope> required = policy.requiredScopes();
    if ((required.isEmpty() || granted.containsAll(required))
        && (requestScopes.isEmpty() || granted.containsAll(requestScopes))) {
      return accepted;
    }
    // A broader scope grants the narrower ones it implies (MCP 2026-07-28, scope hierarchies).
    Set<Scope> effective = policy.scopeHierarchy().effective(granted);
    if (effective != granted
        && effective.containsAll(required)
        && effective.containsAll(requestScopes)) {
      return accepted;
    }
    Set<Scope> missing = new LinkedHashSet<>(policy.requiredScopes());
    missing.addAll(requestScopes);
    missing.removeAll(effective);
    Set<Scope> challenge = new LinkedHashSet<>(granted);
    challenge.addAll(missing);
    return new Verdict.Rejected(
        new Rejection(
            RejectionCode.INSUFFICIENT_SCOPE,
            RejectionCode.INSUFFICIENT_SCOPE.defaultMessage() + ": requires " + Scope.join(missing),
            challenge));
  }

  private boolean hasAcceptedAudience(TokenClaims claims) {
    for (Audience accepted : policy.audiences()) {
      if (claims.audiences().contains(accepted.value())) {
        return true;
      }
    }
    return false;
  }

  private String issuerMessage(Optional<String> issuer) {
    String base = RejectionCode.ISSUER_MISMATCH.defaultMessage();
    if (issuer.isEmpty()) {
      return base + " (the token has no iss claim)";
    }
    if (policy.issuer().differsOnlyByTrailingSlash(issuer.get())) {
      return base + " (the token's iss and the configured issuer differ only by a trailing slash)";
    }
    return base;
  }
}
