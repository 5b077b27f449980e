package io.github.mcpoauthkit.streamablehttp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one SSE response, handed from the threads that produce them (the MCP SDK's) to the
 * request's thread, which alone writes to the connection. The queue is bounded: a client that stops
 * reading fills it, and a producer that cannot add an event within the write timeout aborts the
 * stream instead of piling up memory. Thread-safe.
 */
final class EventStream {

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final Object END = new Object();

  /**
   * An SSE comment: clients ignore it, but writing it proves the connection and commits headers.
   */
  static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

  private static final int CAPACITY = 256;

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final Duration writeTimeout;
  private final Duration keepAlive;
  private volatile boolean ending;
  private volatile boolean aborted;
  private volatile EventStreamSink sink;

  EventStream(Duration writeTimeout, Duration keepAlive) {
    this.writeTimeout = writeTimeout;
    this.keepAlive = keepAlive;
  }

  /**
   * Queues one complete SSE event.
   *
   * @return false if the stream has ended, or the client has not read for the write timeout (the
   *     stream is then aborted)
   */
  boolean offer(byte[] event) {
    if (ending || aborted) {
      return false;
    }
    try {
      if (queue.offer(event, writeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.debug("event stream stalled for {}; aborting it", writeTimeout);
    abort();
    return false;
  }

  /** Ends the stream once the queued events are written. */
  void end() {
    ending = true;
    queue.offer(END);
  }

  /** Ends the stream at once, dropping queued events and breaking a blocked write. */
  void abort() {
    aborted = true;
    ending = true;
    queue.clear();
    queue.offer(END);
    EventStreamSink current = sink;
    if (current != null) {
      current.abort();
    }
  }

  boolean isOpen() {
    return !ending && !aborted;
  }

  /**
   * Writes queued events to {@code target} until the stream ends or the client goes; sends a
   * comment when idle so that a dead connection is noticed. Runs on the request's thread.
   */
  void drainTo(EventStreamSink target) {
    this.sink = target;
    try {
      while (true) {
        Object next = queue.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
          if (ending && queue.isEmpty()) {
            break;
          }
          target.write(KEEP_ALIVE);
        } else if (next == END) {
          if (aborted || queue.isEmpty()) {
            break;
          }
        } else {
          target.write((byte[]) next);
          if (ending && queue.isEmpty()) {
            break;
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("client went away from an event stream: {}", e.toString());
      aborted = true;
      ending = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      aborted = true;
    } finally {
      if (aborted) {
        target.abort();
      } else {
        target.close();
      }
    }
  }

  /** Whether the stream ended because the client went or stalled. */
  boolean wasAborted() {
    return aborted;
  }
}
