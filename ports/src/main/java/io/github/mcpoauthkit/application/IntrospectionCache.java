package io.github.mcpoauthkit.application;

import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the verdicts drawn from introspection answers, keyed by the SHA-256 of the token: the
 * token itself is never kept, so a heap dump of the cache holds no usable credential. An accepted
 * verdict is trusted until the earlier of the token's {@code exp} and {@link
 * IntrospectionSettings#cacheTtl()} after it was stored; a refusal for {@link
 * IntrospectionSettings#negativeCacheTtl()}. "No answer" is never stored. Bounded by {@link
 * IntrospectionSettings#cacheSize()} with the eviction of {@code VerifiedTokenCache}; thread-safe,
 * and the size may briefly exceed the bound by the number of threads storing at once.
 *
 * <p>Unlike the JWT cache, whose key is the whole header value compared with {@code equals}, two
 * tokens here share an entry only if their SHA-256 digests are equal, which no one can bring about.
 */
final class IntrospectionCache {

  /** The SHA-256 of a token's characters as UTF-8, as four longs. */
  record Digest(long a, long b, long c, long d) {

    static Digest of(BearerToken token) {
      MessageDigest sha256;
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        // Every Java platform must support SHA-256 (MessageDigest's documentation).
        throw new IllegalStateException("SHA-256 is not available", e);
      }
      ByteBuffer bytes =
          ByteBuffer.wrap(sha256.digest(token.value().getBytes(StandardCharsets.UTF_8)));
      return new Digest(bytes.getLong(), bytes.getLong(), bytes.getLong(), bytes.getLong());
    }
  }

  private record Entry(Verdict verdict, long trustedUntilMillis) {}

  private final int maxEntries;
  private final long maxLifetimeMillis;
  private final long refusalLifetimeMillis;
  private final ConcurrentHashMap<Digest, Entry> entries;

  IntrospectionCache(IntrospectionSettings settings) {
    this.maxEntries = settings.cacheSize();
    this.maxLifetimeMillis = CacheBounds.saturatedMillis(settings.cacheTtl());
    this.refusalLifetimeMillis = CacheBounds.saturatedMillis(settings.negativeCacheTtl());
    this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1 << 16));
  }

  /** The verdict for this digest if it is still trusted at {@code nowMillis}, else null. */
  Verdict lookup(Digest digest, long nowMillis) {
    if (maxEntries == 0) {
      return null;
    }
    Entry entry = entries.get(digest);
    if (entry == null) {
      return null;
    }
    if (nowMillis >= entry.trustedUntilMillis) {
      entries.remove(digest, entry);
      return null;
    }
    return entry.verdict;
  }

  /** Stores an accepted verdict until the earlier of the token's expiry and the lifetime. */
  void storeAccepted(Digest digest, Verdict.Accepted accepted, long nowMillis) {
    store(
        digest,
        accepted,
        nowMillis,
        Math.min(
            CacheBounds.saturatedAdd(nowMillis, maxLifetimeMillis),
            CacheBounds.expiryMillis(accepted.token())));
  }

  /** Stores a refusal for the negative lifetime. */
  void storeRejected(Digest digest, Verdict.Rejected rejected, long nowMillis) {
    store(digest, rejected, nowMillis, CacheBounds.saturatedAdd(nowMillis, refusalLifetimeMillis));
  }

  int size() {
    return entries.size();
  }

  private void store(Digest digest, Verdict verdict, long nowMillis, long untilMillis) {
    if (maxEntries == 0 || nowMillis >= untilMillis) {
      return;
    }
    if (entries.size() >= maxEntries) {
      CacheBounds.evict(entries, entry -> entry.trustedUntilMillis, nowMillis, maxEntries);
    }
    entries.put(digest, new Entry(verdict, untilMillis));
  }
}
