package io.github.mcpoauthkit.application;

import io.github.mcpoauthkit.domain.token.KeyId;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers tokens that passed every rule, so a client that sends the same token on every request
 * pays for one signature check.
 *
 * <p>The key is the whole token string, compared with {@code equals}: a different token can never
 * hit another's entry, whatever their hashes. An entry is trusted until the earlier of the token's
 * {@code exp} and {@link CacheSettings#maxLifetime()} after it was stored, checked against the
 * caller's clock on every hit, and only while the key that signed it is still in the issuer's key
 * set. Only accepted tokens are stored. Thread-safe; the size may briefly exceed {@link
 * CacheSettings#maxEntries()} by the number of threads storing at once.
 */
final class VerifiedTokenCache {

  private record Entry(VerifiedToken token, Instant trustedUntil, KeyId signingKey) {}

  private final int maxEntries;
  private final CacheSettings settings;
  private final ConcurrentHashMap<String, Entry> entries;

  VerifiedTokenCache(CacheSettings settings) {
    this.settings = settings;
    this.maxEntries = settings.maxEntries();
    this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1 << 16));
  }

  Optional<VerifiedToken> lookup(String token, Instant now, Set<KeyId> currentKeys) {
    if (maxEntries == 0) {
      return Optional.empty();
    }
    Entry entry = entries.get(token);
    if (entry == null) {
      return Optional.empty();
    }
    if (!now.isBefore(entry.trustedUntil) || !currentKeys.contains(entry.signingKey)) {
      entries.remove(token, entry);
      return Optional.empty();
    }
    return Optional.of(entry.token);
  }

  void store(String token, VerifiedToken verified, KeyId signingKey, Instant now) {
    if (maxEntries == 0) {
      return;
    }
    Instant until = now.plus(settings.maxLifetime());
    if (verified.expiresAt().isBefore(until)) {
      until = verified.expiresAt();
    }
    if (!now.isBefore(until)) {
      return;
    }
    if (entries.size() >= maxEntries) {
      evict(now);
    }
    entries.put(token, new Entry(verified, until, signingKey));
  }

  int size() {
    return entries.size();
  }

  /**
   * Drops expired entries, then, if still full, arbitrary ones down to 90 % of the bound, so that
   * eviction runs once per tenth of the capacity rather than on every store.
   */
  private void evict(Instant now) {
    entries.values().removeIf(entry -> !now.isBefore(entry.trustedUntil));
    int target = maxEntries - Math.max(1, maxEntries / 10);
    Iterator<Map.Entry<String, Entry>> iterator = entries.entrySet().iterator();
    while (entries.size() > target && iterator.hasNext()) {
      iterator.next();
      iterator.remove();
    }
  }
}
