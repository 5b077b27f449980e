package io.github.mcpoauthkit.adapter.undertow;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the exchanges in progress, from their first handler to the last byte of their answer, so
 * that a stop can wait for them. Unlike Undertow's {@code GracefulShutdownHandler} it answers
 * nothing itself: what a request that arrives during a stop gets is the resource server handler's
 * decision. Thread-safe.
 */
final class InFlightExchanges implements HttpHandler {

  private final HttpHandler next;
  private final AtomicInteger active = new AtomicInteger();
  private final Object idle = new Object();
  private final ExchangeCompletionListener completed = this::completed;

  InFlightExchanges(HttpHandler next) {
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    active.incrementAndGet();
    exchange.addExchangeCompleteListener(completed);
    next.handleRequest(exchange);
  }

  private void completed(
      HttpServerExchange exchange, ExchangeCompletionListener.NextListener next) {
    try {
      if (active.decrementAndGet() == 0) {
        synchronized (idle) {
          idle.notifyAll();
        }
      }
    } finally {
      next.proceed();
    }
  }

  /**
   * Waits until no exchange is in progress, for at most {@code timeout}.
   *
   * @return whether none is left
   * @throws InterruptedException if interrupted while waiting
   */
  boolean awaitNone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (active.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }
}
