package io.github.mcpoauthkit.port.driven;

import java.util.Set;

/**
 * Reads a DPoP proof (RFC 9449 §4.2), a compact JWS carrying its public key in its {@code jwk}
 * header, and checks what needs a JOSE library: that it is one well-formed JWS (§4.3 check 2), that
 * its {@code alg} is among {@code algorithms} (check 5), that its {@code jwk} is a public key fit
 * for that algorithm and strong enough (checks 5 and 7), and that the signature verifies with that
 * key (check 6). It computes the key's RFC 7638 SHA-256 thumbprint. The claims are left to the
 * domain's {@code DPoPProofRules}.
 *
 * <p>Implementations must be thread-safe and must never throw for any proof content.
 */
@FunctionalInterface
public interface ProofDecoder {

  /**
   * Decodes and checks {@code proof}.
   *
   * @param proof the value of the request's one {@code DPoP} header, at most {@code
   *     DPoPPolicy.MAX_PROOF_CHARS} characters
   * @param algorithms the JWS algorithms accepted for proofs
   * @return {@link ProofDecodeResult.Decoded}, or {@link ProofDecodeResult.Rejected} with {@code
   *     dpop_proof_malformed}, {@code dpop_proof_algorithm}, {@code dpop_proof_key} or {@code
   *     dpop_proof_signature}
   * @throws NullPointerException if an argument is null
   */
  ProofDecodeResult decode(String proof, Set<String> algorithms);
}
