package io.github.mcpoauthkit.application;

import io.github.mcpoauthkit.port.driven.ReplayCache;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ReplayCache} in this process's memory, of at most {@code maxEntries} proofs.
 *
 * <p>An entry is a 16-byte digest (two {@code long}s) and the epoch millisecond after which it may
 * be forgotten. When the cache is full, the entries past their time are swept (at most once per
 * {@value #SWEEP_INTERVAL_MILLIS} ms, by one thread); if it is still full, the proof is {@link
 * Use#FULL}: the caller answers 503 rather than accept a proof it could not remember. With a window
 * of {@code w} seconds the cache holds {@code maxEntries / w} proofs per second in steady state.
 * Thread-safe.
 */
public final class BoundedReplayCache implements ReplayCache {

  static final long SWEEP_INTERVAL_MILLIS = 100;

  private record Digest(long high, long low) {}

  private final int maxEntries;
  private final ConcurrentHashMap<Digest, Long> entries = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Object sweepLock = new Object();
  private static final long NEVER = Long.MIN_VALUE;
  private volatile long lastSweepMillis = NEVER;

  /**
   * @param maxEntries the most proofs remembered at once, at least 1
   * @throws IllegalArgumentException if {@code maxEntries} is below 1
   */
  public BoundedReplayCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    this.maxEntries = maxEntries;
  }

  @Override
  public Use markUsed(byte[] digest, Instant until, Instant now) {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(now, "now");
    if (digest.length != 16) {
      throw new IllegalArgumentException("a proof digest is 16 bytes");
    }
    ByteBuffer bytes = ByteBuffer.wrap(digest);
    Digest key = new Digest(bytes.getLong(), bytes.getLong());
    long nowMillis = now.toEpochMilli();
    Long seen = entries.get(key);
    if (seen != null && seen >= nowMillis) {
      return Use.REPLAYED;
    }
    if (size.get() >= maxEntries) {
      sweep(nowMillis);
      if (size.get() >= maxEntries) {
        return Use.FULL;
      }
    }
    long untilMillis = until.toEpochMilli();
    Long previous = entries.put(key, untilMillis);
    if (previous == null) {
      size.incrementAndGet();
      return Use.FIRST;
    }
    // Another thread stored it first (a replay racing the original), or an expired entry is
    // reused.
    return previous >= nowMillis ? Use.REPLAYED : Use.FIRST;
  }

  /** Drops the entries past their time; one thread at a time, not more often than the interval. */
  private void sweep(long nowMillis) {
    if (sweptRecently(nowMillis)) {
      return;
    }
    synchronized (sweepLock) {
      if (sweptRecently(nowMillis)) {
        return;
      }
      lastSweepMillis = nowMillis;
      for (var entry : entries.entrySet()) {
        if (entry.getValue() < nowMillis && entries.remove(entry.getKey(), entry.getValue())) {
          size.decrementAndGet();
        }
      }
    }
  }

  private boolean sweptRecently(long nowMillis) {
    long last = lastSweepMillis;
    return last != NEVER && nowMillis - last < SWEEP_INTERVAL_MILLIS;
  }

  @Override
  public int size() {
    return size.get();
  }
}
