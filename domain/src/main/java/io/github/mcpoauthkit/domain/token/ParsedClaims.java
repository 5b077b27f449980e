package io.github.mcpoauthkit.domain.token;

import java.util.Objects;

/** The result of {@link TokenClaims#parse(java.util.Map)}: valid claims or a rejection. */
public sealed interface ParsedClaims permits ParsedClaims.Valid, ParsedClaims.Malformed {

  /**
   * The claims could be read.
   *
   * @param claims the claims
   */
  record Valid(TokenClaims claims) implements ParsedClaims {
    /**
     * @throws NullPointerException if {@code claims} is null
     */
    public Valid {
      Objects.requireNonNull(claims, "claims");
    }
  }

  /**
   * A claim has the wrong type or value.
   *
   * @param rejection a {@link RejectionCode#CLAIMS_MALFORMED} rejection naming the claim
   */
  record Malformed(Rejection rejection) implements ParsedClaims {
    /**
     * @throws NullPointerException if {@code rejection} is null
     */
    public Malformed {
      Objects.requireNonNull(rejection, "rejection");
    }
  }
}
