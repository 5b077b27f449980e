package io.github.mcpoauthkit.adapter.undertow;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the tasks running on a delegate, so a test can see a request's thread come back. */
final class TrackingExecutor extends AbstractExecutorService {

  private final ExecutorService delegate;
  private final AtomicInteger running = new AtomicInteger();

  TrackingExecutor(ExecutorService delegate) {
    this.delegate = delegate;
  }

  int running() {
    return running.get();
  }

  @Override
  public void execute(Runnable task) {
    delegate.execute(
        () -> {
          running.incrementAndGet();
          try {
            task.run();
          } finally {
            running.decrementAndGet();
          }
        });
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return delegate.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }
}
