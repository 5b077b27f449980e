package io.github.mcpoauthkit.application;

import io.github.mcpoauthkit.domain.token.dpop.DPoPNonces;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import io.github.mcpoauthkit.port.driven.ProofDecoder;
import io.github.mcpoauthkit.port.driven.ReplayCache;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link TokenVerificationService} needs to accept DPoP-bound tokens (RFC 9449).
 *
 * @param policy the mode, proof algorithms, max age and the resource's URL
 * @param proofs reads and checks the signature of proofs
 * @param replays remembers the proofs used
 * @param nonces when present, every proof must carry a nonce it handed out (RFC 9449 §9)
 */
public record DPoPVerification(
    DPoPPolicy policy, ProofDecoder proofs, ReplayCache replays, Optional<DPoPNonces> nonces) {

  /**
   * @throws NullPointerException if an argument is null
   */
  public DPoPVerification {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(proofs, "proofs");
    Objects.requireNonNull(replays, "replays");
    Objects.requireNonNull(nonces, "nonces");
  }

  /** Without server nonces. */
  public DPoPVerification(DPoPPolicy policy, ProofDecoder proofs, ReplayCache replays) {
    this(policy, proofs, replays, Optional.empty());
  }
}
