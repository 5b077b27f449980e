package io.github.mcpoauthkit.port.driven;

import io.github.mcpoauthkit.domain.token.BearerToken;
import java.util.Optional;

/**
 * Reads the {@code iss} a token claims, without verifying anything, so that a resource server
 * trusting several issuers can pick the one whose keys (or introspection) must judge the token
 * before any key is used. The answer is a hint only: the chosen issuer's verification checks {@code
 * iss} again on verified claims.
 *
 * <p>Implementations must be thread-safe, must never throw for any token, and must bound their work
 * by the token's length.
 */
@FunctionalInterface
public interface TokenIssuerReader {

  /**
   * The {@code iss} claim of {@code token} if it is a JWT (signed or not) whose payload is a JSON
   * object with a string {@code iss}; empty for anything else (an opaque token, a JWE, garbage).
   */
  Optional<String> claimedIssuer(BearerToken token);
}
