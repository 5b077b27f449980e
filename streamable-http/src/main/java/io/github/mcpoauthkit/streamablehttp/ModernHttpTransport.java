package io.github.mcpoauthkit.streamablehttp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.JsonRpc.JSONRPCMessage;
import io.modelcontextprotocol.modern.JsonRpc.JSONRPCRequest;
import io.modelcontextprotocol.modern.JsonRpc.JSONRPCResponse;
import io.modelcontextprotocol.modern.server.McpHeaders;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.modern.server.transport.McpHeaderDecoder;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * MCP 2026-07-28 over Streamable HTTP, beside the legacy era on the same endpoint: every request
 * stands alone, carries its protocol version in {@code _meta} and in headers, and is answered as
 * JSON or as an event stream scoped to that request. No session is made, needed or echoed; an
 * {@code Mcp-Session-Id} the client sends anyway is ignored.
 *
 * <p>Everything the revision asks of the transport is decided here, for every web server: the
 * {@code MCP-Protocol-Version}, {@code Mcp-Method}, {@code Mcp-Name} and {@code Mcp-Param-*}
 * headers against the body (400, {@code HeaderMismatch} -32020), the HTTP status of each JSON-RPC
 * error (400 for -32700, -32600, -32602, -32020, -32021, -32022; 404 for -32601), SSE or JSON per
 * request, a closed response stream cancelling the request's work, and how many {@code
 * subscriptions/listen} streams one subject may keep open. The MCP semantics (versions, {@code
 * server/discover}, capabilities, features, {@code requestState}) are the SDK server's: give it the
 * {@link McpRequestManager} built with {@code io.modelcontextprotocol.modern.server.McpServer}.
 * Thread-safe.
 */
public final class ModernHttpTransport {

  private static final Logger LOG = LoggerFactory.getLogger(ModernHttpTransport.class);

  /** The protocol versions of the stateless era this transport serves. */
  public static final List<String> PROTOCOL_VERSIONS = List.of("2026-07-28");

  static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
  static final int HEADER_MISMATCH = -32020;
  private static final String LISTEN = "subscriptions/listen";
  private static final Map<Integer, Integer> ERROR_STATUSES =
      Map.of(
          -32700, 400, -32600, 400, -32602, 400, -32020, 400, -32021, 400, -32022, 400, -32601,
          404);

  private final McpRequestManager manager;
  private final ResourceServerSettings settings;
  private final Map<SessionRegistry.Owner, Integer> listening = new ConcurrentHashMap<>();
  private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
  private final Set<EventStream> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  private ModernHttpTransport(McpRequestManager manager, ResourceServerSettings settings) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * The transport for {@code manager}, the SDK's 2026-07-28 server.
   *
   * @param manager answers each request; usually an {@code McpServer} of {@code
   *     io.modelcontextprotocol.modern.server}
   * @param settings the endpoint's settings (stream timeouts, subscription limits)
   */
  public static ModernHttpTransport create(
      McpRequestManager manager, ResourceServerSettings settings) {
    return new ModernHttpTransport(manager, settings);
  }

  /**
   * Whether a POSTed message belongs to this era: its {@code _meta} names a protocol version, or
   * its {@code MCP-Protocol-Version} header names one that is not a legacy version. Everything else
   * (an {@code initialize}, a message of a legacy session) is the legacy era's.
   */
  static boolean claims(HttpRequestView request, JsonRpc.Parsed message) {
    if (metaVersion(message).isPresent()) {
      return true;
    }
    Optional<String> header = request.header("MCP-Protocol-Version");
    return header.isPresent() && !McpEndpoint.PROTOCOL_VERSIONS.contains(header.get().trim());
  }

  private static Optional<String> metaVersion(JsonRpc.Parsed message) {
    Object params;
    if (message instanceof JsonRpc.Request request) {
      params = request.message().params();
    } else if (message instanceof JsonRpc.Notification notification) {
      params = notification.message().params();
    } else {
      return Optional.empty();
    }
    if (params instanceof Map<?, ?> map
        && map.get("_meta") instanceof Map<?, ?> meta
        && meta.get(META_PROTOCOL_VERSION) instanceof String version
        && !version.isBlank()) {
      return Optional.of(version);
    }
    return Optional.empty();
  }

