package io.github.mcpoauthkit.streamablehttp;

import java.io.IOException;
import java.util.Map;

/**
 * Where {@link ResourceServerHandler} writes its answer: the adapter's only job on the way out.
 * Each request gets one channel, and the handler uses exactly one of its two methods, once, from
 * the request's thread.
 */
public interface HttpResponseChannel {

  /**
   * Sends a complete answer: status, headers and body, with a {@code Content-Length}.
   *
   * @throws IOException if the client has gone
   */
  void send(HttpAnswer answer) throws IOException;

  /**
   * Starts a {@code 200 text/event-stream} response with these headers (the content type is among
   * them) and returns the stream to write events to.
   *
   * @throws IOException if the client has gone
   */
  EventStreamSink openEventStream(Map<String, String> headers) throws IOException;
}
