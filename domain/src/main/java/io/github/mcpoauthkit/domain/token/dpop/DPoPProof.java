package io.github.mcpoauthkit.domain.token.dpop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A DPoP proof whose signature has been verified with the public key in its own {@code jwk} header
 * (RFC 9449 §4.3, checks 2, 5, 6 and 7, done by the adapter that reads JWS), and nothing more: the
 * rest is {@link DPoPProofRules}'s.
 *
 * @param type the {@code typ} header, empty when absent
 * @param algorithm the {@code alg} header
 * @param keyThumbprint the base64url JWK SHA-256 thumbprint (RFC 7638) of the proof's {@code jwk},
 *     compared with the token's {@code cnf.jkt}
 * @param claims the payload as JSON values ({@code String}, {@link Number}, {@code Boolean}, {@link
 *     java.util.List}, {@link Map}, or {@code null})
 */
public record DPoPProof(
    Optional<String> type, String algorithm, String keyThumbprint, Map<String, Object> claims) {

  /**
   * @throws NullPointerException if an argument is null
   */
  public DPoPProof {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(keyThumbprint, "keyThumbprint");
    claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
  }
}
