package io.github.mcpoauthkit.adapter.undertow;

import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.xnio.IoUtils;

/**
 * The protected MCP server as an Undertow {@link HttpHandler}: it hands every request to a {@link
 * ResourceServerHandler}, which makes all HTTP decisions, and copies its answer to the exchange.
 *
 * <p>The handler blocks (it reads the body, may fetch the issuer's keys, and holds an event stream
 * open for as long as the client listens), so requests are dispatched from the IO thread to {@code
 * executor}; only those it {@linkplain ResourceServerHandler#answersAtOnce answers at once}
 * (metadata, health, unknown paths, requests without credentials) are answered on the IO thread. A
 * body of up to {@link #MAX_BODY_READ_AHEAD} bytes is read on the IO thread first, and a complete
 * answer to it is written by the IO thread again, so that only the handling itself is dispatched.
 * That executor must not be a small fixed pool: each open event stream keeps one of its threads. It
 * sets no limits and sends no {@code 100 Continue}: {@link UndertowMcpServer} wraps it for that,
 * and an application that mounts it in its own Undertow should do the same. Thread-safe.
 */
public final class UndertowMcpHandler implements HttpHandler {

  /**
   * The largest declared body read on the IO thread before the handler runs; larger ones, and
   * bodies without a {@code Content-Length}, are streamed by the handler, which enforces its own
   * limit.
   */
  static final int MAX_BODY_READ_AHEAD = 64 * 1024;

  private final ResourceServerHandler handler;
  private final Executor executor;

  /**
   * @param handler decides every answer
   * @param executor runs the blocking work of each request, one task per request for its whole
   *     life; a task it rejects gets 503 from Undertow
   */
  public UndertowMcpHandler(ResourceServerHandler handler, Executor executor) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      UndertowRequestView request = new UndertowRequestView(exchange, Optional.empty());
      if (handler.answersAtOnce(request)) {
        // Metadata, health, 404, 401 without credentials: sent without a thread hand-off.
        answer(request, UndertowResponseChannel.nonBlocking(exchange), exchange);
        return;
      }
      long length = exchange.getRequestContentLength();
      if (length > 0 && length <= MAX_BODY_READ_AHEAD) {
        // A small body is read here without blocking, and the answer is written from this thread
        // again: only the handling runs on the executor. An exchange that ends on the IO thread
        // does not race it for the connection, which cost a spinning IO thread and milliseconds of
        // latency per request on a busy core (measured, see docs/PERFORMANCE.md).
        exchange
            .getRequestReceiver()
            .receiveFullBytes(
                (received, body) ->
                    received.dispatch(executor, dispatched -> answerWithBody(dispatched, body)),
                (received, e) -> IoUtils.safeClose(received.getConnection()));
      } else {
        // Blocking an IO thread would stall every connection it serves.
        exchange.dispatch(executor, this);
      }
      return;
    }
    exchange.startBlocking();
    answer(
        new UndertowRequestView(exchange, Optional.empty()),
        UndertowResponseChannel.blocking(exchange),
        exchange);
  }

  private void answerWithBody(HttpServerExchange exchange, byte[] body) {
    answer(
        new UndertowRequestView(exchange, Optional.of(body)),
        UndertowResponseChannel.handedBack(exchange),
        exchange);
  }

  private void answer(
      UndertowRequestView request, UndertowResponseChannel response, HttpServerExchange exchange) {
    try {
      handler.handle(request, response);
    } catch (IOException e) {
      // The client went away or its stream was aborted: there is nobody left to answer.
      IoUtils.safeClose(exchange.getConnection());
    }
  }
}
