package io.github.mcpoauthkit.contract;

import java.time.Duration;

/**
 * What {@link McpModernHttpContract} needs beyond {@link McpHttpFixture}: a hand on the clock by
 * which sealed {@code requestState} expires, and a view of the work a closed stream cancelled.
 */
public interface McpModernHttpFixture extends McpHttpFixture {

  /** Moves the clock by which the server's sealed {@code requestState} expires. */
  void advanceRequestStateClock(Duration duration);

  /** How many {@code stall} calls were interrupted because their response stream closed. */
  long cancelledModernCalls();

  /** Waits until a {@code stall} call has started; whether one did within {@code timeout}. */
  boolean awaitModernStall(Duration timeout) throws InterruptedException;

  /** The most {@code subscriptions/listen} streams one subject may keep open. */
  int maxSubscriptionsPerSubject();
}
