package io.github.mcpoauthkit.streamablehttp;

import io.github.mcpoauthkit.domain.resource.ErrorDocument;
import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import io.github.mcpoauthkit.domain.resource.ProtectedResourceMetadata;
import io.github.mcpoauthkit.domain.token.AuthorizationScheme;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import io.github.mcpoauthkit.port.driven.Metrics;
import io.github.mcpoauthkit.port.driven.Tracing;
import io.github.mcpoauthkit.port.driving.AuthenticationRequest;
import io.github.mcpoauthkit.port.driving.RequestAuthenticator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP decision of the protected MCP server, made once for all web servers: routing, the
 * Origin check, CORS, bearer authentication, protocol-version and content checks, size limits, the
 * metadata documents and health, and what each answer looks like while the server stops ({@code
 * Lifecycle}, moved on by {@link GracefulShutdown}). Web adapters translate their request into an
 * {@link HttpRequestView}, call {@link #handle}, and copy what it writes to their response.
 *
 * <p>Routes: the MCP endpoint (the path of the resource URL, e.g. {@code /mcp}: POST, GET, DELETE,
 * OPTIONS); {@code /.well-known/oauth-protected-resource} and {@code
 * /.well-known/oauth-protected-resource/mcp} (RFC 9728); {@code
 * /.well-known/oauth-authorization-server} (the issuer's metadata, for clients of MCP 2025-03-26);
 * {@code /health} and {@code /health/ready}.
 *
 * <p>{@link #handle} blocks for as long as an event stream stays open, so call it on a thread that
 * may block (a virtual thread, a worker thread). Thread-safe; never throws for anything a client
 * sends.
 */
public final class ResourceServerHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ResourceServerHandler.class);
  private static final String PRM_PATH = "/.well-known/oauth-protected-resource";
  private static final String AS_PATH = "/.well-known/oauth-authorization-server";
  private static final String EXPOSED_HEADERS =
      "WWW-Authenticate, DPoP-Nonce, Mcp-Session-Id, MCP-Protocol-Version";
  private static final String ALLOWED_REQUEST_HEADERS =
      "Authorization, DPoP, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version,"
          + " Last-Event-ID, Mcp-Method, Mcp-Name";

  /** Every protocol version served on the endpoint, oldest first: both eras. */
  static final List<String> SUPPORTED_VERSIONS = supportedVersions();

  private final ResourceServerSettings settings;
  private final RequestAuthenticator authenticator;
  private final McpEndpoint endpoint;
  private final ModernHttpTransport modern;
  private final ReadinessCheck readiness;
  private final AuthenticationAnswers answers;

  /** Whether DPoP is on: only then is a request's {@code DPoP} header read. */
  private final boolean dpopOn;

  private static final HttpAnswer ISSUER_METADATA_UNAVAILABLE =
      HttpAnswer.json(
          503,
          Map.of("Retry-After", "5"),
          ErrorDocument.render(
              "temporarily_unavailable",
              "The authorization server's metadata is not available yet; retry later"));

  private final RejectionLog rejectionLog = new RejectionLog(20, System::nanoTime);
  private final Metrics metrics;
  private final AuditLog audit;
  private final RequestTraces traces;
  private final boolean observed;
  private final Lifecycle lifecycle;
  private final String mcpPath;
  private final HttpAnswer protectedResourceMetadata;
  private final Supplier<Optional<IssuerMetadata>> issuerMetadata;
  private volatile HttpAnswer authorizationServerMetadata;

  /**
   * @param settings the endpoint's settings
   * @param authenticator checks bearer tokens
   * @param issuer the authorization server's metadata, from discovery
   * @param endpoint the legacy era's MCP transport (2024-11-05 to 2025-11-25), which the legacy MCP
   *     server was built on
   * @param modern the 2026-07-28 era's transport, on the modern MCP server
   * @param readiness what {@code /health/ready} reports
   */
  public ResourceServerHandler(
      ResourceServerSettings settings,
      RequestAuthenticator authenticator,
      IssuerMetadata issuer,
      McpEndpoint endpoint,
      ModernHttpTransport modern,
      ReadinessCheck readiness) {
    this(settings, authenticator, issuer, endpoint, modern, readiness, Metrics.NONE);
  }

  /**
   * A handler that reports every answer and authentication decision to {@code metrics}, and
   * registers there the figures it keeps: open sessions, streams and subscriptions.
   *
   * @param settings the endpoint's settings
   * @param authenticator checks bearer tokens
   * @param issuer the authorization server's metadata, from discovery
   * @param endpoint the legacy era's MCP transport
   * @param modern the 2026-07-28 era's transport
   * @param readiness what {@code /health/ready} reports
   * @param metrics where answers and decisions are counted; {@link Metrics#NONE} for none
   */
  public ResourceServerHandler(
      ResourceServerSettings settings,
      RequestAuthenticator authenticator,
      IssuerMetadata issuer,
      McpEndpoint endpoint,
      ModernHttpTransport modern,
      ReadinessCheck readiness,
      Metrics metrics) {
    this(settings, authenticator, issuer, endpoint, modern, readiness, metrics, Tracing.NONE);
  }

  /**
   * A handler that also records spans of each request to the MCP endpoint in {@code tracing}: one
   * per authentication step, under the HTTP request's {@code traceparent}, and one for the MCP
   * handler's work, under the message's {@code _meta.traceparent} when it has one, else the HTTP
   * header's.
   *
   * @param settings the endpoint's settings
   * @param authenticator checks bearer tokens
   * @param issuer the authorization server's metadata, from discovery
   * @param endpoint the legacy era's MCP transport
   * @param modern the 2026-07-28 era's transport
   * @param readiness what {@code /health/ready} reports
   * @param metrics where answers and decisions are counted; {@link Metrics#NONE} for none
   * @param tracing where spans are recorded; {@link Tracing#NONE} for none, which costs nothing
   */
  public ResourceServerHandler(
      ResourceServerSettings settings,
      RequestAuthenticator authenticator,
      IssuerMetadata issuer,
      McpEndpoint endpoint,
      ModernHttpTransport modern,
      ReadinessCheck readiness,
      Metrics metrics,
      Tracing tracing) {
    this(
        settings,
        authenticator,
        Objects.requireNonNull(issuer, "issuer").issuer(),
        () -> Optional.of(issuer),
        endpoint,
        modern,
        readiness,
        metrics,
        tracing);
  }

  /**
   * A handler for an issuer whose metadata may not be known yet (it could not be fetched at
   * startup, {@code OAUTH_START_DEGRADED}): the protected resource metadata names it all the same,
   * and {@code /.well-known/oauth-authorization-server} answers 503 with {@code Retry-After} until
   * {@code issuerMetadata} gives the document, which is served from then on.
   *
   * @param settings the endpoint's settings
   * @param authenticator checks bearer tokens
   * @param issuer the first authorization server, as configured
   * @param issuerMetadata its metadata once discovered; cheap and thread-safe
   * @param endpoint the legacy era's MCP transport
   * @param modern the 2026-07-28 era's transport
   * @param readiness what {@code /health/ready} reports
   * @param metrics where answers and decisions are counted; {@link Metrics#NONE} for none
   * @param tracing where spans are recorded; {@link Tracing#NONE} for none, which costs nothing
   */
  public ResourceServerHandler(
      ResourceServerSettings settings,
      RequestAuthenticator authenticator,
      Issuer issuer,
      Supplier<Optional<IssuerMetadata>> issuerMetadata,
      McpEndpoint endpoint,
      ModernHttpTransport modern,
      ReadinessCheck readiness,
      Metrics metrics,
      Tracing tracing) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.modern = Objects.requireNonNull(modern, "modern");
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.audit =
        switch (settings.auditLog()) {
          case OFF -> AuditLog.OFF;
          case TEXT -> AuditLog.writing(AuditLog.Format.TEXT);
          case JSON -> AuditLog.writing(AuditLog.Format.JSON);
        };
    this.traces =
        Objects.requireNonNull(tracing, "tracing").enabled()
            ? new RequestTraces(tracing)
            : RequestTraces.OFF;
    this.observed = metrics != Metrics.NONE || audit.enabled() || traces.enabled();
    if (metrics != Metrics.NONE) {
      metrics.gauge(Metrics.Gauge.OPEN_SESSIONS, endpoint::openSessions);
      metrics.gauge(
          Metrics.Gauge.OPEN_STREAMS, () -> endpoint.openStreams() + modern.openStreams());
      metrics.gauge(Metrics.Gauge.OPEN_SUBSCRIPTIONS, modern::openSubscriptions);
    }
    Objects.requireNonNull(issuer, "issuer");
    this.issuerMetadata = Objects.requireNonNull(issuerMetadata, "issuerMetadata");
    DPoPPolicy dpop = settings.dpop();
    this.dpopOn = dpop.mode() != DPoPPolicy.Mode.OFF;
    this.answers =
        new AuthenticationAnswers(
            settings.resource(), settings.requiredScopes(), dpop.mode(), dpop.algorithms());
    String path = settings.resource().path();
    this.mcpPath = path.isEmpty() ? "/" : path;
    Set<Scope> scopes = new LinkedHashSet<>(settings.requiredScopes());
    settings.toolScopes().values().forEach(scopes::addAll);
    ProtectedResourceMetadata metadata =
        ProtectedResourceMetadata.of(settings.resource(), authorizationServers(issuer, settings))
            .withScopesSupported(scopes)
            .withResourceName(settings.resourceName());
    if (dpop.mode() != DPoPPolicy.Mode.OFF) {
      metadata = metadata.withDPoP(dpop.algorithms(), dpop.mode() == DPoPPolicy.Mode.REQUIRED);
    }
    this.protectedResourceMetadata = publicJson(metadata.toJson());
    this.lifecycle =
        new Lifecycle(List.of(endpoint::endListeningStreams, modern::endListeningStreams));
  }

  private static List<Issuer> authorizationServers(Issuer issuer, ResourceServerSettings settings) {
    List<Issuer> all = new ArrayList<>();
    all.add(issuer);
    all.addAll(settings.additionalIssuers());
    return all;
  }

  // Built once the issuer's metadata is known; until then no document can be mirrored.
  private HttpAnswer authorizationServerMetadata() {
    HttpAnswer known = authorizationServerMetadata;
    if (known == null) {
      Optional<IssuerMetadata> discovered = issuerMetadata.get();
      if (discovered.isEmpty()) {
        return ISSUER_METADATA_UNAVAILABLE;
      }
      known = publicJson(discovered.get().documentJson());
      authorizationServerMetadata = known;
    }
    return known;
  }

  private static List<String> supportedVersions() {
    List<String> all = new ArrayList<>(McpEndpoint.PROTOCOL_VERSIONS);
    all.addAll(ModernHttpTransport.PROTOCOL_VERSIONS);
    return List.copyOf(all);
  }

  private static HttpAnswer publicJson(String json) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "public, max-age=3600");
    headers.put("Access-Control-Allow-Origin", "*");
    return new HttpAnswer(200, headers, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether {@link #handle} answers {@code request} at once, without reading its body or waiting on
   * anything: the metadata documents, {@code /health}, unknown paths, and on the MCP endpoint a
   * preflight or a request without credentials (401), unless it is a form (whose body is searched
   * for an {@code access_token}). A web server with an event loop may answer these on the loop
   * instead of handing them to a worker thread.
   */
  public boolean answersAtOnce(HttpRequestView request) {
    String path = request.path();
    if (!path.equals(mcpPath)) {
      return !path.equals("/health/ready");
    }
    return request.method().equals("OPTIONS")
        || (request.headers("Authorization").isEmpty() && !isForm(request));
  }

  /** Stops every MCP session and stream of both eras. */
  public void shutdown() {
    endpoint.shutdown();
    modern.shutdown();
  }

  /**
   * Answers one request. Blocks while an event stream is open.
   *
   * @throws IOException only when writing to the client fails; the adapter then drops the
   *     connection
   */
  public void handle(HttpRequestView request, HttpResponseChannel response) throws IOException {
    lifecycle.requestStarted();
    HttpResponseChannel channel = lifecycle.channel(response);
    Exchange exchange =
        observed
            ? new Exchange(
                request, channel, route(request), metrics, audit, traces, System::nanoTime)
            : Exchange.OFF;
    HttpResponseChannel out = observed ? exchange : channel;
    try {
      route(request, out, exchange);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      // A bug, not the client's doing: answer without details and log it for us.
      LOG.error("unexpected failure on {} {}", request.method(), request.path(), e);
      out.send(JsonRpc.error(500, JsonRpc.INTERNAL_ERROR, "Internal error"));
    } finally {
      lifecycle.requestEnded();
    }
  }

  /** Where the server stands in a graceful stop; {@link GracefulShutdown} moves it on. */
  Lifecycle lifecycle() {
    return lifecycle;
  }

  /** The route of {@code request}, for metrics: the same decision as {@link #route} takes. */
  private Metrics.Route route(HttpRequestView request) {
    String path = request.path();
    if (path.equals(mcpPath)) {
      return Metrics.Route.MCP;
    } else if (path.equals(PRM_PATH) || path.equals(PRM_PATH + mcpPath)) {
      return Metrics.Route.PROTECTED_RESOURCE_METADATA;
    } else if (path.equals(AS_PATH)) {
      return Metrics.Route.AUTHORIZATION_SERVER_METADATA;
    } else if (path.equals("/health")) {
      return Metrics.Route.HEALTH;
    } else if (path.equals("/health/ready")) {
      return Metrics.Route.READINESS;
    }
    return Metrics.Route.OTHER;
  }

  private void route(HttpRequestView request, HttpResponseChannel response, Exchange exchange)
      throws IOException {
    if (request.headerSectionBytes() > settings.maxHeaderBytes()) {
      response.send(TransportAnswers.requestHeaderFieldsTooLarge(settings.maxHeaderBytes()));
      return;
    }
    String path = request.path();
    String method = request.method();
    if (path.equals(mcpPath)) {
      mcp(request, response, exchange);
    } else if (path.equals(PRM_PATH) || path.equals(PRM_PATH + mcpPath)) {
      publicDocument(method, protectedResourceMetadata, response);
    } else if (path.equals(AS_PATH)) {
      publicDocument(method, authorizationServerMetadata(), response);
    } else if (path.equals("/health")) {
      health(method, new ReadinessCheck.Readiness(true, Map.of()), response);
    } else if (path.equals("/health/ready")) {
      health(method, lifecycle.readiness(readiness), response);
    } else {
      response.send(
          HttpAnswer.json(
              404, Map.of(), ErrorDocument.render("not_found", "No such resource: " + path)));
    }
  }

  private static void publicDocument(String method, HttpAnswer document, HttpResponseChannel out)
      throws IOException {
    if (method.equals("GET") || method.equals("HEAD")) {
      out.send(document);
    } else if (method.equals("OPTIONS")) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Access-Control-Allow-Origin", "*");
      headers.put("Access-Control-Allow-Methods", "GET, OPTIONS");
      headers.put("Access-Control-Allow-Headers", "Content-Type, MCP-Protocol-Version");
      headers.put("Access-Control-Max-Age", "86400");
      headers.put("Allow", "GET, HEAD, OPTIONS");
      out.send(new HttpAnswer(204, headers, new byte[0]));
    } else {
      out.send(
          HttpAnswer.json(
              405,
              Map.of("Allow", "GET, HEAD, OPTIONS"),
              ErrorDocument.render("method_not_allowed", "Use GET")));
    }
  }

  private static void health(String method, ReadinessCheck.Readiness state, HttpResponseChannel out)
      throws IOException {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      out.send(
          HttpAnswer.json(
              405,
              Map.of("Allow", "GET, HEAD"),
              ErrorDocument.render("method_not_allowed", "Use GET")));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", state.ready() ? "UP" : "DOWN");
    body.putAll(state.details());
    out.send(
        HttpAnswer.json(
            state.ready() ? 200 : 503, Map.of(), McpJson.objectMapper().writeValueAsString(body)));
  }

  private void mcp(HttpRequestView request, HttpResponseChannel raw, Exchange exchange)
      throws IOException {
    Optional<String> origin = request.header("Origin");
    if (!settings.allowedHosts().isEmpty()
        && !request
            .header("Host")
            .map(host -> settings.allowedHosts().contains(host.trim().toLowerCase(Locale.ROOT)))
            .orElse(false)) {
      raw.send(JsonRpc.error(403, JsonRpc.INVALID_REQUEST, "Forbidden: Host not allowed"));
      return;
    }
    if (!settings.origins().allows(origin)) {
      // Before authentication: a page on a rebound domain learns nothing, not even 401.
      raw.send(JsonRpc.error(403, JsonRpc.INVALID_REQUEST, "Forbidden: Origin not allowed"));
      return;
    }
    HttpResponseChannel response =
        origin.isPresent() ? new HeaderAddingChannel(raw, corsHeaders(origin.get())) : raw;
    String method = request.method();
    if (method.equals("OPTIONS")) {
      preflight(request, response);
      return;
    }
    if (lifecycle.refusesNewWork()) {
      response.send(Lifecycle.STOPPING_ANSWER);
      return;
    }
    if (!method.equals("POST") && !method.equals("GET") && !method.equals("DELETE")) {
      response.send(
          StreamableHttpTransportProvider.withHeaders(
              JsonRpc.error(405, JsonRpc.INVALID_REQUEST, "Method Not Allowed"),
              Map.of("Allow", "GET, POST, DELETE, OPTIONS")));
      return;
    }
    AuthenticationRequest credentials =
        new AuthenticationRequest(
            request.headers("Authorization"),
            Set.of(),
            hasAccessTokenParameter(request.rawQuery()),
            dpopOn ? request.headers("DPoP") : List.of(),
            method);
    exchange.authenticating(RequestTraces.Step.BEARER);
    Verdict verdict = authenticator.authenticate(credentials);
    if (verdict instanceof Verdict.Rejected rejected
        && rejected.rejection().code() == RejectionCode.NO_CREDENTIALS
        && method.equals("POST")
        && isForm(request)) {
      // A token only in a form body is no credential, but the client did send one: tell it where
      // tokens go (400), as for the query string, instead of starting an authorization flow. The
      // body is read under the same size limit as an authenticated one.
      Optional<byte[]> body = readBody(request, response);
      if (body.isEmpty()) {
        return;
      }
      if (hasAccessTokenParameter(Optional.of(new String(body.get(), StandardCharsets.US_ASCII)))) {
        verdict = Verdict.rejected(RejectionCode.TOKEN_OUTSIDE_HEADER);
      }
    }
    if (!(verdict instanceof Verdict.Accepted accepted)) {
      refuse(request, verdict, response, exchange);
      return;
    }
    exchange.decided(verdict);
    VerifiedToken principal = accepted.token();
    if (method.equals("POST")) {
      post(request, credentials, accepted, response, exchange);
      return;
    }
    // GET and DELETE exist only for legacy sessions: MCP 2026-07-28 is POST only.
    Optional<String> version = request.header("MCP-Protocol-Version");
    if (version.isPresent()
        && ModernHttpTransport.PROTOCOL_VERSIONS.contains(version.get().trim())) {
      exchange.era(Metrics.Era.MODERN);
      response.send(
          StreamableHttpTransportProvider.withHeaders(
              JsonRpc.error(
                  405,
                  JsonRpc.INVALID_REQUEST,
                  "Method Not Allowed: MCP "
                      + version.get().trim()
                      + " uses POST only (subscriptions/listen instead of a GET stream)"),
              Map.of("Allow", "POST, OPTIONS")));
    } else if (unsupportedLegacyVersion(request, response)) {
      return;
    } else if (method.equals("GET")) {
      exchange.era(Metrics.Era.LEGACY);
      endpoint.get(new McpCall(request, principal, null), response);
    } else {
      exchange.era(Metrics.Era.LEGACY);
      endpoint.delete(new McpCall(request, principal, null), response);
    }
  }

  /** Answers 400 when a legacy request names a protocol version this server does not speak. */
  private static boolean unsupportedLegacyVersion(
      HttpRequestView request, HttpResponseChannel response) throws IOException {
    Optional<String> version = request.header("MCP-Protocol-Version");
    if (version.isEmpty() || McpEndpoint.PROTOCOL_VERSIONS.contains(version.get().trim())) {
      return false;
    }
    response.send(
        JsonRpc.error(
            400,
            JsonRpc.INVALID_REQUEST,
            "Bad Request: unsupported MCP-Protocol-Version '"
                + HttpHeaderValues.printable(version.get())
                + "'; supported: "
                + String.join(", ", SUPPORTED_VERSIONS)));
    return true;
  }

  private void post(
      HttpRequestView request,
      AuthenticationRequest credentials,
      Verdict.Accepted accepted,
      HttpResponseChannel response,
      Exchange exchange)
      throws IOException {
    VerifiedToken principal = accepted.token();
    String contentType = request.header("Content-Type").map(HttpHeaderValues::mediaType).orElse("");
    Optional<byte[]> body = readBody(request, response);
    if (body.isEmpty()) {
      return;
    }
    if (contentType.equals("application/x-www-form-urlencoded")
        && hasAccessTokenParameter(
            Optional.of(new String(body.get(), StandardCharsets.US_ASCII)))) {
      refuse(request, Verdict.rejected(RejectionCode.TOKEN_OUTSIDE_HEADER), response, exchange);
      return;
    }
    if (!contentType.equals("application/json")) {
      response.send(
          JsonRpc.error(
              415, JsonRpc.INVALID_REQUEST, "Unsupported Media Type: send application/json"));
      return;
    }
    if (!HttpHeaderValues.accepts(request.headers("Accept"), "application/json")
        && !HttpHeaderValues.accepts(request.headers("Accept"), "text/event-stream")) {
      response.send(
          JsonRpc.error(
              406,
              JsonRpc.INVALID_REQUEST,
              "Not Acceptable: accept application/json or text/event-stream"));
      return;
    }
    JsonRpc.Parsed message = JsonRpc.parse(body.get());
    if (message instanceof JsonRpc.Invalid invalid) {
      response.send(invalid.answer());
      return;
    }
    exchange.message(message);
    McpCall call = new McpCall(request, principal, message);
    if (ModernHttpTransport.claims(request, message)) {
      exchange.era(Metrics.Era.MODERN);
      // MCP 2026-07-28: the headers are checked against the body first, so the scope decision
      // below rests on a validated Mcp-Name, and it is taken before any handler runs.
      ModernHttpTransport.Checked checked = modern.check(call);
      if (checked instanceof ModernHttpTransport.Answered answered) {
        response.send(answered.answer());
      } else {
        ModernHttpTransport.Valid valid = (ModernHttpTransport.Valid) checked;
        if (toolAllowed(valid.toolName(), credentials, accepted, request, response, exchange)) {
          Tracing.Span span = exchange.handling(valid.toolName());
          try {
            modern.serve(valid, response);
          } finally {
            span.end();
          }
        }
      }
      return;
    }
    exchange.era(Metrics.Era.LEGACY);
    if (unsupportedLegacyVersion(request, response)) {
      return;
    }
    Optional<String> tool = legacyToolName(message);
    if (toolAllowed(tool, credentials, accepted, request, response, exchange)) {
      Tracing.Span span = exchange.handling(tool);
      try {
        endpoint.post(call, response);
      } finally {
        span.end();
      }
    }
  }

  /**
   * Whether the token may call {@code tool}: the tool's scopes on top of the required ones, scope
   * hierarchies honoured; otherwise one 403 {@code insufficient_scope} naming every scope needed.
   * Only the scopes are decided: the credentials were verified once, for {@code accepted}.
   */
  private boolean toolAllowed(
      Optional<String> tool,
      AuthenticationRequest credentials,
      Verdict.Accepted accepted,
      HttpRequestView request,
      HttpResponseChannel response,
      Exchange exchange)
      throws IOException {
    if (tool.isEmpty() || settings.toolScopes().isEmpty()) {
      return true;
    }
    Set<Scope> needed = settings.toolScopes().getOrDefault(tool.get(), Set.of());
    if (needed.isEmpty()) {
      return true;
    }
    exchange.authenticating(RequestTraces.Step.TOOL_SCOPE);
    Verdict scoped = authenticator.authorize(credentials, accepted, needed);
    if (scoped instanceof Verdict.Accepted) {
      exchange.decided(scoped);
      return true;
    }
    refuse(request, scoped, response, exchange);
    return false;
  }

  private static Optional<String> legacyToolName(JsonRpc.Parsed message) {
    return message instanceof JsonRpc.Request call
            && call.message().method().equals("tools/call")
            && call.message().params() instanceof Map<?, ?> params
            && params.get("name") instanceof String tool
        ? Optional.of(tool)
        : Optional.empty();
  }

  private static boolean isForm(HttpRequestView request) {
    return request
        .header("Content-Type")
        .map(HttpHeaderValues::mediaType)
        .orElse("")
        .equals("application/x-www-form-urlencoded");
  }

  private Optional<byte[]> readBody(HttpRequestView request, HttpResponseChannel response)
      throws IOException {
    int limit = settings.maxBodyBytes();
    Optional<String> declared = request.header("Content-Length");
    if (declared.isPresent()) {
      long length;
      try {
        length = Long.parseLong(declared.get().trim());
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length < 0) {
        response.send(
            JsonRpc.error(400, JsonRpc.INVALID_REQUEST, "Bad Request: invalid Content-Length"));
        return Optional.empty();
      }
      if (length > limit) {
        response.send(tooLarge(limit));
        return Optional.empty();
      }
      // The web server delivers no more than the declared length: read it in one go.
      try (InputStream in = request.body()) {
        return Optional.of(in.readNBytes((int) length));
      }
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(Math.min(limit, 8192));
    byte[] chunk = new byte[8192];
    try (InputStream in = request.body()) {
      int read;
      while ((read = in.read(chunk)) != -1) {
        if (buffer.size() + read > limit) {
          response.send(tooLarge(limit));
          return Optional.empty();
        }
        buffer.write(chunk, 0, read);
      }
    }
    return Optional.of(buffer.toByteArray());
  }

  private static HttpAnswer tooLarge(int limit) {
    return JsonRpc.error(
        413, JsonRpc.INVALID_REQUEST, "Payload Too Large: the limit is " + limit + " bytes");
  }

  private void refuse(
      HttpRequestView request, Verdict verdict, HttpResponseChannel response, Exchange exchange)
      throws IOException {
    exchange.decided(verdict);
    if (verdict instanceof Verdict.Rejected rejected) {
      Rejection rejection = rejected.rejection();
      if (rejection.code() != RejectionCode.NO_CREDENTIALS) {
        rejectionLog.rejected(rejection, request.method(), request.path());
      }
    } else {
      rejectionLog.undecided(request.method(), request.path());
    }
    response.send(answers.answer(verdict, presentedScheme(request)).orElseThrow());
  }

  /** The scheme of the request's one {@code Authorization} header, for the challenges. */
  private static Optional<AuthorizationScheme> presentedScheme(HttpRequestView request) {
    List<String> values = request.headers("Authorization");
    if (values.size() != 1) {
      return Optional.empty();
    }
    String value = values.get(0).strip();
    int space = value.indexOf(' ');
    return AuthorizationScheme.named(space < 0 ? value : value.substring(0, space));
  }

  private static void preflight(HttpRequestView request, HttpResponseChannel response)
      throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
    headers.put("Access-Control-Allow-Headers", allowedRequestHeaders(request));
    headers.put("Access-Control-Max-Age", "600");
    headers.put("Allow", "GET, POST, DELETE, OPTIONS");
    response.send(new HttpAnswer(204, headers, new byte[0]));
  }

  /**
   * The fixed request headers, and the {@code Mcp-Param-*} headers the preflight asks for: MCP
   * 2026-07-28 names them after tool parameters, so no fixed list can hold them.
   */
  private static String allowedRequestHeaders(HttpRequestView request) {
    StringBuilder allowed = new StringBuilder(ALLOWED_REQUEST_HEADERS);
    for (String value : request.headers("Access-Control-Request-Headers")) {
      for (String name : value.split(",")) {
        String trimmed = name.trim();
        if (trimmed.regionMatches(true, 0, "Mcp-Param-", 0, 10)
            && trimmed.length() > 10
            && trimmed.length() <= 128
            && trimmed.chars().allMatch(ResourceServerHandler::isTokenChar)) {
          allowed.append(", ").append(trimmed);
        }
      }
    }
    return allowed.toString();
  }

  private static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** RFC 6750 §2.3 and §2.2 token parameters: refused, since only the header is accepted. */
  static boolean hasAccessTokenParameter(Optional<String> form) {
    if (form.isEmpty()) {
      return false;
    }
    for (String pair : form.get().split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      try {
        if (URLDecoder.decode(name, StandardCharsets.UTF_8).equals("access_token")) {
          return true;
        }
      } catch (IllegalArgumentException e) {
        // A malformed escape is not an access_token parameter.
      }
    }
    return false;
  }

  /** The CORS headers of an allowed browser origin, added to every answer. */
  private static Map<String, String> corsHeaders(String origin) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Access-Control-Allow-Origin", origin);
    headers.put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    headers.put("Vary", "Origin");
    return headers;
  }
}
