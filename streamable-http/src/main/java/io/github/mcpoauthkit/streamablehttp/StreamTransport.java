package io.github.mcpoauthkit.streamablehttp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The SDK's view of one HTTP response: the stream of a POSTed request or the session's GET stream.
 *
 * <p>In event-stream mode every message becomes an SSE event with an id unique in the session and
 * is queued for the request's thread to write. In JSON mode (a client whose {@code Accept} does not
 * allow {@code text/event-stream}) only the response to the request is kept, to be sent as {@code
 * application/json}; notifications cannot travel in such a response and are dropped. Thread-safe.
 */
final class StreamTransport implements McpStreamableServerTransport {

  private static final Logger LOG = LoggerFactory.getLogger(StreamTransport.class);

  private final EventStream events;
  private final LongSupplier eventIds;
  private final CompletableFuture<String> jsonResponse;

  private StreamTransport(
      EventStream events, LongSupplier eventIds, CompletableFuture<String> jsonResponse) {
    this.events = events;
    this.eventIds = eventIds;
    this.jsonResponse = jsonResponse;
  }

  static StreamTransport eventStream(EventStream events, LongSupplier eventIds) {
    return new StreamTransport(events, eventIds, null);
  }

  static StreamTransport json() {
    return new StreamTransport(null, null, new CompletableFuture<>());
  }

  /** Completes with the response's JSON, or {@code null} if the stream closed without one. */
  CompletableFuture<String> jsonResponse() {
    return jsonResponse;
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return sendMessage(message, null);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
    return Mono.fromRunnable(() -> send(message));
  }

  private void send(McpSchema.JSONRPCMessage message) {
    String json;
    try {
      json = McpJson.mcpMapper().writeValueAsString(message);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize an MCP message", e);
    }
    if (jsonResponse != null) {
      if (message instanceof McpSchema.JSONRPCResponse) {
        jsonResponse.complete(json);
      } else {
        LOG.debug(
            "dropping a {} that a JSON response cannot carry", message.getClass().getSimpleName());
      }
      return;
    }
    if (!events.offer(frame(eventIds.getAsLong(), json))) {
      if (message instanceof McpSchema.JSONRPCResponse) {
        // The client is gone and nobody waits for this answer. An error here would reach a
        // subscription that the request has already disposed, and Reactor would log it as an
        // ERROR with a stack trace on every client that leaves during a call.
        LOG.debug("dropping a response: its event stream has ended");
        return;
      }
      throw new IllegalStateException("the event stream is closed");
    }
  }

  static byte[] frame(long id, String json) {
    StringBuilder event = new StringBuilder(json.length() + 32);
    event.append("id: ").append(id).append("\nevent: message\ndata: ").append(json).append("\n\n");
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The priming event of MCP 2025-11-25: an id and empty data, so a client can resume from it. */
  static byte[] priming(long id) {
    return ("id: " + id + "\ndata: \n\n").getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return McpJson.mcpMapper().convertValue(data, typeRef);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  @Override
  public void close() {
    if (jsonResponse != null) {
      jsonResponse.complete(null);
    } else {
      events.end();
    }
  }
}
