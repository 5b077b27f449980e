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
 * be forgotten. When the cache is full, the entries more than {@value #SWEEP_MARGIN_MILLIS} ms past
 * their time are swept (at most once per {@value #SWEEP_INTERVAL_MILLIS} ms, by one thread; the
 * margin covers a wall clock stepped back); if it is still full, the proof is {@link Use#FULL}: the
 * caller answers 503 rather than accept a proof it could not remember. With a window of {@code w}
 * seconds the cache holds {@code maxEntries / (w + 60)} proofs per second in steady state.
 * Thread-safe; threads storing at the same moment may take the size a few entries past {@code
 * maxEntries}.
 *
 * <p>One global bound: a client with a valid bound token can fill it with fresh proofs and have
 * every DPoP request answered 503 for a window (a per-key quota is an open point of issue 16).
 */
public final class BoundedReplayCache implements ReplayCache {

  static final long SWEEP_INTERVAL_MILLIS = 100;

  /**
   * How long after its time an entry is still kept when swept: if the wall clock is stepped back by
   * up to this much, a proof swept too early would pass the {@code iat} check again.
   */
  static final long SWEEP_MARGIN_MILLIS = 60_000;

  private record Digest(long high, long low) {}

  private final int maxEntries;
  private final ConcurrentHashMap<Digest, Long> entries = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Object sweepLock = new Object();
  private static final long NEVER = Long.MIN_VALUE;
  private volatile long lastSweepMillis = NEVER;

  /**
   * @param maxEntries the most proofs remembered at once (see above), at least 1
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
        if (entry.getValue() < nowMillis - SWEEP_MARGIN_MILLIS
            && entries.remove(entry.getKey(), entry.getValue())) {
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
