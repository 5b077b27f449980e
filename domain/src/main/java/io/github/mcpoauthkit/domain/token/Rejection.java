package io.github.mcpoauthkit.domain.token;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Why the credentials of a request were refused.
 *
 * @param code the stable reason, which fixes the error class and HTTP status
 * @param message a short message for people, safe to send to the client: it never contains the
 *     token
 * @param challengeScopes the scopes for the challenge's {@code scope} parameter; for {@link
 *     RejectionCode#INSUFFICIENT_SCOPE} the relevant scopes the token has plus those the request
 *     needs, otherwise usually empty
 * @param dpopNonce a server nonce the client must put in its next DPoP proof (RFC 9449 §9), sent in
 *     a {@code DPoP-Nonce} header; empty for most rejections
 */
public record Rejection(
    RejectionCode code, String message, Set<Scope> challengeScopes, Optional<String> dpopNonce) {

  /**
   * @throws NullPointerException if an argument is null
   */
  public Rejection {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    challengeScopes = Collections.unmodifiableSet(new LinkedHashSet<>(challengeScopes));
    Objects.requireNonNull(dpopNonce, "dpopNonce");
  }

  /** A rejection that hands out no DPoP nonce. */
  public Rejection(RejectionCode code, String message, Set<Scope> challengeScopes) {
    this(code, message, challengeScopes, Optional.empty());
  }

  /** This rejection with {@code nonce} to be sent in a {@code DPoP-Nonce} header (RFC 9449 §9). */
  public Rejection withDPoPNonce(String nonce) {
    return new Rejection(code, message, challengeScopes, Optional.of(nonce));
  }

  /** A rejection with the code's default message. */
  public static Rejection of(RejectionCode code) {
    return new Rejection(code, code.defaultMessage(), Set.of());
  }

  /** A rejection with a specific message. */
  public static Rejection of(RejectionCode code, String message) {
    return new Rejection(code, message, Set.of());
  }

  /** The HTTP status of the answer, from the code. */
  public int httpStatus() {
    return code.httpStatus();
  }
}
