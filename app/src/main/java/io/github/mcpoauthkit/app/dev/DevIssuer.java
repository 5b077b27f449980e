package io.github.mcpoauthkit.app.dev;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.streamablehttp.ListenException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A throwaway OAuth authorization server for local development, on {@code 127.0.0.1} (a free port
 * unless one is given): it hands a token to any process on this machine that knows the client
 * secret, which it prints. Never expose it.
 *
 * <ul>
 *   <li>{@code GET /.well-known/openid-configuration} and {@code
 *       /.well-known/oauth-authorization-server}: its metadata. Only {@code client_credentials} is
 *       supported; the {@code authorization_endpoint}, which discovery requires, answers 501 and
 *       {@code response_types_supported} is empty.
 *   <li>{@code GET /jwks}: the public half of an RSA 2048 key made at start and never stored.
 *   <li>{@code POST /token}: {@code client_credentials} for the client {@value #CLIENT_ID} with the
 *       secret made at start ({@code client_secret_basic} or {@code client_secret_post}); optional
 *       {@code scope}; optional {@code resource}, which must be the MCP server's resource URL
 *       ({@code invalid_target} otherwise). The token is an RS256 JWT with {@code typ: at+jwt} (RFC
 *       9068), {@code aud} the resource URL, valid one hour.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} stops the server at once; closing twice does nothing.
 */
public final class DevIssuer implements AutoCloseable {

  /** The one client the issuer knows. */
  public static final String CLIENT_ID = "mcp-dev-client";

  private static final String LOOPBACK = "127.0.0.1";

  static final String OIDC_DISCOVERY = "/.well-known/openid-configuration";
  static final String RFC8414_METADATA = "/.well-known/oauth-authorization-server";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Issuer issuer;
  private final String clientSecret;
  private final ResourceUrl resource;
  private final String defaultScope;
  private final TokenSigner signer;
  private final TokenEndpoint tokenEndpoint;
  private final String metadata;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DevIssuer(
      HttpServer server,
      ExecutorService executor,
      ResourceUrl resource,
      Set<Scope> scopes,
      Clock clock) {
    this.server = server;
    this.executor = executor;
    this.issuer = new Issuer("http://" + LOOPBACK + ":" + server.getAddress().getPort());
    this.clientSecret = randomSecret();
    this.resource = resource;
    this.defaultScope = Scope.join(scopes);
    this.signer = new TokenSigner(issuer.value(), clock);
    this.tokenEndpoint =
        new TokenEndpoint(CLIENT_ID, clientSecret, resource.value(), defaultScope, signer);
    this.metadata = metadata(issuer.value(), scopes);
  }

  /**
   * Starts an issuer for {@code resource} on {@code 127.0.0.1}, with a fresh key and client secret.
   *
   * @param resource the MCP server's resource URL: the only accepted {@code resource} and the
   *     {@code aud} of every token
   * @param scopes the scopes a token carries when the request names none; at least one
   * @param port the loopback port, 0 for a free one
   * @param clock the time for {@code iat} and {@code exp}
   * @throws ListenException if it cannot listen on {@code 127.0.0.1:port}
   * @throws IllegalArgumentException if {@code scopes} is empty
   */
  public static DevIssuer start(ResourceUrl resource, Set<Scope> scopes, int port, Clock clock) {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(clock, "clock");
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("the development issuer needs at least one scope");
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(LOOPBACK, port), 0);
    } catch (IOException e) {
      throw ListenException.of(LOOPBACK, port, e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    DevIssuer issuer = new DevIssuer(server, executor, resource, scopes, clock);
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
    return URI.create(issuer.value() + "/token");
  }

  /** The client id, {@value #CLIENT_ID}. */
  public String clientId() {
    return CLIENT_ID;
  }

  /** The client secret made at start: print it only to the developer's own terminal. */
  public String clientSecret() {
    return clientSecret;
  }

  /** The scopes of a token whose request names none, space-separated. */
  public String defaultScope() {
    return defaultScope;
  }

  /** A token for the resource with the default scopes, as {@code /token} would issue it. */
  public String mintToken() {
    return signer.sign(CLIENT_ID, resource.value(), defaultScope);
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
      TokenEndpoint.Answer answer =
          switch (exchange.getRequestURI().getRawPath()) {
            case OIDC_DISCOVERY, RFC8414_METADATA -> document(method, metadata);
            case "/jwks" -> document(method, signer.publicJwks());
            case "/token" ->
                tokenEndpoint.handle(
                    method,
                    header(exchange, "Content-Type"),
                    header(exchange, "Authorization"),
                    readBounded(exchange.getRequestBody()));
            case "/authorize" ->
                TokenEndpoint.Answer.error(
                    501,
                    "unsupported_response_type",
                    "the development issuer supports only the client_credentials grant at "
                        + tokenEndpoint());
            default -> TokenEndpoint.Answer.error(404, "not_found", "no such endpoint");
          };
      byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
      answer.headers().forEach(exchange.getResponseHeaders()::set);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(answer.status(), -1);
      } else {
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }

  private static TokenEndpoint.Answer document(String method, String json) {
    if (method.equals("GET") || method.equals("HEAD")) {
      return new TokenEndpoint.Answer(200, Map.of(), json);
    }
    TokenEndpoint.Answer refused = TokenEndpoint.Answer.error(405, "invalid_request", "use GET");
    return new TokenEndpoint.Answer(405, Map.of("Allow", "GET, HEAD"), refused.json());
  }

  private static Optional<String> header(HttpExchange exchange, String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  /** Reads one byte past the limit, so that the endpoint can tell a body that is too large. */
  private static byte[] readBounded(InputStream body) throws IOException {
    return body.readNBytes(FormBody.MAX_BYTES + 1);
  }

  private static String metadata(String issuer, Set<Scope> scopes) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", issuer);
    document.put("authorization_endpoint", issuer + "/authorize");
    document.put("token_endpoint", issuer + "/token");
    document.put("jwks_uri", issuer + "/jwks");
    document.put("grant_types_supported", List.of(TokenEndpoint.GRANT_TYPE));
    document.put(
        "token_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post"));
    document.put("scopes_supported", scopes.stream().map(Scope::value).toList());
    document.put("response_types_supported", List.of());
    document.put("subject_types_supported", List.of("public"));
    document.put("id_token_signing_alg_values_supported", List.of("RS256"));
    return JSONObjectUtils.toJSONString(document);
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
