package io.github.mcpoauthkit.domain.token;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the {@code Authorization} header(s) of a request hold, read by {@link #fromHeaders(List)}.
 *
 * <ul>
 *   <li>{@link None}: no credentials for us: no header, an empty one, or a scheme not accepted
 *       (Basic; DPoP while DPoP is off). The answer is a challenge without an {@code error}
 *       parameter (RFC 6750 §3.1).
 *   <li>{@link Malformed}: the request is malformed ({@code invalid_request}, HTTP 400).
 *   <li>{@link Presented}: exactly one syntactically valid token, with the scheme it came in.
 * </ul>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 §2.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-7.1">RFC 9449 §7.1</a>
 */
public sealed interface Credentials
    permits Credentials.None, Credentials.Malformed, Credentials.Presented {

  /** No credentials in an accepted scheme. */
  record None() implements Credentials {}

  /**
   * Credentials that break the syntax or carry more than one token.
   *
   * @param rejection the {@code invalid_request} rejection to answer with
   */
  record Malformed(Rejection rejection) implements Credentials {
    /**
     * @throws NullPointerException if {@code rejection} is null
     */
    public Malformed {
      Objects.requireNonNull(rejection, "rejection");
    }
  }

  /**
   * One access token.
   *
   * @param token the token, not yet checked beyond its syntax
   * @param scheme the scheme it came in: {@link AuthorizationScheme#DPOP} asks for a DPoP proof
   */
  record Presented(BearerToken token, AuthorizationScheme scheme) implements Credentials {
    /**
     * @throws NullPointerException if an argument is null
     */
    public Presented {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(scheme, "scheme");
    }

    /** A token in the {@code Bearer} scheme. */
    public Presented(BearerToken token) {
      this(token, AuthorizationScheme.BEARER);
    }
  }

  /**
   * Reads the values of every {@code Authorization} header of one request, in any order, accepting
   * the {@code Bearer} scheme only: {@link #fromHeaders(List, Set)} with {@link
   * AuthorizationScheme#BEARER}.
   *
   * @param headerValues the raw values, empty when the request has no such header
   * @throws NullPointerException if {@code headerValues} or one of its elements is null
   */
  static Credentials fromHeaders(List<String> headerValues) {
    return AuthorizationHeaderParser.parse(headerValues, BEARER_ONLY);
  }

  /** {@link AuthorizationScheme#BEARER} alone: what the kit accepts with DPoP off. */
  Set<AuthorizationScheme> BEARER_ONLY = Set.of(AuthorizationScheme.BEARER);

  /**
   * Reads the values of every {@code Authorization} header of one request, in any order.
   *
   * <p>The scheme is matched case-insensitively; a scheme outside {@code accepted} is {@link None}.
   * Both {@code Bearer} and {@code DPoP} carry a {@code token68} (RFC 6750 §2.1, RFC 9449 §7.1).
   * Two headers, or two credentials in one value, are {@link RejectionCode#MULTIPLE_CREDENTIALS}; a
   * scheme with no token is {@link RejectionCode#EMPTY_TOKEN}; a token outside the {@code b64token}
   * syntax (control characters, quotes, inner spaces) is {@link
   * RejectionCode#MALFORMED_CREDENTIALS}. Thread-safe; never throws for any header content.
   *
   * @param headerValues the raw values, empty when the request has no such header
   * @param accepted the schemes this resource server accepts, at least one
   * @throws NullPointerException if an argument or one of its elements is null
   * @throws IllegalArgumentException if {@code accepted} is empty
   */
  static Credentials fromHeaders(List<String> headerValues, Set<AuthorizationScheme> accepted) {
    if (accepted.isEmpty()) {
      throw new IllegalArgumentException("no accepted scheme");
    }
    return AuthorizationHeaderParser.parse(headerValues, accepted);
  }
}
