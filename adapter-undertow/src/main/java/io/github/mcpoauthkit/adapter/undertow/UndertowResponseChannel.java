package io.github.mcpoauthkit.adapter.undertow;

import io.github.mcpoauthkit.streamablehttp.EventStreamSink;
import io.github.mcpoauthkit.streamablehttp.HttpAnswer;
import io.github.mcpoauthkit.streamablehttp.HttpResponseChannel;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.xnio.IoUtils;

/**
 * Copies what {@code ResourceServerHandler} answers onto an Undertow exchange, adding nothing but
 * the {@code Content-Length} of complete answers: with blocking writes on a worker thread, or, for
 * the complete answers given on the IO thread, without blocking.
 */
final class UndertowResponseChannel implements HttpResponseChannel {

  private final HttpServerExchange exchange;
  private final boolean blocking;

  private UndertowResponseChannel(HttpServerExchange exchange, boolean blocking) {
    this.exchange = exchange;
    this.blocking = blocking;
  }

  /** For a worker thread, after {@code startBlocking()}. */
  static UndertowResponseChannel blocking(HttpServerExchange exchange) {
    return new UndertowResponseChannel(exchange, true);
  }

  /** For the IO thread: complete answers only, written without blocking; no event streams. */
  static UndertowResponseChannel nonBlocking(HttpServerExchange exchange) {
    return new UndertowResponseChannel(exchange, false);
  }

  @Override
  public void send(HttpAnswer answer) throws IOException {
    start(answer.status(), answer.headers());
    // Undertow drops it again where no body is allowed (204, 304).
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, answer.body().length);
    if (!blocking) {
      exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
      return;
    }
    try (OutputStream out = exchange.getOutputStream()) {
      out.write(answer.body());
    }
  }

  @Override
  public EventStreamSink openEventStream(Map<String, String> headers) throws IOException {
    if (!blocking) {
      throw new IllegalStateException("an event stream cannot be opened on the IO thread");
    }
    start(200, headers);
    OutputStream out = exchange.getOutputStream();
    // Without a Content-Length Undertow sends the stream chunked; flushing now commits the status
    // and headers, so the client knows the stream is open before the first event.
    out.flush();
    return new Sink(exchange, out);
  }

  private void start(int status, Map<String, String> headers) {
    exchange.setStatusCode(status);
    for (Map.Entry<String, String> header : headers.entrySet()) {
      exchange
          .getResponseHeaders()
          .put(HttpString.tryFromString(header.getKey()), header.getValue());
    }
  }

  /** An open chunked response; {@link #abort()} closes the connection from any thread. */
  private static final class Sink implements EventStreamSink {
    private final HttpServerExchange exchange;
    private final OutputStream out;
    private volatile boolean aborted;

    Sink(HttpServerExchange exchange, OutputStream out) {
      this.exchange = exchange;
      this.out = out;
    }

    @Override
    public void write(byte[] events) throws IOException {
      if (aborted) {
        throw new IOException("the event stream was aborted");
      }
      out.write(events);
      out.flush();
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        IoUtils.safeClose(exchange.getConnection());
      }
    }

    @Override
    public void abort() {
      aborted = true;
      // Closing the socket fails a write blocked on a client that stopped reading.
      IoUtils.safeClose(exchange.getConnection());
    }
  }
}
