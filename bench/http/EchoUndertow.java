import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The floor of the HTTP benchmark (bench/http/run.sh) on Undertow: one handler that answers POST
 * /mcp with 200 and the request body as application/json (anything else: 404 or 405).
 *
 * <pre>java -cp "app/target/lib/*" bench/http/EchoUndertow.java [port] [io|worker|virtual] [host]</pre>
 *
 * Modes:
 *
 * <ul>
 *   <li>{@code io} (default): Undertow's typical non-blocking handler; the body is received and the
 *       answer sent on the IO thread ({@code receiveFullBytes}, {@code getResponseSender().send}).
 *   <li>{@code worker}: dispatched to Undertow's own worker pool, blocking streams.
 *   <li>{@code virtual}: dispatched to a virtual thread per request, blocking streams, as the kit's
 *       UndertowMcpHandler does.
 * </ul>
 *
 * Prints "echo ready undertow PORT MODE" once it listens; stop it with SIGTERM.
 */
public final class EchoUndertow {

  private EchoUndertow() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    String mode = args.length > 1 ? args[1] : "io";
    String host = args.length > 2 ? args[2] : "127.0.0.1";
    HttpHandler echo =
        switch (mode) {
          case "io" -> EchoUndertow::echoNonBlocking;
          case "worker" -> new Blocking(null);
          case "virtual" -> new Blocking(Executors.newVirtualThreadPerTaskExecutor());
          default -> throw new IllegalArgumentException("mode must be io, worker or virtual: " + mode);
        };
    Undertow server =
        Undertow.builder()
            .addHttpListener(port, host)
            .setHandler(
                exchange -> {
                  if (!exchange.getRequestPath().equals("/mcp")) {
                    exchange.setStatusCode(StatusCodes.NOT_FOUND).endExchange();
                  } else if (!exchange.getRequestMethod().equals(Methods.POST)) {
                    exchange.setStatusCode(StatusCodes.METHOD_NOT_ALLOWED).endExchange();
                  } else {
                    echo.handleRequest(exchange);
                  }
                })
            .build();
    server.start();
    int bound = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    System.out.println("echo ready undertow " + bound + " " + mode);
  }

  private static void echoNonBlocking(HttpServerExchange exchange) {
    exchange
        .getRequestReceiver()
        .receiveFullBytes(
            (ex, body) -> {
              ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
              ex.getResponseSender().send(ByteBuffer.wrap(body));
            });
  }

  /** Reads and writes with blocking streams off the IO thread; {@code executor} null: Undertow's workers. */
  private record Blocking(Executor executor) implements HttpHandler {
    @Override
    public void handleRequest(HttpServerExchange exchange) throws IOException {
      if (exchange.isInIoThread()) {
        if (executor == null) {
          exchange.dispatch(this);
        } else {
          exchange.dispatch(executor, this);
        }
        return;
      }
      exchange.startBlocking();
      byte[] body = exchange.getInputStream().readAllBytes();
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
      exchange.getOutputStream().write(body);
      exchange.endExchange();
    }
  }
}