  /** The outcome of {@link #check}: a request to serve, or the answer that refuses it. */
  sealed interface Checked {}

  /** The request's headers and body agree; {@code toolName} is set for {@code tools/call}. */
  record Valid(McpCall call, JSONRPCRequest request, McpHeaders headers, Optional<String> toolName)
      implements Checked {}

  /** Answered without reaching the MCP server. */
  record Answered(HttpAnswer answer) implements Checked {}

  /**
   * Checks a POST of this era before anything runs: the headers against the body. A notification or
   * a response is answered here, since the stateless server takes neither.
   */
  Checked check(McpCall call) {
    JsonRpc.Parsed message = call.message();
    if (message instanceof JsonRpc.Notification) {
      // No 2026-07-28 notification from a client changes anything on a stateless server.
      return new Answered(new HttpAnswer(202, Map.of(), new byte[0]));
    }
    if (message instanceof JsonRpc.Response response) {
      return new Answered(
          JsonRpc.error(
              400,
              response.message().id(),
              JsonRpc.INVALID_REQUEST,
              "MCP 2026-07-28 has no server-to-client requests, so a client sends no responses;"
                  + " answer input requests in the retried request's inputResponses"));
    }
    JsonRpc.Request request = (JsonRpc.Request) message;
    String method = request.message().method();
    Object id = request.message().id();
    HttpRequestView http = call.request();
    Optional<String> mismatch = headerMismatch(http, request, metaVersion(message));
    if (mismatch.isPresent()) {
      return new Answered(JsonRpc.error(400, id, HEADER_MISMATCH, mismatch.get()));
    }
    McpHeaders headers = McpHeaderDecoder.headers(accessor(http));
    Optional<String> toolName =
        method.equals("tools/call") ? stringParam(request, "name") : Optional.empty();
    return new Valid(
        call, new JSONRPCRequest("2.0", method, id, request.message().params()), headers, toolName);
  }

