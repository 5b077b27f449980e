package io.github.mcpoauthkit.devissuer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small, strict OAuth 2.1 authorization server for local development, on {@code 127.0.0.1} (a
 * free port unless one is given). It signs in a fixed development user without a password and hands
 * a token to any process on this machine that knows the printed client secret. Never expose it; it
 * is no production authorization server.
 *
 * <ul>
 *   <li>{@code GET /.well-known/oauth-authorization-server} (RFC 8414) and {@code
 *       /.well-known/openid-configuration}: its metadata ({@link Metadata}).
 *   <li>{@code GET /jwks}: the public half of an RSA 2048 key made at start and never stored.
 *   <li>{@code GET /authorize}: the authorization code flow with PKCE S256 for public clients,
 *       which shows a consent page; {@code POST /consent}: the page's form ({@link
 *       AuthorizationEndpoint}).
 *   <li>{@code POST /register}: dynamic client registration ({@link RegistrationEndpoint}); a
 *       client id may also be the URL of a Client ID Metadata Document on loopback ({@link
 *       ClientMetadataDocuments}), unless they are switched off ({@link
 *       ClientIdMetadataDocuments#OFF}).
 *   <li>{@code POST /token}: {@code authorization_code}, {@code refresh_token}, and {@code
 *       client_credentials} for the client {@value #CLIENT_ID} with the secret made at start
 *       ({@link TokenEndpoint}). Tokens are RS256 JWTs with {@code typ: at+jwt} (RFC 9068), {@code
 *       aud} the resource URL, valid one hour.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} stops the server at once; closing twice does nothing.
 */
public final class DevIssuer implements AutoCloseable {

  /** The one confidential client, for {@code client_credentials}. */
  public static final String CLIENT_ID = "mcp-dev-client";

  /** The subject of the development user when none is configured. */
  public static final String DEFAULT_SUBJECT = "dev-user";

  /**
   * The runnable server's setting that switches Client ID Metadata Documents off in {@code --dev};
   * the issuer's refusal pages name it as the way to make a client register instead.
   */
  public static final String METADATA_DOCUMENTS_SWITCH = "OAUTH_DEV_CLIENT_METADATA_DOCUMENTS";

  /**
   * Whether a client id may be the URL of its Client ID Metadata Document.
   *
   * @see <a
   *     href="https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/">draft-ietf-oauth-client-id-metadata-document</a>
   */
  public enum ClientIdMetadataDocuments {
    /**
     * Advertised ({@code client_id_metadata_document_supported: true}) and fetched from loopback
     * hosts only; a hosted document (Claude Code's, VS Code's) is refused with {@code
     * invalid_client}.
     */
    LOOPBACK_ONLY,
    /**
     * Not advertised (the metadata member is left out), and every URL client id is refused with
     * {@code invalid_client} without a fetch: MCP clients that see no support register with dynamic
     * client registration instead, which is how Claude Code and VS Code get in.
     */
    OFF
  }

  private static final String LOOPBACK = "127.0.0.1";
  private static final System.Logger LOG = System.getLogger(DevIssuer.class.getName());

  static final String OIDC_DISCOVERY = "/.well-known/openid-configuration";
  static final String RFC8414_METADATA = "/.well-known/oauth-authorization-server";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Issuer issuer;
  private final Metadata.Endpoints endpoints;
  private final String clientSecret;
  private final ResourceUrl resource;
  private final String subject;
  private final Scopes scopes;
  private final TokenSigner signer;
  private final TokenEndpoint tokenEndpoint;
  private final AuthorizationEndpoint authorizationEndpoint;
  private final RegistrationEndpoint registrationEndpoint;
  private final String oauthMetadata;
  private final String openIdMetadata;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DevIssuer(
      HttpServer server,
      ExecutorService executor,
      ResourceUrl resource,
      String subject,
      Scopes scopes,
      ClientIdMetadataDocuments documents,
      Clock clock) {
    this.server = server;
    this.executor = executor;
    this.issuer = new Issuer("http://" + LOOPBACK + ":" + server.getAddress().getPort());
    this.endpoints = new Metadata.Endpoints(issuer.value());
    this.clientSecret = randomSecret();
    this.resource = resource;
    this.subject = subject;
    this.scopes = scopes;
    this.signer = new TokenSigner(issuer.value(), clock);
    Grants grants = new Grants();
    ClientRegistry clients =
        switch (documents) {
          case LOOPBACK_ONLY ->
              ClientRegistry.withDocuments(new ClientMetadataDocuments(executor, clock));
          case OFF -> ClientRegistry.registeredOnly();
        };
    this.tokenEndpoint =
        new TokenEndpoint(CLIENT_ID, clientSecret, resource.value(), scopes, signer, grants, clock);
    this.authorizationEndpoint =
        new AuthorizationEndpoint(
            issuer.value(), resource.value(), subject, scopes, clients, grants, clock);
    this.registrationEndpoint = new RegistrationEndpoint(clients, clock);
    this.oauthMetadata = Metadata.oauth(endpoints, scopes, documents);
    this.openIdMetadata = Metadata.openId(endpoints, scopes, documents);
  }

  /**
   * Starts an issuer for {@code resource} on {@code 127.0.0.1}, with a fresh key and client secret;
   * the development user is {@value #DEFAULT_SUBJECT} and gets every scope when a client asks for
   * none.
   *
   * @see #start(ResourceUrl, List, List, String, int, ClientIdMetadataDocuments, Clock)
   */
  public static DevIssuer start(ResourceUrl resource, Set<Scope> scopes, int port, Clock clock) {
    return start(resource, List.copyOf(scopes), List.copyOf(scopes), DEFAULT_SUBJECT, port, clock);
  }

  /**
   * Starts an issuer on {@code 127.0.0.1} with a fresh key and client secret, which takes Client ID
   * Metadata Documents from loopback ({@link ClientIdMetadataDocuments#LOOPBACK_ONLY}).
   *
   * @see #start(ResourceUrl, List, List, String, int, ClientIdMetadataDocuments, Clock)
   */
  public static DevIssuer start(
      ResourceUrl resource,
      List<Scope> scopes,
      List<Scope> defaultScopes,
      String subject,
      int port,
      Clock clock) {
    return start(
        resource,
        scopes,
        defaultScopes,
        subject,
        port,
        ClientIdMetadataDocuments.LOOPBACK_ONLY,
        clock);
  }

  /**
   * Starts an issuer on {@code 127.0.0.1} with a fresh key and client secret.
   *
   * @param resource the MCP server's resource URL: the only accepted {@code resource} and the
   *     {@code aud} of every token
   * @param scopes {@code scopes_supported}, in order, and what a {@code client_credentials} token
   *     carries when the request names none; at least one
   * @param defaultScopes what the user grants when an authorization request names no scope; a
   *     non-empty subset of {@code scopes}
   * @param subject the {@code sub} of the development user; not blank
   * @param port the loopback port, 0 for a free one
   * @param documents whether a client id may be a metadata document URL
   * @param clock the time for tokens, codes and their expiry
   * @throws DevIssuerStartException if it cannot listen on {@code 127.0.0.1:port}
   * @throws IllegalArgumentException if a scope set is empty or the defaults are not supported
   */
  public static DevIssuer start(
      ResourceUrl resource,
      List<Scope> scopes,
      List<Scope> defaultScopes,
      String subject,
      int port,
      ClientIdMetadataDocuments documents,
      Clock clock) {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(documents, "documents");
    Objects.requireNonNull(clock, "clock");
    if (subject.isBlank()) {
      throw new IllegalArgumentException("the development user's subject must not be blank");
    }
    Scopes issuerScopes =
        new Scopes(new LinkedHashSet<>(scopes), new LinkedHashSet<>(defaultScopes));
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(LOOPBACK, port), 0);
    } catch (IOException e) {
      throw new DevIssuerStartException(LOOPBACK, port, e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    DevIssuer issuer;
    try {
      issuer = new DevIssuer(server, executor, resource, subject, issuerScopes, documents, clock);
    } catch (RuntimeException e) {
      server.stop(0);
      executor.shutdownNow();
      throw e;
    }
    server.setExecutor(executor);
    server.createContext("/", issuer::handle);
    server.start();
    return issuer;
  }

  /** The issuer identifier, {@code http://127.0.0.1:<port>}. */
  public Issuer issuer() {
    return issuer;
  }

  /** The token endpoint. */
  public URI tokenEndpoint() {
    return endpoints.token();
  }

  /** The authorization endpoint, which shows the consent page. */
  public URI authorizationEndpoint() {
    return endpoints.authorization();
  }

  /** The dynamic client registration endpoint (RFC 7591). */
  public URI registrationEndpoint() {
    return endpoints.registration();
  }

  /** The client id for {@code client_credentials}, {@value #CLIENT_ID}. */
  public String clientId() {
    return CLIENT_ID;
  }

  /** The client secret made at start: print it only to the developer's own terminal. */
  public String clientSecret() {
    return clientSecret;
  }

  /** The scopes of a {@code client_credentials} token whose request names none, space-separated. */
  public String defaultScope() {
    return scopes.clientCredentialsDefault();
  }

  /** The scopes a user grants when a client asks for none, space-separated. */
  public String defaultUserScope() {
    return scopes.authorizationDefault();
  }

  /** The {@code sub} of the development user. */
  public String subject() {
    return subject;
  }

  /** A {@code client_credentials} token with the default scopes, as {@code /token} would issue. */
  public String mintToken() {
    return signer.sign(CLIENT_ID, CLIENT_ID, resource.value(), scopes.clientCredentialsDefault());
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "DevIssuer[" + issuer.value() + "]";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      Answer answer;
      try {
        answer = route(read(exchange));
      } catch (RuntimeException e) {
        // Never a stack trace in a response: the developer reads it in the log.
        LOG.log(System.Logger.Level.WARNING, "development issuer: request failed", e);
        answer = Answer.error(500, "server_error", "the development issuer failed; see its log");
      }
      answer.headers().forEach(exchange.getResponseHeaders()::set);
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      if (method.equals("HEAD") || body.length == 0) {
        exchange.sendResponseHeaders(answer.status(), -1);
      } else {
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }

  /**
   * Browser-based clients (the MCP Inspector's web UI) read the metadata, register and redeem codes
   * with {@code fetch} from their own origin, so those endpoints answer CORS requests from any
   * origin: they use no cookies, and a token request proves itself with PKCE or a secret. The
   * consent page is a navigation, never a {@code fetch}, and gets no CORS headers.
   */
  private Answer route(IncomingRequest request) {
    String path = request.uri().getRawPath();
    boolean cors =
        !path.equals(Metadata.Endpoints.AUTHORIZATION) && !path.equals(Metadata.Endpoints.CONSENT);
    if (cors && request.method().equals("OPTIONS")) {
      return new Answer(
              204,
              Map.of(
                  "Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS",
                  "Access-Control-Allow-Headers",
                      request.header("access-control-request-headers").orElse("Content-Type"),
                  "Access-Control-Max-Age", "600"),
              "")
          .with("Access-Control-Allow-Origin", "*");
    }
    Answer answer = endpoint(request, path);
    return cors ? answer.with("Access-Control-Allow-Origin", "*") : answer;
  }

  private Answer endpoint(IncomingRequest request, String path) {
    return switch (path) {
      case RFC8414_METADATA -> document(request, oauthMetadata);
      case OIDC_DISCOVERY -> document(request, openIdMetadata);
      case Metadata.Endpoints.JWKS -> document(request, signer.publicJwks());
      case Metadata.Endpoints.TOKEN -> tokenEndpoint.handle(request);
      case Metadata.Endpoints.AUTHORIZATION -> authorizationEndpoint.authorize(request);
      case Metadata.Endpoints.CONSENT -> authorizationEndpoint.consent(request);
      case Metadata.Endpoints.REGISTRATION -> registrationEndpoint.register(request);
      default -> Answer.error(404, "not_found", "no such endpoint");
    };
  }

  private static Answer document(IncomingRequest request, String json) {
    if (request.method().equals("GET") || request.method().equals("HEAD")) {
      return Answer.document(json);
    }
    return Answer.methodNotAllowed("GET, HEAD");
  }

  private IncomingRequest read(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
              }
            });
    URI relative = exchange.getRequestURI();
    URI absolute =
        URI.create(
            issuer.value()
                + relative.getRawPath()
                + (relative.getRawQuery() == null ? "" : "?" + relative.getRawQuery()));
    byte[] body = exchange.getRequestBody().readNBytes(FormBody.MAX_BYTES + 1);
    return new IncomingRequest(exchange.getRequestMethod(), absolute, headers, body);
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
