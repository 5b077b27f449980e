package io.github.mcpoauthkit.domain.token;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The claims of an access token that the rules and the MCP handlers use (RFC 9068 §2.2), read from
 * the token's JSON payload by {@link #parse(Map)}. Immutable and thread-safe.
 *
 * <p>Audiences come from {@code aud} as one string or an array. Scopes come from {@code scope} (a
 * space-delimited string, RFC 9068 §2.2.3; some issuers send an array) and {@code scp} (an array,
 * or a space-delimited string as Entra ID sends it); both are honoured. The client id comes from
 * {@code client_id} (RFC 9068), else {@code azp} (OpenID Connect, Keycloak, Entra ID v2), else
 * {@code appid} (Entra ID v1). Entra ID's {@code roles} are kept apart and count as scopes only
 * where the policy says so ({@link ScopeClaim}).
 */
public final class TokenClaims {

  private final String issuer;
  private final String subject;
  private final List<String> audiences;
  private final Instant expiresAt;
  private final Instant notBefore;
  private final Instant issuedAt;
  private final Set<Scope> scopes;
  private final Map<ScopeClaim, Set<Scope>> scopesByClaim;
  private final String clientId;
  private final boolean senderConstrained;
  private final String confirmationJkt;
  private final Map<String, Object> raw;

  TokenClaims(
      String issuer,
      String subject,
      List<String> audiences,
      Instant expiresAt,
      Instant notBefore,
      Instant issuedAt,
      Map<ScopeClaim, Set<Scope>> scopesByClaim,
      String clientId,
      boolean senderConstrained,
      String confirmationJkt,
      Map<String, Object> raw) {
    this.issuer = issuer;
    this.subject = subject;
    this.audiences = List.copyOf(audiences);
    this.expiresAt = expiresAt;
    this.notBefore = notBefore;
    this.issuedAt = issuedAt;
    Map<ScopeClaim, Set<Scope>> byClaim = new EnumMap<>(ScopeClaim.class);
    scopesByClaim.forEach(
        (claim, values) ->
            byClaim.put(claim, Collections.unmodifiableSet(new LinkedHashSet<>(values))));
    this.scopesByClaim = Collections.unmodifiableMap(byClaim);
    this.scopes = union(ScopeClaim.DEFAULT);
    this.clientId = clientId;
    this.senderConstrained = senderConstrained;
    this.confirmationJkt = confirmationJkt;
    this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
  }

  /**
   * Reads claims from a JSON object given as a map of JSON values ({@code String}, {@link Number},
   * {@code Boolean}, {@link List}, {@link Map}, or {@code null}), as a JSON parser produces them.
   *
   * <p>A registered claim of the wrong JSON type ({@code exp} as a string, {@code aud} as a
   * number), a time outside the years 0000 to 9999, or a scope that is not a valid scope token
   * gives {@link RejectionCode#CLAIMS_MALFORMED}. Missing claims are not errors here; the rules
   * decide. Never throws for any JSON content.
   *
   * @throws NullPointerException if {@code json} is null
   */
  public static ParsedClaims parse(Map<String, Object> json) {
    return ClaimsReader.read(json);
  }

  /** {@code iss}, if present. */
  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  /** {@code sub}, if present. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /** {@code aud} as a list: one element for a string, empty when absent. */
  public List<String> audiences() {
    return audiences;
  }

  /** {@code exp}, if present. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /** {@code nbf}, if present. */
  public Optional<Instant> notBefore() {
    return Optional.ofNullable(notBefore);
  }

  /** {@code iat}, if present. */
  public Optional<Instant> issuedAt() {
    return Optional.ofNullable(issuedAt);
  }

  /** The granted scopes from {@code scope} and {@code scp}, in order of appearance. */
  public Set<Scope> scopes() {
    return scopes;
  }

  /**
   * The values of {@code claims}, in order of appearance: {@link #scopes()} for {@link
   * ScopeClaim#DEFAULT}. Role values that are not valid scope tokens are left out.
   *
   * @throws NullPointerException if {@code claims} is null
   */
  public Set<Scope> scopes(Set<ScopeClaim> claims) {
    return claims == ScopeClaim.DEFAULT || claims.equals(ScopeClaim.DEFAULT)
        ? scopes
        : union(claims);
  }

  private Set<Scope> union(Set<ScopeClaim> claims) {
    Set<Scope> union = new LinkedHashSet<>();
    for (ScopeClaim claim : ScopeClaim.values()) {
      if (claims.contains(claim)) {
        union.addAll(scopesByClaim.getOrDefault(claim, Set.of()));
      }
    }
    return Collections.unmodifiableSet(union);
  }

  /** {@code client_id}, else {@code azp}, else {@code appid} (Entra ID v1), if present. */
  public Optional<String> clientId() {
    return Optional.ofNullable(clientId);
  }

  /** Whether the token carries a {@code cnf} claim (DPoP or mTLS binding, RFC 7800). */
  public boolean senderConstrained() {
    return senderConstrained;
  }

  /**
   * These claims marked as bound to a key, for an introspection answer whose {@code token_type} is
   * {@code DPoP} without a {@code cnf} member (RFC 9449 §6.2).
   */
  TokenClaims asSenderConstrained() {
    return new TokenClaims(
        issuer,
        subject,
        audiences,
        expiresAt,
        notBefore,
        issuedAt,
        scopesByClaim,
        clientId,
        true,
        confirmationJkt,
        raw);
  }

  /**
   * The JWK SHA-256 thumbprint (RFC 7638) of the key the token is bound to, from {@code cnf.jkt}
   * (RFC 9449 §6.1), as the token states it; empty when the token is not DPoP-bound.
   */
  public Optional<String> confirmationJkt() {
    return Optional.ofNullable(confirmationJkt);
  }

  /**
   * Every claim as JSON values, for tool handlers that need more than the above. Unmodifiable at
   * the top level.
   */
  public Map<String, Object> raw() {
    return raw;
  }

  @Override
  public String toString() {
    return "TokenClaims[iss="
        + issuer
        + ", sub="
        + subject
        + ", aud="
        + audiences
        + ", exp="
        + expiresAt
        + ", client_id="
        + clientId
        + ", scopes="
        + scopes
        + "]";
  }
}
