package io.github.mcpoauthkit.port.driven;

import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.dpop.DPoPProof;
import java.util.Objects;

/** What a {@link ProofDecoder} found: a proof signed by its own key, or why not. */
public sealed interface ProofDecodeResult
    permits ProofDecodeResult.Decoded, ProofDecodeResult.Rejected {

  /**
   * The proof is a JWS whose signature verifies with the public key of its {@code jwk} header.
   *
   * @param proof its header fields, key thumbprint and claims
   */
  record Decoded(DPoPProof proof) implements ProofDecodeResult {
    /**
     * @throws NullPointerException if {@code proof} is null
     */
    public Decoded {
      Objects.requireNonNull(proof, "proof");
    }
  }

  /**
   * The proof is refused.
   *
   * @param rejection the reason: one of the {@code dpop_proof_*} codes
   */
  record Rejected(Rejection rejection) implements ProofDecodeResult {
    /**
     * @throws NullPointerException if {@code rejection} is null
     */
    public Rejected {
      Objects.requireNonNull(rejection, "rejection");
    }
  }
}
