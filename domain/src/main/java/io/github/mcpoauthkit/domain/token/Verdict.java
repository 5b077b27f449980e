package io.github.mcpoauthkit.domain.token;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of authenticating a request: accepted, rejected, or undecided.
 *
 * <p>Undecided is not a rejection: the token may be good, but the keys needed to check it cannot be
 * had right now (the issuer's JWKS endpoint is down and the token names a key not yet cached). The
 * transport answers it with 503 and {@code Retry-After}, never 401, so clients retry instead of
 * discarding a good token.
 */
public sealed interface Verdict permits Verdict.Accepted, Verdict.Rejected, Verdict.Undecided {

  /**
   * The token is valid and grants what the request needs.
   *
   * @param token the verified token with its principal and claims
   */
  record Accepted(VerifiedToken token) implements Verdict {
    /**
     * @throws NullPointerException if {@code token} is null
     */
    public Accepted {
      Objects.requireNonNull(token, "token");
    }
  }

  /**
   * The credentials are missing, malformed, invalid or insufficient.
   *
   * @param rejection the reason
   */
  record Rejected(Rejection rejection) implements Verdict {
    /**
     * @throws NullPointerException if {@code rejection} is null
     */
    public Rejected {
      Objects.requireNonNull(rejection, "rejection");
    }
  }

  /**
   * No decision could be made because a dependency (the issuer's key set) is unavailable.
   *
   * @param message a short message for people, safe to send to the client
   * @param retryAfter when the client may try again
   */
  record Undecided(String message, Duration retryAfter) implements Verdict {
    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code retryAfter} is negative
     */
    public Undecided {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter cannot be negative");
      }
    }
  }

  /** Shorthand for {@code new Rejected(Rejection.of(code))}. */
  static Verdict rejected(RejectionCode code) {
    return new Rejected(Rejection.of(code));
  }

  /** Shorthand for {@code new Rejected(Rejection.of(code, message))}. */
  static Verdict rejected(RejectionCode code, String message) {
    return new Rejected(Rejection.of(code, message));
  }
}
