package io.github.mcpoauthkit.application;

import io.github.mcpoauthkit.domain.token.VerifiedToken;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The arithmetic and the eviction that the verified-token and introspection caches share. */
final class CacheBounds {

  private CacheBounds() {}

  /** {@code a + b}, or {@link Long#MAX_VALUE} where that overflows. */
  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** {@code duration} in milliseconds, or {@link Long#MAX_VALUE} where that overflows. */
  static long saturatedMillis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The token's {@code exp} in epoch milliseconds, or {@link Long#MAX_VALUE} beyond a long. */
  static long expiryMillis(VerifiedToken token) {
    try {
      return token.expiresAt().toEpochMilli();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Drops the entries past their time, then, if still full, arbitrary ones down to 90 % of {@code
   * maxEntries}, so that eviction runs once per tenth of the capacity rather than on every store.
   */
  static <K, V> void evict(
      Map<K, V> entries, ToLongFunction<V> untilMillis, long nowMillis, int maxEntries) {
    entries.values().removeIf(entry -> nowMillis >= untilMillis.applyAsLong(entry));
    int target = maxEntries - Math.max(1, maxEntries / 10);
    Iterator<Map.Entry<K, V>> iterator = entries.entrySet().iterator();
    while (entries.size() > target && iterator.hasNext()) {
      iterator.next();
      iterator.remove();
    }
  }
}
