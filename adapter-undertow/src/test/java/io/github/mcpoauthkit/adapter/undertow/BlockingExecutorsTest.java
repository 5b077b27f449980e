package io.github.mcpoauthkit.adapter.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BlockingExecutorsTest {

  private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
    if (Runtime.version().feature() < 21) {
      return false;
    }
    return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
  }

  @Test
  void requests_run_on_virtual_threads_from_java_21_and_on_platform_threads_before()
      throws Exception {
    ExecutorService executor = BlockingExecutors.create();
    try {
      Thread thread = executor.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);

      assertThat(isVirtual(thread)).isEqualTo(Runtime.version().feature() >= 21);
      assertThat(BlockingExecutors.virtualThreadPerTask())
          .as("virtual threads available")
          .matches(found -> found.isPresent() == (Runtime.version().feature() >= 21));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void many_blocked_requests_do_not_starve_the_next_one() throws Exception {
    ExecutorService executor = BlockingExecutors.create();
    CountDownLatch release = new CountDownLatch(1);
    try {
      for (int i = 0; i < 200; i++) {
        executor.execute(
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }

      Future<String> next = executor.submit(() -> "served");

      assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("served");
    } finally {
      release.countDown();
      executor.shutdownNow();
    }
  }

  @Test
  void the_java_17_pool_grows_to_its_bound_then_rejects_instead_of_queueing() throws Exception {
    ExecutorService pool = BlockingExecutors.boundedCachedPool(3);
    CountDownLatch started = new CountDownLatch(3);
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> workers = new CopyOnWriteArrayList<>();
    try {
      // Only tasks that block until the end: a task that had finished would leave a worker that
      // may or may not be waiting for the next one yet (it had not, once, and the third task was
      // refused), so the pool's size would depend on timing.
      for (int i = 0; i < 3; i++) {
        pool.execute(
            () -> {
              workers.add(Thread.currentThread());
              started.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

      assertThat(workers).hasSize(3).doesNotHaveDuplicates();
      assertThat(workers).allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
      assertThat(workers)
          .allSatisfy(thread -> assertThat(thread.getName()).startsWith("mcp-undertow-"));
      assertThatThrownBy(() -> pool.execute(() -> {}))
          .isInstanceOf(RejectedExecutionException.class);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
