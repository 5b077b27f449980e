package io.github.mcpoauthkit.port.driven;

import io.github.mcpoauthkit.domain.token.BearerToken;

/**
 * Asks the issuer about a token it issued (RFC 7662 token introspection): the driven port behind
 * opaque access tokens, and behind JWTs an issuer wants introspected. One introspector talks to one
 * issuer's introspection endpoint, authenticated as this resource server.
 *
 * <p>Only the issuer's answer is reported: whether the token is active, and its members. Judging
 * them (issuer, audience, expiry, scopes) is the domain's {@code TokenRules.evaluateIntrospected},
 * caching and rate limits are the application's; an implementation neither caches nor retries.
 *
 * <p>Implementations must be thread-safe, bounded in time and in the size of the answer they read,
 * and must never throw for any token or any answer: a failure to get a usable answer is {@link
 * IntrospectionResult.Unavailable}, which is never an acceptance. The token is sent to the
 * introspection endpoint only, never logged, and never appears in a result or an exception.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7662#section-2">RFC 7662 §2</a>
 */
@FunctionalInterface
public interface TokenIntrospector {

  /**
   * Asks the issuer whether {@code token} is active.
   *
   * @return {@link IntrospectionResult.Active} with the answer's members, {@link
   *     IntrospectionResult.Inactive} when the issuer says the token is not active (or is not a
   *     token it knows), or {@link IntrospectionResult.Unavailable} when no usable answer came in
   *     time
   * @throws NullPointerException if {@code token} is null
   */
  IntrospectionResult introspect(BearerToken token);
}
