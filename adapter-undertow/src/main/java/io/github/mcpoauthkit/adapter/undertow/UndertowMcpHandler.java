package io.github.mcpoauthkit.adapter.undertow;

import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.xnio.IoUtils;

/**
 * The protected MCP server as an Undertow {@link HttpHandler}: it hands every request to a {@link
 * ResourceServerHandler}, which makes all HTTP decisions, and copies its answer to the exchange.
 *
 * <p>The handler blocks (it reads the body, may fetch the issuer's keys, and holds an event stream
 * open for as long as the client listens), so requests are dispatched from the IO thread to {@code
 * executor}; only those it {@linkplain ResourceServerHandler#answersAtOnce answers at once}
 * (metadata, health, unknown paths, requests without credentials) are answered on the IO thread.
 * That executor must not be a small fixed pool: each open event stream keeps one of its threads. It
 * sets no limits and sends no {@code 100 Continue}: {@link UndertowMcpServer} wraps it for that,
 * and an application that mounts it in its own Undertow should do the same. Thread-safe.
 */
public final class UndertowMcpHandler implements HttpHandler {

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
    UndertowRequestView request = new UndertowRequestView(exchange);
    if (exchange.isInIoThread()) {
      if (handler.answersAtOnce(request)) {
        // Metadata, health, 404, 401 without credentials: sent without a thread hand-off.
        answer(request, UndertowResponseChannel.nonBlocking(exchange), exchange);
      } else {
        // Blocking an IO thread would stall every connection it serves.
        exchange.dispatch(executor, this);
      }
      return;
    }
    exchange.startBlocking();
    answer(request, UndertowResponseChannel.blocking(exchange), exchange);
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
