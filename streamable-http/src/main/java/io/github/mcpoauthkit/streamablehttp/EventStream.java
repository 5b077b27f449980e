package io.github.mcpoauthkit.streamablehttp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
   * The whole stream, when it has already ended with every event queued: a response that was ready
   * before the stream opened goes out in one write with a {@code Content-Length}, not as a chunked
   * stream of several small writes.
   *
   * @return the queued events in order, or empty while the stream is still open (or was aborted)
   */
  Optional<byte[]> completed() {
    if (!ending || aborted) {
      return Optional.empty();
    }
    List<Object> queued = new ArrayList<>(queue.size());
    queue.drainTo(queued);
    return Optional.of(concat(queued));
  }

  /**
   * Writes queued events to {@code target} until the stream ends or the client goes; sends a
   * comment when idle so that a dead connection is noticed. Events queued together are written
   * together, in one write and flush. Runs on the request's thread.
   */
  void drainTo(EventStreamSink target) {
    this.sink = target;
    List<Object> batch = new ArrayList<>();
    try {
      while (true) {
        Object next = queue.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
          if (ending && queue.isEmpty()) {
            break;
          }
          target.write(KEEP_ALIVE);
          continue;
        }
        batch.clear();
        batch.add(next);
        queue.drainTo(batch);
        boolean end = batch.contains(END);
        if (aborted) {
          break;
        }
        byte[] events = concat(batch);
        if (events.length > 0) {
          target.write(events);
        }
        if ((end || ending) && queue.isEmpty()) {
          break;
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

  /** The events among {@code items} (the end marker left out), joined. */
  private static byte[] concat(List<Object> items) {
    int length = 0;
    for (Object item : items) {
      if (item instanceof byte[] event) {
        length += event.length;
      }
    }
    byte[] joined = new byte[length];
    int at = 0;
    for (Object item : items) {
      if (item instanceof byte[] event) {
        System.arraycopy(event, 0, joined, at, event.length);
        at += event.length;
      }
    }
    return joined;
  }

  /** Whether the stream ended because the client went or stalled. */
  boolean wasAborted() {
    return aborted;
  }
}
