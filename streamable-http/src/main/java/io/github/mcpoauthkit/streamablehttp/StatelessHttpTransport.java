package io.github.mcpoauthkit.streamablehttp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * MCP Streamable HTTP without sessions, for horizontal scaling behind any load balancer: every
 * POSTed request is answered on its own (as {@code application/json}, or as one SSE event for a
 * client that accepts only event streams), notifications get 202, and GET and DELETE get 405, since
 * there is no session to stream to or end. Handlers get no exchange, so no logging, progress,
 * sampling or elicitation. Thread-safe.
 */
public final class StatelessHttpTransport extends McpEndpoint
    implements McpStatelessServerTransport {

  private static final Logger LOG = LoggerFactory.getLogger(StatelessHttpTransport.class);

  private volatile McpStatelessServerHandler handler;
  private volatile boolean closing;

  private StatelessHttpTransport() {}

  /** A stateless transport; build the MCP server on it with {@code McpServer.sync(...)}. */
  public static StatelessHttpTransport create() {
    return new StatelessHttpTransport();
  }

  @Override
  public void setMcpHandler(McpStatelessServerHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public List<String> protocolVersions() {
    return PROTOCOL_VERSIONS;
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::shutdown);
  }

  @Override
  int endListeningStreams() {
    // Without sessions there is no GET stream, and every answer ends with its request.
    return 0;
  }

  @Override
  void shutdown() {
    closing = true;
  }

  @Override
  void post(McpCall call, HttpResponseChannel out) throws IOException {
    if (closing) {
      out.send(JsonRpc.error(503, JsonRpc.SERVER_ERROR, "The server is shutting down"));
      return;
    }
    McpTransportContext context = call.context();
    JsonRpc.Parsed message = call.message();
    if (message instanceof JsonRpc.Notification notification) {
      handler
          .handleNotification(context, notification.message())
          .onErrorResume(
              e -> {
                LOG.debug(
                    "notification {} failed: {}", notification.message().method(), e.toString());
                return Mono.empty();
              })
          .block();
      out.send(new HttpAnswer(202, Map.of(), new byte[0]));
    } else if (message instanceof JsonRpc.Response response) {
      out.send(
          JsonRpc.error(
              400,
              response.message().id(),
              JsonRpc.INVALID_REQUEST,
              "A stateless server sends no requests, so it takes no responses"));
    } else if (message instanceof JsonRpc.Request request) {
      McpSchema.JSONRPCResponse result;
      try {
        result = handler.handleRequest(context, request.message()).block();
      } catch (RuntimeException e) {
        LOG.warn("request {} failed", request.message().method(), e);
        result = null;
      }
      if (result == null) {
        out.send(
            JsonRpc.error(500, request.message().id(), JsonRpc.INTERNAL_ERROR, "Internal error"));
        return;
      }
      String json = McpJson.mcpMapper().writeValueAsString(result);
      if (call.acceptsJson() || !call.acceptsEventStream()) {
        out.send(HttpAnswer.json(200, Map.of(), json));
      } else {
        EventStreamSink sink =
            out.openEventStream(
                Map.of("Content-Type", "text/event-stream", "Cache-Control", "no-cache"));
        sink.write(StreamTransport.frame(1, json));
        sink.close();
      }
    }
  }

  @Override
  void get(McpCall call, HttpResponseChannel out) throws IOException {
    out.send(methodNotAllowed());
  }

  @Override
  void delete(McpCall call, HttpResponseChannel out) throws IOException {
    out.send(methodNotAllowed());
  }

  private static HttpAnswer methodNotAllowed() {
    return StreamableHttpTransportProvider.withHeaders(
        JsonRpc.error(
            405, JsonRpc.INVALID_REQUEST, "Method Not Allowed: this server is stateless; use POST"),
        Map.of("Allow", "POST, OPTIONS"));
  }
}
