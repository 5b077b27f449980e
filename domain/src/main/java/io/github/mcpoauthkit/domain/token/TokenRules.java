package io.github.mcpoauthkit.domain.token;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The validation rules for a token whose signature has been checked: algorithm, type, binding,
 * issuer, subject, audience, expiry, not-before and issued-at (RFC 9068 §4, RFC 7519 §4.1), then
 * the scopes a request needs (RFC 6750 §3.1). Immutable and thread-safe.
 *
 * <p>The rules run in that order and the first that fails decides the rejection, so a token that is
 * both from the wrong issuer and expired is reported as an issuer mismatch.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-4">RFC 9068 §4</a>
 */
public final class TokenRules {

  private final ValidationPolicy policy;

  /**
   * @throws NullPointerException if {@code policy} is null
   */
  public TokenRules(ValidationPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The policy these rules apply. */
  public ValidationPolicy policy() {
    return policy;
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
    if (!policy.algorithms().contains(header.algorithm())) {
      return Verdict.rejected(RejectionCode.ALGORITHM_NOT_ALLOWED);
    }
    Optional<String> type = header.type();
    if (type.isPresent() ? !policy.acceptsType(type.get()) : policy.typeRequired()) {
      return Verdict.rejected(
          RejectionCode.TYPE_NOT_ACCEPTED,
          RejectionCode.TYPE_NOT_ACCEPTED.defaultMessage()
              + ": expected "
              + String.join(" or ", policy.acceptedTypes()));
    }
    if (claims.senderConstrained() && !policy.boundTokensAccepted()) {
      return Verdict.rejected(RejectionCode.SENDER_CONSTRAINED);
    }
    Optional<String> issuer = claims.issuer();
    if (issuer.isEmpty() || !policy.issuer().matches(issuer.get())) {
      return Verdict.rejected(RejectionCode.ISSUER_MISMATCH, issuerMessage(issuer));
    }
    Optional<String> subject = claims.subject();
    if (subject.isEmpty() || subject.get().isEmpty()) {
      return Verdict.rejected(RejectionCode.SUBJECT_MISSING);
    }
    if (!policy.audiences().isEmpty() && !hasAcceptedAudience(claims)) {
      return Verdict.rejected(RejectionCode.AUDIENCE_MISMATCH);
    }
    Optional<Instant> expiresAt = claims.expiresAt();
    if (expiresAt.isEmpty()) {
      return Verdict.rejected(RejectionCode.EXPIRY_MISSING);
    }
    Duration skew = policy.clockSkew();
    if (!now.isBefore(expiresAt.get().plus(skew))) {
      return Verdict.rejected(RejectionCode.TOKEN_EXPIRED);
    }
    Optional<Instant> notBefore = claims.notBefore();
    if (notBefore.isPresent() && now.isBefore(notBefore.get().minus(skew))) {
      return Verdict.rejected(RejectionCode.NOT_YET_VALID);
    }
    Optional<Instant> issuedAt = claims.issuedAt();
    if (issuedAt.isPresent() && issuedAt.get().isAfter(now.plus(skew))) {
      return Verdict.rejected(RejectionCode.ISSUED_IN_FUTURE);
    }
    return new Verdict.Accepted(
        new VerifiedToken(policy.issuer(), subject.get(), expiresAt.get(), claims));
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
