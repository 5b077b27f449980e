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
 * the {@code Content-Length} of complete answers. Three modes: blocking writes on a worker thread
 * ({@link #blocking}); complete answers written without blocking on the IO thread ({@link
 * #nonBlocking}); and, for a worker thread of a dispatched exchange, complete answers handed back
 * to the IO thread while event streams are written blocking ({@link #handedBack}).
 */
final class UndertowResponseChannel implements HttpResponseChannel {

  private enum Mode {
    BLOCKING,
    NON_BLOCKING,
    HANDED_BACK
  }

  private final HttpServerExchange exchange;
  private final Mode mode;

  private UndertowResponseChannel(HttpServerExchange exchange, Mode mode) {
    this.exchange = exchange;
    this.mode = mode;
  }

  /** For a worker thread, after {@code startBlocking()}. */
  static UndertowResponseChannel blocking(HttpServerExchange exchange) {
    return new UndertowResponseChannel(exchange, Mode.BLOCKING);
  }

  /** For the IO thread: complete answers only, written without blocking; no event streams. */
  static UndertowResponseChannel nonBlocking(HttpServerExchange exchange) {
    return new UndertowResponseChannel(exchange, Mode.NON_BLOCKING);
  }

  /**
   * For the task an exchange was {@linkplain HttpServerExchange#dispatch dispatched} to, not in
   * blocking mode: a complete answer is written by the IO thread once the task returns (the
   * exchange then ends on its own thread); an event stream switches the exchange to blocking mode.
   */
  static UndertowResponseChannel handedBack(HttpServerExchange exchange) {
    return new UndertowResponseChannel(exchange, Mode.HANDED_BACK);
  }

  @Override
  public void send(HttpAnswer answer) throws IOException {
    switch (mode) {
      case NON_BLOCKING -> write(answer);
      case HANDED_BACK -> exchange.dispatch(exchange.getIoThread(), () -> write(answer));
      case BLOCKING -> {
        startComplete(answer);
        try (OutputStream out = exchange.getOutputStream()) {
          out.write(answer.body());
        }
      }
    }
  }

  /** Writes a complete answer without blocking; on the IO thread. */
  private void write(HttpAnswer answer) {
    startComplete(answer);
    exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
  }

  private void startComplete(HttpAnswer answer) {
    start(answer.status(), answer.headers());
    // Undertow drops it again where no body is allowed (204, 304).
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, answer.body().length);
  }

  @Override
  public EventStreamSink openEventStream(Map<String, String> headers) throws IOException {
    switch (mode) {
      case NON_BLOCKING ->
          throw new IllegalStateException("an event stream cannot be opened on the IO thread");
      case HANDED_BACK -> exchange.startBlocking();
      case BLOCKING -> {}
    }
    start(200, headers);
    if (exchange.isHttp11()) {
      // Undertow sends an answer without a Content-Length chunked only while the connection stays
      // open; one that says Connection: close (while draining) it would end by closing, and then a
      // client cannot tell a finished stream from a cut one. Chunked always: the last chunk tells.
      exchange.getResponseHeaders().put(Headers.TRANSFER_ENCODING, Headers.CHUNKED.toString());
    }
    OutputStream out = exchange.getOutputStream();
    // Flushing now commits the status and headers, so the client knows the stream is open before
    // the first event.
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
