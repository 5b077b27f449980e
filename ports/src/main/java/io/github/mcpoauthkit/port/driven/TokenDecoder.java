package io.github.mcpoauthkit.port.driven;

import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.KeyId;
import java.util.Set;

/**
 * Checks a compact JWS against the issuer's keys and yields its header and claims: the driven port
 * behind signature verification.
 *
 * <p>A decoder checks the signature and the choice of key only: which algorithms a key may sign
 * with, that the key belongs to the issuer's key set, that the signature verifies. It does not
 * validate claims or {@code typ}; the domain's rules do, in one place. It never trusts keys or key
 * locations named by the token itself ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}).
 *
 * <p>Implementations must be thread-safe and must never throw for any token content.
 */
public interface TokenDecoder {

  /**
   * Verifies the signature of {@code token}, which has already passed the shape check.
   *
   * @return {@link DecodeResult.Decoded} when the signature verifies with a key of the issuer;
   *     {@link DecodeResult.Rejected} for a bad token, with {@code invalid_jwt_format}, {@code
   *     algorithm_not_allowed}, {@code unknown_key} or {@code invalid_signature}; {@link
   *     DecodeResult.Undecided} when the key set is needed but cannot be fetched
   * @throws NullPointerException if {@code token} is null
   */
  DecodeResult decode(BearerToken token);

  /**
   * The ids of the keys in the issuer's key set as last fetched: a cheap snapshot, read on every
   * cache hit to drop tokens signed by keys that have since been removed. The ids are the same as
   * {@link DecodeResult.Decoded#signingKey()} gives.
   */
  Set<KeyId> currentKeys();
}
