package io.github.mcpoauthkit.domain.token;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
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
 */
public record Rejection(RejectionCode code, String message, Set<Scope> challengeScopes) {

  /**
   * @throws NullPointerException if an argument is null
   */
  public Rejection {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    challengeScopes = Collections.unmodifiableSet(new LinkedHashSet<>(challengeScopes));
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
