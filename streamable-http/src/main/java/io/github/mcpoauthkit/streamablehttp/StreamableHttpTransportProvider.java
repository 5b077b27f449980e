package io.github.mcpoauthkit.streamablehttp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * MCP Streamable HTTP with sessions, as an SDK transport provider that no web server knows about:
 * the web adapters hand requests to {@link ResourceServerHandler}, which calls this provider.
 *
 * <p>A POSTed request is answered as an SSE stream when the client's {@code Accept} allows it (the
 * response, and any logging, progress, sampling or elicitation of its handler, travel on it), as
 * {@code application/json} otherwise. Notifications and responses get 202. GET opens the session's
 * server-to-client stream; DELETE ends the session. Sessions are bound to the token's issuer and
 * subject, bounded, and swept when idle. Event ids are unique per session; streams of clients on
 * MCP 2025-11-25 start with a priming event. The SDK keeps no past events, so {@code Last-Event-ID}
 * resumes nothing. Thread-safe.
 */
public final class StreamableHttpTransportProvider extends McpEndpoint
    implements McpStreamableServerTransportProvider {

  private static final Logger LOG = LoggerFactory.getLogger(StreamableHttpTransportProvider.class);
  private static final TypeRef<McpSchema.InitializeRequest> INITIALIZE_REQUEST = new TypeRef<>() {};

  private final ResourceServerSettings settings;
  private final SessionRegistry sessions;
  private final ScheduledExecutorService sweeper;
  private final Set<EventStream> listeningStreams = ConcurrentHashMap.newKeySet();
  private volatile McpStreamableServerSession.Factory sessionFactory;
  private volatile boolean closing;

  private StreamableHttpTransportProvider(ResourceServerSettings settings) {
    this.settings = settings;
    this.sessions =
        new SessionRegistry(
            settings.maxSessions(),
            settings.maxSessionsPerSubject(),
            settings.sessionIdleTimeout(),
            System::nanoTime);
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "mcp-session-sweeper");
              thread.setDaemon(true);
              return thread;
            });
    long period = Math.max(1, Math.min(60, settings.sessionIdleTimeout().toSeconds() / 2));
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.SECONDS);
  }

  /** A provider with these settings; build the MCP server on it. */
  public static StreamableHttpTransportProvider create(ResourceServerSettings settings) {
    return new StreamableHttpTransportProvider(Objects.requireNonNull(settings, "settings"));
  }

  private void sweep() {
    try {
      int closed = sessions.sweep();
      if (closed > 0) {
        LOG.debug("closed {} idle MCP sessions", closed);
      }
    } catch (RuntimeException e) {
      LOG.warn("sweeping idle MCP sessions failed", e);
    }
  }

  /** How many sessions are open. */
  @Override
  public int openSessions() {
    return sessions.size();
  }

  @Override
  int openStreams() {
    return sessions.openStreams();
  }

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
    this.sessionFactory = sessionFactory;
  }

  @Override
  public List<String> protocolVersions() {
    return PROTOCOL_VERSIONS;
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return Flux.fromIterable(List.copyOf(sessions.all()))
        .flatMap(
            entry ->
                entry
                    .session
                    .sendNotification(method, params)
                    .onErrorResume(
                        e -> {
                          LOG.debug(
                              "session {} missed {}: {}",
                              entry.session.getId(),
                              method,
                              e.toString());
                          return Mono.empty();
                        }))
        .then();
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return sessions
        .find(sessionId)
        .map(entry -> entry.session.sendNotification(method, params))
        .orElseGet(Mono::empty);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::shutdown);
  }

  @Override
  int endListeningStreams() {
    int ended = 0;
    for (EventStream stream : List.copyOf(listeningStreams)) {
      if (stream.isOpen()) {
        stream.end();
        ended++;
      }
    }
    return ended;
  }

  @Override
  void shutdown() {
    closing = true;
    sweeper.shutdownNow();
    sessions.closeAll();
  }

  @Override
  void post(McpCall call, HttpResponseChannel out) throws IOException {
    if (closing) {
      out.send(JsonRpc.error(503, JsonRpc.SERVER_ERROR, "The server is shutting down"));
      return;
    }
    JsonRpc.Parsed message = call.message();
    if (message instanceof JsonRpc.Request request
        && McpSchema.METHOD_INITIALIZE.equals(request.message().method())) {
      initialize(call, request.message(), out);
      return;
    }
    Optional<SessionRegistry.Entry> found = session(call, out);
    if (found.isEmpty()) {
      return;
    }
    SessionRegistry.Entry entry = found.get();
    McpTransportContext context = call.context();
    if (message instanceof JsonRpc.Notification notification) {
      entry
          .session
          .accept(notification.message())
          .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
          .onErrorResume(e -> logged("notification", e))
          .block();
      out.send(accepted(entry));
    } else if (message instanceof JsonRpc.Response response) {
      try {
        entry
            .session
            .accept(response.message())
            .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
            .block();
        out.send(accepted(entry));
      } catch (McpError e) {
        out.send(
            JsonRpc.error(
                400,
                response.message().id(),
                JsonRpc.INVALID_REQUEST,
                "No request with this id is pending"));
      }
    } else if (message instanceof JsonRpc.Request request) {
      respond(call, entry, request.message(), out);
    }
  }

  private static Mono<Void> logged(String what, Throwable e) {
    LOG.debug("handling a client {} failed: {}", what, e.toString());
    return Mono.empty();
  }

  private static HttpAnswer accepted(SessionRegistry.Entry entry) {
    return new HttpAnswer(202, Map.of("Mcp-Session-Id", entry.session.getId()), new byte[0]);
  }

  private void initialize(McpCall call, McpSchema.JSONRPCRequest request, HttpResponseChannel out)
      throws IOException {
    McpSchema.InitializeRequest initialize;
    try {
      initialize = McpJson.mcpMapper().convertValue(request.params(), INITIALIZE_REQUEST);
    } catch (RuntimeException e) {
      initialize = null;
    }
    if (initialize == null || initialize.protocolVersion() == null) {
      out.send(
          JsonRpc.error(
              400, request.id(), -32602, "Invalid params: initialize needs protocolVersion"));
      return;
    }
    SessionRegistry.Owner owner = SessionRegistry.Owner.of(call.principal());
    if (!sessions.admit(owner)) {
      Map<String, String> retry = Map.of("Retry-After", "30");
      out.send(
          withHeaders(
              JsonRpc.error(
                  503, request.id(), JsonRpc.SERVER_ERROR, "Too many MCP sessions; retry later"),
              retry));
      return;
    }
    McpStreamableServerSession.McpStreamableServerSessionInit init =
        sessionFactory.startSession(initialize);
    McpSchema.InitializeResult result;
    try {
      McpTransportContext context = call.context();
      result =
          init.initResult().contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context)).block();
    } catch (RuntimeException e) {
      LOG.warn("initialize failed", e);
      init.session().close();
      out.send(JsonRpc.error(500, request.id(), JsonRpc.INTERNAL_ERROR, "Initialization failed"));
      return;
    }
    SessionRegistry.Entry entry =
        new SessionRegistry.Entry(init.session(), owner, result.protocolVersion(), sessions.now());
    sessions.add(entry);
    String json =
        McpJson.mcpMapper()
            .writeValueAsString(McpSchema.JSONRPCResponse.result(request.id(), result));
    Map<String, String> headers = Map.of("Mcp-Session-Id", entry.session.getId());
    if (call.acceptsJson() || !call.acceptsEventStream()) {
      out.send(HttpAnswer.json(200, headers, json));
    } else {
      out.send(
          new HttpAnswer(
              200, eventStreamHeaders(entry), StreamTransport.frame(entry.nextEventId(), json)));
    }
  }

  private void respond(
      McpCall call,
      SessionRegistry.Entry entry,
      McpSchema.JSONRPCRequest request,
      HttpResponseChannel out)
      throws IOException {
    McpTransportContext context = call.context();
    if (!call.acceptsEventStream()) {
      StreamTransport transport = StreamTransport.json();
      McpStreamableServerSession.McpStreamableServerSessionStream stream =
          entry.session.responseStream(transport);
      stream
          .handle(request)
          .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
          .subscribe(null, e -> transport.close());
      String json;
      try {
        json = transport.jsonResponse().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stream.close();
        return;
      } catch (ExecutionException e) {
        json = null;
      }
      if (json == null) {
        out.send(JsonRpc.error(500, request.id(), JsonRpc.INTERNAL_ERROR, "Internal error"));
      } else {
        out.send(HttpAnswer.json(200, Map.of("Mcp-Session-Id", entry.session.getId()), json));
      }
      return;
    }
    EventStream events =
        new EventStream(settings.streamWriteTimeout(), settings.keepAliveInterval());
    StreamTransport transport = StreamTransport.eventStream(events, entry::nextEventId);
    McpStreamableServerSession.McpStreamableServerSessionStream stream =
        entry.session.responseStream(transport);
    // The priming event's id comes before those of the events the handler sends.
    byte[] opening =
        entry.expectsPrimingEvent()
            ? StreamTransport.priming(entry.nextEventId())
            : EventStream.KEEP_ALIVE;
    entry.streamOpened();
    try {
      Disposable handling =
          stream
              .handle(request)
              .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
              .subscribe(null, e -> transport.close());
      Optional<byte[]> complete = events.completed();
      if (complete.isPresent()) {
        // The handler answered at once (tools/list, ping, ...): the whole stream in one write.
        out.send(new HttpAnswer(200, eventStreamHeaders(entry), concat(opening, complete.get())));
        return;
      }
      // Still running: commit the status and headers now, a long-running tool must not keep them
      // waiting; then its events follow as they come.
      EventStreamSink sink = out.openEventStream(eventStreamHeaders(entry));
      try {
        sink.write(opening);
        events.drainTo(sink);
      } catch (IOException e) {
        sink.abort();
        events.abort();
      }
      if (events.wasAborted()) {
        handling.dispose();
        stream.close();
      }
    } finally {
      entry.streamClosed();
      entry.touch(sessions.now());
    }
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] joined = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    return joined;
  }

  @Override
  void get(McpCall call, HttpResponseChannel out) throws IOException {
    if (withoutSession(call, out)) {
      return;
    }
    if (!call.acceptsEventStream()) {
      out.send(
          JsonRpc.error(
              406, JsonRpc.INVALID_REQUEST, "Not Acceptable: GET opens a text/event-stream"));
      return;
    }
    Optional<SessionRegistry.Entry> found = session(call, out);
    if (found.isEmpty()) {
      return;
    }
    SessionRegistry.Entry entry = found.get();
    EventStream events =
        new EventStream(settings.streamWriteTimeout(), settings.keepAliveInterval());
    StreamTransport transport = StreamTransport.eventStream(events, entry::nextEventId);
    McpStreamableServerSession.McpStreamableServerSessionStream listening =
        entry.session.listeningStream(transport);
    EventStreamSink sink = out.openEventStream(eventStreamHeaders(entry));
    entry.streamOpened();
    listeningStreams.add(events);
    try {
      if (entry.expectsPrimingEvent()) {
        sink.write(StreamTransport.priming(entry.nextEventId()));
      } else {
        // Web servers hold the status and headers until the first write, and on this stream the
        // first event may be a keep-alive interval away: a client would wait that long for its 200.
        sink.write(EventStream.KEEP_ALIVE);
      }
      events.drainTo(sink);
    } catch (IOException e) {
      sink.abort();
    } finally {
      listeningStreams.remove(events);
      listening.close();
      entry.streamClosed();
      entry.touch(sessions.now());
    }
  }

  @Override
  void delete(McpCall call, HttpResponseChannel out) throws IOException {
    if (withoutSession(call, out)) {
      return;
    }
    Optional<SessionRegistry.Entry> found = session(call, out);
    if (found.isEmpty()) {
      return;
    }
    SessionRegistry.Entry entry = found.get();
    McpTransportContext context = call.context();
    sessions.remove(entry);
    entry
        .session
        .delete()
        .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
        .onErrorResume(e -> logged("DELETE", e))
        .block(Duration.ofSeconds(10));
    out.send(new HttpAnswer(204, Map.of(), new byte[0]));
  }

  /**
   * Answers 405 to a GET or DELETE that names no session: only a legacy session has a stream to
   * open or an end to ask for (MCP 2026-07-28 clients never send either).
   */
  private static boolean withoutSession(McpCall call, HttpResponseChannel out) throws IOException {
    Optional<String> id = call.request().header("Mcp-Session-Id");
    if (id.isPresent() && !id.get().isBlank()) {
      return false;
    }
    out.send(
        withHeaders(
            JsonRpc.error(
                405,
                JsonRpc.INVALID_REQUEST,
                "Method Not Allowed: "
                    + call.request().method()
                    + " needs an MCP session (Mcp-Session-Id from initialize); MCP 2026-07-28"
                    + " uses POST only"),
            Map.of("Allow", "POST, OPTIONS")));
    return true;
  }

  /**
   * The session the request names, owned by its subject; otherwise the answer has been sent: 400
   * without {@code Mcp-Session-Id}, 404 for an unknown, ended or foreign session.
   */
  private Optional<SessionRegistry.Entry> session(McpCall call, HttpResponseChannel out)
      throws IOException {
    Optional<String> id = call.request().header("Mcp-Session-Id");
    if (id.isEmpty() || id.get().isBlank()) {
      out.send(
          JsonRpc.error(
              400,
              JsonRpc.INVALID_REQUEST,
              "Bad Request: Mcp-Session-Id header is required (initialize first)"));
      return Optional.empty();
    }
    Optional<SessionRegistry.Entry> entry =
        sessions.find(id.get().trim(), SessionRegistry.Owner.of(call.principal()));
    if (entry.isEmpty()) {
      out.send(
          JsonRpc.error(
              404,
              JsonRpc.INVALID_REQUEST,
              "Session not found: it ended or never existed; initialize again"));
    }
    return entry;
  }

  private static Map<String, String> eventStreamHeaders(SessionRegistry.Entry entry) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/event-stream");
    headers.put("Cache-Control", "no-cache, no-transform");
    headers.put("X-Accel-Buffering", "no");
    headers.put("Mcp-Session-Id", entry.session.getId());
    return headers;
  }

  static HttpAnswer withHeaders(HttpAnswer answer, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>(answer.headers());
    headers.putAll(extra);
    return new HttpAnswer(answer.status(), headers, answer.body());
  }
}
