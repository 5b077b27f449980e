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
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449#section-7.1">RFC 9449 §7.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7662#section-2.2">RFC 7662 §2.2</a>
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
      "insufficient_scope", ErrorClass.INSUFFICIENT_SCOPE, 403, "Insufficient scope"),
  /** {@code Authorization: DPoP} without a {@code DPoP} proof header (RFC 9449 §7.1). */
  DPOP_PROOF_MISSING(
      "dpop_proof_missing",
      ErrorClass.INVALID_DPOP_PROOF,
      401,
      "DPoP proof missing: the DPoP scheme needs a DPoP header"),
  /** Two {@code DPoP} headers, or two proofs in one (RFC 9449 §4.3, check 1). */
  DPOP_PROOF_MULTIPLE(
      "dpop_proof_multiple", ErrorClass.INVALID_DPOP_PROOF, 401, "More than one DPoP proof"),
  /**
   * The proof is not one well-formed JWS, is too large, or has a required claim missing or of the
   * wrong type (RFC 9449 §4.3, checks 2 and 3).
   */
  DPOP_PROOF_MALFORMED(
      "dpop_proof_malformed", ErrorClass.INVALID_DPOP_PROOF, 401, "DPoP proof malformed"),
  /** The proof's {@code typ} is not {@code dpop+jwt} (RFC 9449 §4.3, check 4). */
  DPOP_PROOF_TYPE(
      "dpop_proof_type", ErrorClass.INVALID_DPOP_PROOF, 401, "DPoP proof typ must be dpop+jwt"),
  /**
   * The proof's {@code alg} is {@code none}, symmetric, or outside the allow-list (RFC 9449 §4.3,
   * check 5).
   */
  DPOP_PROOF_ALGORITHM(
      "dpop_proof_algorithm",
      ErrorClass.INVALID_DPOP_PROOF,
      401,
      "DPoP proof algorithm not allowed"),
  /**
   * The proof's {@code jwk} is missing, holds private parts, is too weak or does not fit its {@code
   * alg} (RFC 9449 §4.3, checks 5 and 7).
   */
  DPOP_PROOF_KEY(
      "dpop_proof_key",
      ErrorClass.INVALID_DPOP_PROOF,
      401,
      "DPoP proof key (jwk) missing, private or unusable"),
  /** The proof's signature does not verify with its own {@code jwk} (RFC 9449 §4.3, check 6). */
  DPOP_PROOF_SIGNATURE(
      "dpop_proof_signature", ErrorClass.INVALID_DPOP_PROOF, 401, "DPoP proof signature invalid"),
  /** {@code htm} is not the request's method (RFC 9449 §4.3, check 8). */
  DPOP_PROOF_METHOD(
      "dpop_proof_method",
      ErrorClass.INVALID_DPOP_PROOF,
      401,
      "DPoP proof htm does not match the request method"),
  /** {@code htu} is not this resource's URL (RFC 9449 §4.3, check 9). */
  DPOP_PROOF_URI(
      "dpop_proof_uri",
      ErrorClass.INVALID_DPOP_PROOF,
      401,
      "DPoP proof htu does not match the request URL"),
  /** {@code iat} is older than the accepted window (RFC 9449 §4.3, check 11; §11.1). */
  DPOP_PROOF_STALE(
      "dpop_proof_stale",
      ErrorClass.INVALID_DPOP_PROOF,
      401,
      "DPoP proof iat is outside the accepted window: too old"),
  /** {@code iat} is further in the future than the clock skew (RFC 9449 §4.3, check 11). */
  DPOP_PROOF_FUTURE(
      "dpop_proof_future",
      ErrorClass.INVALID_DPOP_PROOF,
      401,
      "DPoP proof iat is outside the accepted window: in the future"),
  /** The proof's {@code jti} was seen before within the window (RFC 9449 §11.1). */
  DPOP_PROOF_REPLAYED(
      "dpop_proof_replayed", ErrorClass.INVALID_DPOP_PROOF, 401, "DPoP proof already used (jti)"),
  /** {@code ath} is missing or is not the hash of the access token (RFC 9449 §4.3, check 12). */
  DPOP_PROOF_TOKEN_HASH(
      "dpop_proof_token_hash",
      ErrorClass.INVALID_DPOP_PROOF,
      401,
      "DPoP proof ath does not match the access token"),
  /**
   * The proof's key is not the key the token is bound to ({@code cnf.jkt}, RFC 9449 §4.3 check 12,
   * §6; the wording of its Figure 16).
   */
  DPOP_KEY_MISMATCH("dpop_key_mismatch", ErrorClass.INVALID_TOKEN, 401, "Invalid DPoP key binding"),
  /** {@code Authorization: DPoP} with a token that is not bound to a key (no {@code cnf.jkt}). */
  DPOP_TOKEN_NOT_BOUND(
      "dpop_token_not_bound",
      ErrorClass.INVALID_TOKEN,
      401,
      "The access token is not DPoP-bound (no cnf.jkt)"),
  /** A {@code Bearer} token where this resource server requires DPoP-bound tokens. */
  DPOP_REQUIRED(
      "dpop_required", ErrorClass.INVALID_TOKEN, 401, "DPoP-bound access tokens are required"),
  /**
   * The proof has no {@code nonce} where this server asks for one (RFC 9449 §9; the wording of its
   * Figure 20); the answer carries a {@code DPoP-Nonce} to retry with.
   */
  DPOP_NONCE_REQUIRED(
      "dpop_nonce_required",
      ErrorClass.USE_DPOP_NONCE,
      401,
      "Resource server requires nonce in DPoP proof"),
  /**
   * The proof's {@code nonce} is not one this server handed out lately (RFC 9449 §9); the answer
   * carries a fresh {@code DPoP-Nonce}.
   */
  DPOP_NONCE_STALE(
      "dpop_nonce_stale", ErrorClass.USE_DPOP_NONCE, 401, "DPoP proof nonce is unknown or expired"),
  /**
   * The issuer's introspection endpoint says the token is not active (RFC 7662 §2.2: {@code
   * "active": false}, or no {@code active} member of JSON {@code true}): revoked, expired, unknown
   * to the issuer, or not meant for this client.
   */
  TOKEN_INACTIVE(
      "token_inactive",
      ErrorClass.INVALID_TOKEN,
      401,
      "Token validation failed: token is not active");

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
