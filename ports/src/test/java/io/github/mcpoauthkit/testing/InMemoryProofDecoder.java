package io.github.mcpoauthkit.testing;

import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.dpop.DPoPProof;
import io.github.mcpoauthkit.port.driven.ProofDecodeResult;
import io.github.mcpoauthkit.port.driven.ProofDecoder;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ProofDecoder} without cryptography: {@link #issue} remembers a proof and hands out an
 * opaque string for the {@code DPoP} header; any other string is a proof whose signature does not
 * verify, and a remembered proof whose {@code alg} is not accepted is refused as the adapters
 * refuse it. Thread-safe.
 */
public final class InMemoryProofDecoder implements ProofDecoder {

  private final Map<String, DPoPProof> issued = new ConcurrentHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger decodeCalls = new AtomicInteger();

  /** The header value that stands for {@code proof}. */
  public String issue(DPoPProof proof) {
    String handle = "proof." + sequence.incrementAndGet() + ".sig";
    issued.put(handle, Objects.requireNonNull(proof, "proof"));
    return handle;
  }

  /** How many proofs were decoded so far. */
  public int decodeCalls() {
    return decodeCalls.get();
  }

  @Override
  public ProofDecodeResult decode(String proof, Set<String> algorithms) {
    Objects.requireNonNull(algorithms, "algorithms");
    decodeCalls.incrementAndGet();
    DPoPProof known = issued.get(Objects.requireNonNull(proof, "proof"));
    if (known == null) {
      return new ProofDecodeResult.Rejected(Rejection.of(RejectionCode.DPOP_PROOF_SIGNATURE));
    }
    if (!algorithms.contains(known.algorithm())) {
      return new ProofDecodeResult.Rejected(Rejection.of(RejectionCode.DPOP_PROOF_ALGORITHM));
    }
    return new ProofDecodeResult.Decoded(known);
  }
}
