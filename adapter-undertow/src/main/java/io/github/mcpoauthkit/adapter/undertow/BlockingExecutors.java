package io.github.mcpoauthkit.adapter.undertow;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor that MCP requests run on once off the IO thread. An event stream holds its thread
 * for as long as the client listens, so a small fixed pool would run dry after a few open streams:
 * on Java 21+ every request gets a virtual thread; on Java 17 a cached pool of platform threads
 * grows to {@link #MAX_PLATFORM_THREADS} and refuses beyond that (Undertow then answers 503).
 */
final class BlockingExecutors {

  /**
   * The most requests (open event streams included) served at once on Java 17. A platform thread
   * reserves its stack (about 1 MiB by default), so this bounds that memory at about 1 GiB of
   * address space, most of it never touched.
   */
  static final int MAX_PLATFORM_THREADS = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(BlockingExecutors.class);

  private BlockingExecutors() {}

  /** Virtual threads where the JDK has them, else {@link #boundedCachedPool(int)}. */
  static ExecutorService create() {
    return virtualThreadPerTask().orElseGet(() -> boundedCachedPool(MAX_PLATFORM_THREADS));
  }

  /**
   * {@code Executors.newVirtualThreadPerTaskExecutor()}, looked up reflectively because this module
   * compiles for Java 17; empty where it is missing (17) or still a preview feature (19, 20).
   */
  static Optional<ExecutorService> virtualThreadPerTask() {
    Method factory;
    try {
      factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
    try {
      return Optional.of((ExecutorService) factory.invoke(null));
    } catch (InvocationTargetException e) {
      LOG.debug("virtual threads are unavailable: {}", e.getCause().toString());
      return Optional.empty();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Executors.newVirtualThreadPerTaskExecutor is public", e);
    }
  }

  /**
   * Platform daemon threads, created on demand and kept 60 s when idle, at most {@code maxThreads}
   * at once; a task beyond that is rejected rather than queued, since a queued request could wait
   * behind event streams that never end.
   */
  static ExecutorService boundedCachedPool(int maxThreads) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        runnable -> {
          Thread thread = new Thread(runnable, "mcp-undertow-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    return new ThreadPoolExecutor(
        0, maxThreads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
  }
}
