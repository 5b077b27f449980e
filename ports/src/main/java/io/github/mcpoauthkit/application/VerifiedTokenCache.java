package io.github.mcpoauthkit.application;

import io.github.mcpoauthkit.domain.token.KeyId;
import io.github.mcpoauthkit.domain.token.Verdict;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the {@code Authorization} header values whose tokens passed every rule, so a client
 * that sends the same header on every request pays for one parse and one signature check.
 *
 * <p>The key is the whole header value, compared with {@code equals}: a hit means this exact value
 * was parsed and verified before, so parsing it again would give the same token; a different value
 * can never hit another's entry, whatever their hashes. The hash covers only the last {@value
 * #HASHED_CHARS} characters, the end of the signature, which a client cannot choose: hashing the
 * whole kilobyte of a token on every request would cost more than the rest of a hit. An entry is
 * trusted until the earlier of the token's {@code exp} and {@link CacheSettings#maxLifetime()}
 * after it was stored, checked against the caller's clock on every hit, and only while the key that
 * signed it is still in the issuer's key set. Only accepted tokens are stored. Thread-safe; the
 * size may briefly exceed {@link CacheSettings#maxEntries()} by the number of threads storing at
 * once.
 */
final class VerifiedTokenCache {

  static final int HASHED_CHARS = 16;

  private record Entry(Verdict.Accepted verdict, long trustedUntilMillis, KeyId signingKey) {}

  /** A header value, hashed on its tail. */
  private static final class Key {
    private final String value;
    private final int hash;

    Key(String value) {
      this.value = value;
      int h = value.length();
      for (int i = Math.max(0, value.length() - HASHED_CHARS); i < value.length(); i++) {
        h = 31 * h + value.charAt(i);
      }
      this.hash = h;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.hash == hash && key.value.equals(value);
    }
  }

  private final int maxEntries;
  private final long maxLifetimeMillis;
  private final ConcurrentHashMap<Key, Entry> entries;

  VerifiedTokenCache(CacheSettings settings) {
    this.maxEntries = settings.maxEntries();
    this.maxLifetimeMillis = settings.maxLifetime().toMillis();
    this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1 << 16));
  }

  /**
   * The verdict for this exact header value, if it is still trusted at {@code nowMillis} and signed
   * by one of {@code currentKeys}; an entry that is not is dropped.
   */
  Verdict.Accepted lookup(String headerValue, long nowMillis, Set<KeyId> currentKeys) {
    if (maxEntries == 0) {
      return null;
    }
    Key key = new Key(headerValue);
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (nowMillis >= entry.trustedUntilMillis || !currentKeys.contains(entry.signingKey)) {
      entries.remove(key, entry);
      return null;
    }
    return entry.verdict;
  }

  void store(String headerValue, Verdict.Accepted accepted, KeyId signingKey, long nowMillis) {
    if (maxEntries == 0) {
      return;
    }
    long until =
        Math.min(
            CacheBounds.saturatedAdd(nowMillis, maxLifetimeMillis),
            CacheBounds.expiryMillis(accepted.token()));
    if (nowMillis >= until) {
      return;
    }
    if (entries.size() >= maxEntries) {
      CacheBounds.evict(entries, entry -> entry.trustedUntilMillis, nowMillis, maxEntries);
    }
    entries.put(new Key(headerValue), new Entry(accepted, until, signingKey));
  }

  int size() {
    return entries.size();
  }
}
