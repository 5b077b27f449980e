package io.github.mcpoauthkit.testing;

import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.JoseHeader;
import io.github.mcpoauthkit.domain.token.KeyId;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.port.driven.DecodeResult;
import io.github.mcpoauthkit.port.driven.TokenDecoder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TokenDecoder} without cryptography: it "signs" a token by remembering it, and knows only
 * the tokens it issued. Any other token, including one whose signature or payload was altered, is
 * an invalid signature. Keys can be rotated out and the key set made unreachable to exercise the
 * service's cache and its undecided verdict. Thread-safe.
 */
public final class InMemoryTokenDecoder implements TokenDecoder {

  private record Issued(JoseHeader header, Map<String, Object> claims, KeyId key) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final AtomicInteger decodeCalls = new AtomicInteger();
  private volatile Set<KeyId> currentKeys;
  private volatile KeyId signingKey;
  private volatile boolean keySetUnreachable;

  public InMemoryTokenDecoder(String initialKeyId) {
    this.signingKey = new KeyId(initialKeyId);
    this.currentKeys = Set.of(signingKey);
  }

  /** Issues a token with {@code alg: RS256}, {@code typ: at+jwt} and the current key's id. */
  public String issue(Map<String, Object> claims) {
    return issue(
        JoseHeader.withAlgorithm("RS256").withType("at+jwt").withKeyId(signingKey.value()), claims);
  }

  /** Issues a token with this header, signed by the current key. */
  public String issue(JoseHeader header, Map<String, Object> claims) {
    Map<String, Object> headerJson = new LinkedHashMap<>();
    headerJson.put("alg", header.algorithm());
    header.type().ifPresent(type -> headerJson.put("typ", type));
    header.keyId().ifPresent(kid -> headerJson.put("kid", kid));
    byte[] signature = new byte[32];
    RANDOM.nextBytes(signature);
    String token =
        TestJson.base64Url(TestJson.write(headerJson))
            + "."
            + TestJson.base64Url(TestJson.write(claims))
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    issued.put(token, new Issued(header, claims, signingKey));
    return token;
  }

  /** Adds {@code keyId} to the key set and signs new tokens with it. */
  public void rotateTo(String keyId) {
    KeyId next = new KeyId(keyId);
    Set<KeyId> keys = new java.util.HashSet<>(currentKeys);
    keys.add(next);
    currentKeys = Set.copyOf(keys);
    signingKey = next;
  }

  /** Removes {@code keyId} from the key set: its tokens no longer verify. */
  public void removeKey(String keyId) {
    Set<KeyId> keys = new java.util.HashSet<>(currentKeys);
    keys.remove(new KeyId(keyId));
    currentKeys = Set.copyOf(keys);
  }

  /** Makes the key set unreachable: tokens of unknown keys become undecided. */
  public void setKeySetUnreachable(boolean unreachable) {
    this.keySetUnreachable = unreachable;
  }

  /** How many times {@link #decode(BearerToken)} ran. */
  public int decodeCalls() {
    return decodeCalls.get();
  }

  @Override
  public DecodeResult decode(BearerToken token) {
    decodeCalls.incrementAndGet();
    Issued known = issued.get(token.value());
    if (known == null) {
      return new DecodeResult.Rejected(Rejection.of(RejectionCode.INVALID_SIGNATURE));
    }
    if (!currentKeys.contains(known.key())) {
      return keySetUnreachable
          ? new DecodeResult.Undecided(
              "The issuer's key set is unreachable", Duration.ofSeconds(30))
          : new DecodeResult.Rejected(Rejection.of(RejectionCode.UNKNOWN_KEY));
    }
    return new DecodeResult.Decoded(known.header(), known.claims(), known.key());
  }

  @Override
  public Set<KeyId> currentKeys() {
    return currentKeys;
  }
}
