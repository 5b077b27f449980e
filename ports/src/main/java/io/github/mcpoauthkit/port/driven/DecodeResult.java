package io.github.mcpoauthkit.port.driven;

import io.github.mcpoauthkit.domain.token.JoseHeader;
import io.github.mcpoauthkit.domain.token.KeyId;
import io.github.mcpoauthkit.domain.token.Rejection;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a {@link TokenDecoder} found: a verified signature, a bad token, or no decision. */
public sealed interface DecodeResult
    permits DecodeResult.Decoded, DecodeResult.Rejected, DecodeResult.Undecided {

  /**
   * The signature is valid and was made by a key in the issuer's current key set. The claims are
   * not yet validated.
   *
   * @param header the protected header
   * @param claims the payload as JSON values ({@code String}, {@code Number}, {@code Boolean},
   *     list, map or {@code null})
   * @param signingKey the key that verified the signature
   */
  record Decoded(JoseHeader header, Map<String, Object> claims, KeyId signingKey)
      implements DecodeResult {
    /**
     * @throws NullPointerException if an argument is null
     */
    public Decoded {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(signingKey, "signingKey");
      claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }
  }

  /**
   * The token is bad: unparseable, signed with a refused algorithm, by an unknown key, or with a
   * signature that does not verify.
   *
   * @param rejection the reason
   */
  record Rejected(Rejection rejection) implements DecodeResult {
    /**
     * @throws NullPointerException if {@code rejection} is null
     */
    public Rejected {
      Objects.requireNonNull(rejection, "rejection");
    }
  }

  /**
   * The token names a key that is not cached and the issuer's key set cannot be fetched now.
   *
   * @param message a short message for people, without the token
   * @param retryAfter when a retry may succeed
   */
  record Undecided(String message, Duration retryAfter) implements DecodeResult {
    /**
     * @throws NullPointerException if an argument is null
     */
    public Undecided {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }
}
