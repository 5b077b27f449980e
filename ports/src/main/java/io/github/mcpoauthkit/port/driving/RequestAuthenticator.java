package io.github.mcpoauthkit.port.driving;

import io.github.mcpoauthkit.domain.token.Verdict;

/**
 * Authenticates the bearer credentials of one request to the protected resource: the driving port
 * that every transport calls before it lets a request through.
 *
 * <p>Implementations must be thread-safe and must not block longer than the key source's configured
 * timeouts. They never throw for anything a client can send: every outcome is a {@link Verdict}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750">RFC 6750</a>
 */
@FunctionalInterface
public interface RequestAuthenticator {

  /**
   * Decides whether {@code request} may proceed.
   *
   * @return {@link Verdict.Accepted} with the verified token; {@link Verdict.Rejected} with the
   *     reason, whose code fixes the HTTP status (400, 401 or 403) and challenge; or {@link
   *     Verdict.Undecided} when the keys needed are unavailable (answer 503 with {@code
   *     Retry-After})
   * @throws NullPointerException if {@code request} is null
   */
  Verdict authenticate(AuthenticationRequest request);
}
