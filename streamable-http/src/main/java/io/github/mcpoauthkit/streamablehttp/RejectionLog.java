package io.github.mcpoauthkit.streamablehttp;

import io.github.mcpoauthkit.domain.token.Rejection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused requests by their stable code, never the token, at most {@code perSecond} lines a
 * second: a flood of bad tokens costs a few lines and a count of what was left out, not the disk.
 * Thread-safe.
 */
final class RejectionLog {

  private static final Logger LOG = LoggerFactory.getLogger("io.github.mcpoauthkit.rejections");

  private final int perSecond;
  private final LongSupplier nanoClock;
  private final AtomicLong windowStart = new AtomicLong();
  private final AtomicLong inWindow = new AtomicLong();
  private final AtomicLong suppressed = new AtomicLong();

  RejectionLog(int perSecond, LongSupplier nanoClock) {
    this.perSecond = perSecond;
    this.nanoClock = nanoClock;
    this.windowStart.set(nanoClock.getAsLong());
  }

  void rejected(Rejection rejection, String method, String path) {
    if (LOG.isInfoEnabled() && admit()) {
      LOG.info(
          "rejected {} {}: {} ({})", method, path, rejection.code().code(), rejection.httpStatus());
    }
  }

  void undecided(String method, String path) {
    if (admit()) {
      LOG.warn("could not authenticate {} {}: the issuer's keys are unavailable", method, path);
    }
  }

  boolean admit() {
    long now = nanoClock.getAsLong();
    long start = windowStart.get();
    if (now - start >= 1_000_000_000L && windowStart.compareAndSet(start, now)) {
      inWindow.set(0);
      long dropped = suppressed.getAndSet(0);
      if (dropped > 0) {
        LOG.info("{} more refused requests were not logged", dropped);
      }
    }
    if (inWindow.incrementAndGet() <= perSecond) {
      return true;
    }
    suppressed.incrementAndGet();
    return false;
  }
}
