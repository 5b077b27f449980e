package io.github.mcpoauthkit.streamablehttp;

import java.io.IOException;

/**
 * An open {@code text/event-stream} response. {@link #write(byte[])} and {@link #close()} are
 * called from the request's thread only; {@link #abort()} may be called from any thread, to unblock
 * a write to a client that has stopped reading.
 */
public interface EventStreamSink {

  /**
   * Writes one or more complete SSE events and flushes them to the client.
   *
   * @throws IOException if the client has gone or the connection was aborted
   */
  void write(byte[] events) throws IOException;

  /** Ends the response normally. Never throws. */
  void close();

  /** Closes the connection at once, failing a write in progress. Never throws. */
  void abort();
}