  private static Optional<String> headerMismatch(
      HttpRequestView http, JsonRpc.Request request, Optional<String> metaVersion) {
    List<String> versions = http.headers("MCP-Protocol-Version");
    if (versions.isEmpty()) {
      return Optional.of("Missing required header: MCP-Protocol-Version");
    }
    if (versions.size() > 1) {
      return Optional.of("MCP-Protocol-Version header has more than one value");
    }
    // Without a version in _meta the server answers -32602, naming what _meta lacks.
    if (metaVersion.isPresent() && !versions.get(0).trim().equals(metaVersion.get())) {
      return Optional.of(
          "MCP-Protocol-Version header '"
              + HttpHeaderValues.printable(versions.get(0))
              + "' does not match _meta protocol version '"
              + HttpHeaderValues.printable(metaVersion.get())
              + "'");
    }
    String method = request.message().method();
    List<String> methods = http.headers("Mcp-Method");
    if (methods.isEmpty()) {
      return Optional.of("Missing required header: Mcp-Method");
    }
    if (methods.size() > 1) {
      return Optional.of("Mcp-Method header has more than one value");
    }
    if (!methods.get(0).trim().equals(method)) {
      return Optional.of(
          "Mcp-Method header '"
              + HttpHeaderValues.printable(methods.get(0))
              + "' does not match the request method '"
              + HttpHeaderValues.printable(method)
              + "'");
    }
    String nameKey =
        switch (method) {
          case "tools/call", "prompts/get" -> "name";
          case "resources/read" -> "uri";
          default -> null;
        };
    Optional<String> expected = nameKey == null ? Optional.empty() : stringParam(request, nameKey);
    if (expected.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = http.headers("Mcp-Name");
    if (names.isEmpty()) {
      return Optional.of("Missing required header: Mcp-Name");
    }
    if (names.size() > 1) {
      return Optional.of("Mcp-Name header has more than one value");
    }
    String decoded = McpHeaderDecoder.decodeValue(names.get(0).trim());
    if (decoded == null) {
      return Optional.of(
          "Mcp-Name header is malformed: send visible ASCII, or =?base64?{Base64 of UTF-8}?=");
    }
    if (!decoded.equals(expected.get())) {
      return Optional.of("Mcp-Name header does not match the request's params." + nameKey);
    }
    return Optional.empty();
  }

  private static Optional<String> stringParam(JsonRpc.Request request, String key) {
    return request.message().params() instanceof Map<?, ?> params
            && params.get(key) instanceof String value
        ? Optional.of(value)
        : Optional.empty();
  }

  private static HeaderAccessor accessor(HttpRequestView request) {
    return new HeaderAccessor() {
      @Override
      public List<String> getHeader(String name) {
        return request.headers(name);
      }

      @Override
      public List<String> getHeaderNames() {
        return request.headerNames();
      }
    };
  }

  /** Serves a checked request: blocks until its answer, or its event stream, is complete. */
  void serve(Valid valid, HttpResponseChannel out) throws IOException {
    if (closing) {
      out.send(
          JsonRpc.error(503, valid.request().id(), JsonRpc.SERVER_ERROR, "The server is stopping"));
      return;
    }
    McpCall call = valid.call();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(AuthenticatedPrincipal.CONTEXT_KEY, call.principal());
    values.put(McpHeaders.TRANSPORT_CONTEXT_KEY, valid.headers());
    McpTransportContext context = McpTransportContext.create(values);
    JSONRPCRequest request = valid.request();
    if (request.method().equals(LISTEN)) {
      listen(call, context, request, out);
      return;
    }
    McpTransportResponse response;
    try {
      response = manager.handleBlocking(context, request).block();
    } catch (RuntimeException e) {
      LOG.warn("request {} failed", request.method(), e);
      response = null;
    }
    if (response == null) {
      out.send(JsonRpc.error(500, request.id(), JsonRpc.INTERNAL_ERROR, "Internal error"));
    } else if (response instanceof McpTransportResponse.Result result) {
      out.send(HttpAnswer.json(200, Map.of(), json(result.response())));
    } else if (response instanceof McpTransportResponse.Error error) {
      out.send(errorAnswer(error.response()));
    } else {
      Flux<JSONRPCMessage> messages = ((McpTransportResponse.Streaming) response).messages();
      if (call.acceptsEventStream()) {
        stream(messages, out, open);
      } else {
        // A client that takes JSON only gets the outcome without the notifications before it.
        JSONRPCMessage last = messages.filter(JSONRPCResponse.class::isInstance).blockLast();
        JSONRPCResponse outcome = (JSONRPCResponse) last;
        if (outcome == null) {
          out.send(JsonRpc.error(500, request.id(), JsonRpc.INTERNAL_ERROR, "Internal error"));
        } else {
          out.send(
              outcome.error() != null
                  ? errorAnswer(outcome)
                  : HttpAnswer.json(200, Map.of(), json(outcome)));
        }
      }
    }
  }

  private void listen(
      McpCall call, McpTransportContext context, JSONRPCRequest request, HttpResponseChannel out)
      throws IOException {
    if (!call.acceptsEventStream()) {
      out.send(
          JsonRpc.error(
              406,
              request.id(),
              JsonRpc.INVALID_REQUEST,
              "Not Acceptable: subscriptions/listen answers with text/event-stream"));
      return;
    }
    SessionRegistry.Owner owner = SessionRegistry.Owner.of(call.principal());
    int limit = settings.maxSubscriptionsPerSubject();
    boolean[] admitted = new boolean[1];
    listening.compute(
        owner,
        (key, held) -> {
          int count = held == null ? 0 : held;
          if (count >= limit) {
            return held;
          }
          admitted[0] = true;
          return count + 1;
        });
    if (!admitted[0]) {
      out.send(
          JsonRpc.error(
              429,
              request.id(),
              JsonRpc.SERVER_ERROR,
              "Too many open subscriptions/listen streams for this subject: the limit is "
                  + limit
                  + "; close one first"));
      return;
    }
    try {
      McpTransportResponse response = manager.handle(context, request).block();
      if (response instanceof McpTransportResponse.Streaming streaming) {
        stream(streaming.messages(), out, subscriptions);
      } else if (response instanceof McpTransportResponse.Error error) {
        out.send(errorAnswer(error.response()));
      } else if (response instanceof McpTransportResponse.Result result) {
        out.send(HttpAnswer.json(200, Map.of(), json(result.response())));
      } else {
        out.send(JsonRpc.error(500, request.id(), JsonRpc.INTERNAL_ERROR, "Internal error"));
      }
    } finally {
      listening.computeIfPresent(owner, (key, held) -> held <= 1 ? null : held - 1);
    }
  }

  /**
   * Writes the messages as an event stream until they end or the client goes; when the client goes
   * first, the subscription is disposed, which cancels the request's work.
   *
   * @param registry where the stream is kept while open: a request's, or a subscription's
   */
  private void stream(
      Flux<JSONRPCMessage> messages, HttpResponseChannel out, Set<EventStream> registry)
      throws IOException {
    EventStream events =
        new EventStream(settings.streamWriteTimeout(), settings.keepAliveInterval());
    registry.add(events);
    Disposable work =
        messages
            .subscribeOn(Schedulers.boundedElastic())
            .subscribe(
                message -> {
                  if (!events.offer(frame(message))) {
                    throw new IllegalStateException("the response stream has ended");
                  }
                },
                error -> {
                  LOG.debug("response stream ended early: {}", error.toString());
                  events.end();
                },
                events::end);
    try {
      EventStreamSink sink =
          out.openEventStream(
              Map.of(
                  "Content-Type", "text/event-stream",
                  "Cache-Control", "no-cache, no-transform",
                  "X-Accel-Buffering", "no"));
      events.drainTo(sink);
      sink.close();
    } finally {
      registry.remove(events);
      work.dispose();
    }
  }

  private static final byte[] EVENT_PREFIX =
      "event: message\ndata: ".getBytes(StandardCharsets.US_ASCII);

  private static byte[] frame(JSONRPCMessage message) {
    // JSON escapes every line break inside strings, so the document is one data line.
    byte[] json = json(message);
    byte[] event = new byte[EVENT_PREFIX.length + json.length + 2];
    System.arraycopy(EVENT_PREFIX, 0, event, 0, EVENT_PREFIX.length);
    System.arraycopy(json, 0, event, EVENT_PREFIX.length, json.length);
    event[event.length - 2] = '\n';
    event[event.length - 1] = '\n';
    return event;
  }

  // Bytes straight from the mapper: a String in between would be built and encoded again.
  private static byte[] json(Object message) {
    try {
      return McpJson.objectMapper().writeValueAsBytes(message);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize an MCP message", e);
    }
  }

  private static HttpAnswer errorAnswer(JSONRPCResponse response) {
    Integer code = response.error() == null ? null : response.error().code();
    int status = code == null ? 200 : ERROR_STATUSES.getOrDefault(code, 200);
    return HttpAnswer.json(status, Map.of(), json(response));
  }

  /** Event streams of this era open now: streamed answers and subscriptions. */
  int openStreams() {
    return open.size();
  }

  /** {@code subscriptions/listen} streams open now, over all subjects. */
  int openSubscriptions() {
    int held = 0;
    for (int count : listening.values()) {
      held += count;
    }
    return held;
  }

  /**
   * Ends, cleanly, every open {@code subscriptions/listen} stream, which only listens; the streams
   * of requests in progress go on.
   *
   * @return how many were ended
   */
  int endListeningStreams() {
    int ended = 0;
    for (EventStream stream : List.copyOf(subscriptions)) {
      if (stream.isOpen()) {
        stream.end();
        ended++;
      }
    }
    return ended;
  }

  /** Ends every open stream, and the server's subscriptions; new requests get 503. */
  void shutdown() {
    closing = true;
    if (manager instanceof McpServer server) {
      server.closeGracefully();
    }
    open.forEach(EventStream::end);
    subscriptions.forEach(EventStream::end);
  }
}
