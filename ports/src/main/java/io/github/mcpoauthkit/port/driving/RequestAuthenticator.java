package io.github.mcpoauthkit.port.driving;

import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.Verdict;
import java.util.Objects;
import java.util.Set;

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

  /**
   * Decides whether a request already {@linkplain #authenticate authenticated} as {@code accepted}
   * may also do something that needs {@code scopes} (for example call a tool with scopes of its
   * own), without verifying its credentials a second time: a second pass would see single-use parts
   * of a request, such as a DPoP proof's {@code jti}, as replayed.
   *
   * <p>The default authenticates {@code request} again with {@code scopes} added, which is right
   * for authenticators whose checks can be repeated; {@code TokenVerificationService} only checks
   * the scopes.
   *
   * @param request the request {@code accepted} was given for
   * @param accepted what {@link #authenticate} answered for {@code request}
   * @param scopes the scopes needed beyond those {@code request} already asked for
   * @return {@code accepted} or another {@link Verdict.Accepted} when the scopes suffice, else
   *     {@link Verdict.Rejected} ({@code insufficient_scope}, 403)
   * @throws NullPointerException if an argument is null
   */
  default Verdict authorize(
      AuthenticationRequest request, Verdict.Accepted accepted, Set<Scope> scopes) {
    Objects.requireNonNull(accepted, "accepted");
    return authenticate(request.needing(scopes));
  }
}
