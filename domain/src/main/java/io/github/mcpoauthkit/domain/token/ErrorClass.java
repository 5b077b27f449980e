package io.github.mcpoauthkit.domain.token;

/**
 * The error codes of RFC 6750 §3.1 and RFC 9449 §7.1 and §9, as they appear in the {@code error}
 * parameter of a {@code WWW-Authenticate: Bearer} or {@code DPoP} challenge.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-7.1">RFC 9449 §7.1</a>
 */
public enum ErrorClass {
  /** The request is malformed: HTTP 400. */
  INVALID_REQUEST("invalid_request", 400),
  /** The token is expired, revoked, malformed or invalid for other reasons: HTTP 401. */
  INVALID_TOKEN("invalid_token", 401),
  /** The token lacks a scope the request needs: HTTP 403. */
  INSUFFICIENT_SCOPE("insufficient_scope", 403),
  /**
   * The DPoP proof itself failed a check of RFC 9449 §4.3 (a {@code DPoP} challenge only): HTTP
   * 401.
   */
  INVALID_DPOP_PROOF("invalid_dpop_proof", 401),
  /**
   * The resource server wants a fresh server nonce in the DPoP proof (RFC 9449 §9, a {@code DPoP}
   * challenge with a {@code DPoP-Nonce} header): HTTP 401.
   */
  USE_DPOP_NONCE("use_dpop_nonce", 401);

  private final String code;
  private final int httpStatus;

  ErrorClass(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The value of the challenge's {@code error} parameter, such as {@code invalid_token}. */
  public String code() {
    return code;
  }

  /** The HTTP status that RFC 6750 §3.1 (or RFC 9449 for the DPoP classes) gives this class. */
  public int httpStatus() {
    return httpStatus;
  }
}
