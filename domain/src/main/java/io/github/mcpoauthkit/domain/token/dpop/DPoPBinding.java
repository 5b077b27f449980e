package io.github.mcpoauthkit.domain.token.dpop;

import io.github.mcpoauthkit.domain.token.AuthorizationScheme;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a verified token may be used the way it came (RFC 9449 §6, §7.1, §7.2): a DPoP-bound
 * token only with a proof made by the key it is bound to, never as a bearer token; a bearer token
 * only where DPoP is not required.
 */
public final class DPoPBinding {

  private DPoPBinding() {}

  /**
   * Decides the binding of {@code token}, which came in {@code scheme}.
   *
   * @param mode the policy's DPoP mode
   * @param scheme the {@code Authorization} scheme the token came in
   * @param token the verified token
   * @param proofThumbprint the JWK thumbprint of the checked proof's key; required for {@link
   *     AuthorizationScheme#DPOP}, ignored otherwise
   * @return empty when the token may be used; else {@code dpop_required} (a bearer token where DPoP
   *     is required), {@code sender_constrained} (a bound token as a bearer token: no downgrade),
   *     {@code dpop_token_not_bound} (the DPoP scheme with a token bound to no key) or {@code
   *     dpop_key_mismatch} (the proof's key is not the token's)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code scheme} is DPoP and {@code mode} is off or no
   *     thumbprint is given: the credentials parser never yields DPoP then
   */
  public static Optional<Rejection> check(
      DPoPPolicy.Mode mode,
      AuthorizationScheme scheme,
      VerifiedToken token,
      Optional<String> proofThumbprint) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(proofThumbprint, "proofThumbprint");
    if (scheme == AuthorizationScheme.BEARER) {
      if (mode == DPoPPolicy.Mode.REQUIRED) {
        return Optional.of(Rejection.of(RejectionCode.DPOP_REQUIRED));
      }
      return token.claims().senderConstrained()
          ? Optional.of(Rejection.of(RejectionCode.SENDER_CONSTRAINED))
          : Optional.empty();
    }
    if (mode == DPoPPolicy.Mode.OFF || proofThumbprint.isEmpty()) {
      throw new IllegalArgumentException("a DPoP token needs DPoP on and a checked proof");
    }
    Optional<String> bound = token.claims().confirmationJkt();
    if (bound.isEmpty()) {
      return Optional.of(Rejection.of(RejectionCode.DPOP_TOKEN_NOT_BOUND));
    }
    boolean same =
        MessageDigest.isEqual(
            bound.get().getBytes(StandardCharsets.US_ASCII),
            proofThumbprint.get().getBytes(StandardCharsets.US_ASCII));
    return same ? Optional.empty() : Optional.of(Rejection.of(RejectionCode.DPOP_KEY_MISMATCH));
  }
}
