package io.github.mcpoauthkit.domain.token;

import java.util.Optional;

/**
 * Every reason for which a request's credentials are refused: a closed list of stable codes.
 *
 * <p>The {@link #code()} strings are an API: logs, metrics and tests match on them, so they are
 * never renamed or reused; new reasons get new constants. Each code carries its RFC 6750 error
 * class, which fixes the HTTP status, and a default message. The messages of {@link
 * #INVALID_JWT_FORMAT}, {@link #ISSUER_MISMATCH}, {@link #AUDIENCE_MISMATCH} and {@link
 * #TOKEN_EXPIRED} are the phrases users search for and do not change either.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1</a>
 */
public enum RejectionCode {
  /**
   * No {@code Authorization} header, or one with another scheme (such as Basic). RFC 6750 §3.1: the
   * challenge then carries no {@code error} parameter.
   */
  NO_CREDENTIALS("no_credentials", null, 401, "No bearer token in the Authorization header"),
  /** Two {@code Authorization} headers, or two credentials in one. */
  MULTIPLE_CREDENTIALS(
      "multiple_credentials",
      ErrorClass.INVALID_REQUEST,
      400,
      "The request carries more than one Authorization credential"),
  /** {@code Authorization: Bearer} with nothing after the scheme. */
  EMPTY_TOKEN("empty_token", ErrorClass.INVALID_REQUEST, 400, "The Bearer token is empty"),
  /** A Bearer credential that is not in the {@code b64token} syntax of RFC 6750 §2.1. */
  MALFORMED_CREDENTIALS(
      "malformed_credentials",
      ErrorClass.INVALID_REQUEST,
      400,
      "The Authorization header is not a valid Bearer credential"),
  /** An access token in the query string or a form body: accepted only in the header. */
  TOKEN_OUTSIDE_HEADER(
      "token_outside_header",
      ErrorClass.INVALID_REQUEST,
      400,
      "Access tokens are accepted only in the Authorization header"),
  /** Not three base64url segments: an opaque token, a truncated JWT, an unsigned JWT. */
  INVALID_JWT_FORMAT(
      "invalid_jwt_format", ErrorClass.INVALID_TOKEN, 401, "Token is not a valid JWT format"),
  /** Five segments: a JWE. Only signed (JWS) access tokens are supported. */
  ENCRYPTED_TOKEN(
      "encrypted_token",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token is not a valid JWT format: encrypted (JWE) tokens are not supported"),
  /** {@code alg} is {@code none}, an HMAC algorithm, or outside the allow-list. */
  ALGORITHM_NOT_ALLOWED(
      "algorithm_not_allowed",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token validation failed: signing algorithm not allowed"),
  /** No key of the issuer's key set matches the token, even after a refresh. */
  UNKNOWN_KEY(
      "unknown_key",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token validation failed: no matching key in the issuer's JWKS"),
  /** The signature does not verify with the issuer's key. */
  INVALID_SIGNATURE(
      "invalid_signature",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token validation failed: invalid signature"),
  /** The JOSE {@code typ} header is not among the accepted types. */
  TYPE_NOT_ACCEPTED(
      "type_not_accepted",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token validation failed: token type (typ) not accepted"),
  /** A claim has the wrong JSON type or an out-of-range value, or the payload is not an object. */
  CLAIMS_MALFORMED(
      "claims_malformed",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token validation failed: malformed claims"),
  /** {@code iss} differs from the configured issuer. */
  ISSUER_MISMATCH(
      "issuer_mismatch", ErrorClass.INVALID_TOKEN, 401, "Token validation failed: issuer mismatch"),
  /** No {@code sub} claim. */
  SUBJECT_MISSING(
      "subject_missing",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token validation failed: missing subject (sub)"),
  /** {@code aud} does not contain any of the configured audiences. */
  AUDIENCE_MISMATCH(
      "audience_mismatch",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token validation failed: audience mismatch"),
  /** No {@code exp} claim: a token that never expires is refused. */
  EXPIRY_MISSING(
      "expiry_missing",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token validation failed: missing expiry (exp)"),
  /** {@code exp} has passed, beyond the allowed clock skew. */
  TOKEN_EXPIRED("token_expired", ErrorClass.INVALID_TOKEN, 401, "Token expired"),
  /** {@code nbf} is in the future, beyond the allowed clock skew. */
  NOT_YET_VALID(
      "not_yet_valid",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token validation failed: token not yet valid (nbf)"),
  /** {@code iat} is in the future, beyond the allowed clock skew. */
  ISSUED_IN_FUTURE(
      "issued_in_future",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token validation failed: issued in the future (iat)"),
  /**
   * A {@code cnf} claim: the token is bound to a key (DPoP, RFC 9449, or mTLS, RFC 8705) and is not
   * a bearer token.
   */
  SENDER_CONSTRAINED(
      "sender_constrained",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token validation failed: sender-constrained (cnf) tokens are not accepted as bearer tokens"),
  /** The token is valid but lacks a scope that the request needs. */
  INSUFFICIENT_SCOPE(
      "insufficient_scope", ErrorClass.INSUFFICIENT_SCOPE, 403, "Insufficient scope");

  private final String code;
  private final ErrorClass errorClass;
  private final int httpStatus;
  private final String defaultMessage;

  RejectionCode(String code, ErrorClass errorClass, int httpStatus, String defaultMessage) {
    this.code = code;
    this.errorClass = errorClass;
    this.httpStatus = httpStatus;
    this.defaultMessage = defaultMessage;
  }

  /** The stable, lower-case code, such as {@code token_expired}. */
  public String code() {
    return code;
  }

  /**
   * The RFC 6750 error class for the challenge's {@code error} parameter; empty only for {@link
   * #NO_CREDENTIALS}, whose challenge must not carry one.
   */
  public Optional<ErrorClass> errorClass() {
    return Optional.ofNullable(errorClass);
  }

  /** The HTTP status of the answer: 400, 401 or 403. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The message used when a rejection gives no more specific one. */
  public String defaultMessage() {
    return defaultMessage;
  }
}
