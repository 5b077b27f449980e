package io.github.mcpoauthkit.domain.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A token whose signature and claims passed every rule: the authenticated principal that MCP
 * handlers see.
 *
 * @param issuer the issuer that signed it
 * @param subject the {@code sub} claim
 * @param expiresAt the {@code exp} claim
 * @param claims every claim
 */
public record VerifiedToken(Issuer issuer, String subject, Instant expiresAt, TokenClaims claims) {

  /**
   * @throws NullPointerException if an argument is null
   */
  public VerifiedToken {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(claims, "claims");
  }

  /** The OAuth client the token was issued to ({@code client_id}, else {@code azp}), if known. */
  public Optional<String> clientId() {
    return claims.clientId();
  }

  /** The granted scopes. */
  public Set<Scope> scopes() {
    return claims.scopes();
  }
}
