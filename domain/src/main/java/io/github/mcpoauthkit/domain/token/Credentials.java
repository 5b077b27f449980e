package io.github.mcpoauthkit.domain.token;

import java.util.List;
import java.util.Objects;

/**
 * What the {@code Authorization} header(s) of a request hold, read by {@link #fromHeaders(List)}.
 *
 * <ul>
 *   <li>{@link None}: no credentials for us: no header, an empty one, or another scheme (Basic).
 *       The answer is a challenge without an {@code error} parameter (RFC 6750 §3.1).
 *   <li>{@link Malformed}: the request is malformed ({@code invalid_request}, HTTP 400).
 *   <li>{@link Presented}: exactly one syntactically valid Bearer token.
 * </ul>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 §2.1</a>
 */
public sealed interface Credentials
    permits Credentials.None, Credentials.Malformed, Credentials.Presented {

  /** No Bearer credentials. */
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
   * One Bearer token.
   *
   * @param token the token, not yet checked beyond its syntax
   */
  record Presented(BearerToken token) implements Credentials {
    /**
     * @throws NullPointerException if {@code token} is null
     */
    public Presented {
      Objects.requireNonNull(token, "token");
    }
  }

  /**
   * Reads the values of every {@code Authorization} header of one request, in any order.
   *
   * <p>The scheme is matched case-insensitively. Two headers, or two credentials in one value, are
   * {@link RejectionCode#MULTIPLE_CREDENTIALS}; {@code Bearer} with no token is {@link
   * RejectionCode#EMPTY_TOKEN}; a token outside the {@code b64token} syntax (control characters,
   * quotes, inner spaces) is {@link RejectionCode#MALFORMED_CREDENTIALS}. Thread-safe; never throws
   * for any header content.
   *
   * @param headerValues the raw values, empty when the request has no such header
   * @throws NullPointerException if {@code headerValues} or one of its elements is null
   */
  static Credentials fromHeaders(List<String> headerValues) {
    return AuthorizationHeaderParser.parse(headerValues);
  }
}
