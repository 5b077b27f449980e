package io.github.mcpoauthkit.streamablehttp.testing;

import io.github.mcpoauthkit.application.BoundedReplayCache;
import io.github.mcpoauthkit.application.CacheSettings;
import io.github.mcpoauthkit.application.DPoPVerification;
import io.github.mcpoauthkit.application.TokenVerificationService;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.ScopeHierarchy;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.github.mcpoauthkit.domain.token.dpop.DPoPProof;
import io.github.mcpoauthkit.domain.token.dpop.DPoPProofRules;
import io.github.mcpoauthkit.port.driven.Metrics;
import io.github.mcpoauthkit.port.driven.Tracing;
import io.github.mcpoauthkit.streamablehttp.AuthenticatedPrincipal;
import io.github.mcpoauthkit.streamablehttp.McpEndpoint;
import io.github.mcpoauthkit.streamablehttp.McpJson;
import io.github.mcpoauthkit.streamablehttp.ModernHttpTransport;
import io.github.mcpoauthkit.streamablehttp.OriginPolicy;
import io.github.mcpoauthkit.streamablehttp.ReadinessCheck;
import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.github.mcpoauthkit.streamablehttp.StatelessHttpTransport;
import io.github.mcpoauthkit.streamablehttp.StreamableHttpTransportProvider;
import io.github.mcpoauthkit.testing.InMemoryProofDecoder;
import io.github.mcpoauthkit.testing.InMemoryTokenDecoder;
import io.github.mcpoauthkit.testing.StaticIssuerMetadataSource;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The whole protected MCP stack without a web server, for adapter tests: an in-memory token
 * decoder, the token verification service, the resource server handler and a small MCP server
 * (tools {@code echo}, {@code whoami}, {@code admin_only} needing scope {@code mcp:admin}, and
 * {@code notify} which logs and reports progress before it answers; {@code gated}, which logs, then
 * waits until {@code open_gate} is called (at most 10 s) before it answers), beside the MCP
 * 2026-07-28 server of {@link TestModernServer} on the same endpoint.
 */
public final class TestMcpStack implements AutoCloseable {

  public static final Issuer ISSUER = new Issuer("https://issuer.example");
  public static final Scope ADMIN = new Scope("mcp:admin");

  /** A broader scope: the stack's scope hierarchy says it implies {@link #ADMIN}. */
  public static final Scope ROOT = new Scope("mcp:root");

  private final int port;
  private final ResourceUrl resource;
  private static final String SIGNING_KEY = "key-1";
  private static final String UNKNOWN_KEY = "key-unknown";

  private final InMemoryTokenDecoder decoder = new InMemoryTokenDecoder(SIGNING_KEY);
  private final InMemoryProofDecoder proofs = new InMemoryProofDecoder();
  private final ResourceServerHandler handler;
  private final TokenVerificationService authenticator;
  private final AutoCloseable server;
  private final Semaphore gate = new Semaphore(0);
  private final TestModernServer modern = new TestModernServer();

  // MCP SDK 2.2.0 deprecates the legacy era's logging notifications (2026-07-28 replaces them);
  // this stack serves the legacy era, where they still exist.
  @SuppressWarnings("deprecation")
  private TestMcpStack(
      int port,
      boolean stateless,
      UnaryOperator<ResourceServerSettings.Builder> tuning,
      Tracing tracing) {
    this.port = port;
    this.resource = new ResourceUrl("http://localhost:" + port + "/mcp");
    ResourceServerSettings settings =
        tuning
            .apply(
                ResourceServerSettings.builder(resource)
                    .toolScopes(Map.of("admin_only", Set.of(ADMIN)))
                    .origins(
                        OriginPolicy.allowing(
                            Set.of("http://localhost:" + port, "http://127.0.0.1:" + port)))
                    .allowedHosts(Set.of("localhost:" + port, "127.0.0.1:" + port))
                    .resourceName("Test MCP Server")
                    .stateless(stateless))
            .build();
    authenticator =
        new TokenVerificationService(
            decoder,
            ValidationPolicy.forIssuer(ISSUER)
                .withAudiences(Set.of(new Audience(resource.value())))
                .withRequiredScopes(settings.requiredScopes())
                .withScopeHierarchy(ScopeHierarchy.ofChains(List.of(List.of(ROOT, ADMIN)))),
            Clock.systemUTC(),
            CacheSettings.DEFAULT,
            new DPoPVerification(settings.dpop(), proofs, new BoundedReplayCache(1_000)));
    McpEndpoint endpoint;
    if (stateless) {
      StatelessHttpTransport transport = StatelessHttpTransport.create();
      McpStatelessSyncServer mcp =
          McpServer.sync(transport)
              .jsonMapper(McpJson.mcpMapper())
              .serverInfo("test-server", "1.0.0")
              .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
              .tools(
                  new McpStatelessServerFeatures.SyncToolSpecification(
                      tool("echo"),
                      (context, request) -> text("" + request.arguments().get("text"))),
                  new McpStatelessServerFeatures.SyncToolSpecification(
                      tool("whoami"),
                      (context, request) ->
                          text(
                              AuthenticatedPrincipal.from(context)
                                  .map(VerifiedToken::subject)
                                  .orElse("?"))))
              .build();
      server = mcp::close;
      endpoint = transport;
    } else {
      StreamableHttpTransportProvider provider = StreamableHttpTransportProvider.create(settings);
      McpSyncServer mcp =
          McpServer.sync(provider)
              .jsonMapper(McpJson.mcpMapper())
              .serverInfo("test-server", "1.0.0")
              .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
              .tools(
                  McpServerFeatures.SyncToolSpecification.builder()
                      .tool(tool("echo"))
                      .callHandler(
                          (exchange, request) -> text("" + request.arguments().get("text")))
                      .build(),
                  McpServerFeatures.SyncToolSpecification.builder()
                      .tool(tool("whoami"))
                      .callHandler(
                          (exchange, request) ->
                              text(
                                  AuthenticatedPrincipal.from(exchange.transportContext())
                                      .map(VerifiedToken::subject)
                                      .orElse("?")))
                      .build(),
                  McpServerFeatures.SyncToolSpecification.builder()
                      .tool(tool("admin_only"))
                      .callHandler((exchange, request) -> text("admin done"))
                      .build(),
                  McpServerFeatures.SyncToolSpecification.builder()
                      .tool(tool("flood"))
                      .callHandler(
                          (exchange, request) -> {
                            String chunk = "x".repeat(16 * 1024);
                            int sent = 0;
                            try {
                              for (; sent < 100_000; sent++) {
                                exchange.loggingNotification(
                                    McpSchema.LoggingMessageNotification.builder(
                                            McpSchema.LoggingLevel.INFO, chunk)
                                        .build());
                              }
                            } catch (IllegalStateException e) {
                              // The stream was aborted: the client stopped reading.
                            }
                            return text("sent " + sent);
                          })
                      .build(),
                  McpServerFeatures.SyncToolSpecification.builder()
                      .tool(tool("gated"))
                      .callHandler(
                          (exchange, request) -> {
                            exchange.loggingNotification(
                                McpSchema.LoggingMessageNotification.builder(
                                        McpSchema.LoggingLevel.INFO, "waiting for open_gate")
                                    .build());
                            try {
                              boolean opened = gate.tryAcquire(10, TimeUnit.SECONDS);
                              return text(opened ? "gate opened" : "gate timed out");
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                              return text("interrupted");
                            }
                          })
                      .build(),
                  McpServerFeatures.SyncToolSpecification.builder()
                      .tool(tool("open_gate"))
                      .callHandler(
                          (exchange, request) -> {
                            gate.release();
                            return text("opened");
                          })
                      .build(),
                  McpServerFeatures.SyncToolSpecification.builder()
                      .tool(tool("notify"))
                      .callHandler(
                          (exchange, request) -> {
                            exchange.loggingNotification(
                                McpSchema.LoggingMessageNotification.builder(
                                        McpSchema.LoggingLevel.INFO, "working")
                                    .build());
                            Object token = request.progressToken();
                            if (token != null) {
                              exchange.progressNotification(
                                  McpSchema.ProgressNotification.builder(token, 0.5)
                                      .total(1.0)
                                      .message("half")
                                      .build());
                            }
                            return text("notified");
                          })
                      .build())
              .build();
      server = mcp::close;
      endpoint = provider;
    }
    handler =
        new ResourceServerHandler(
            settings,
            authenticator,
            StaticIssuerMetadataSource.metadataFor(ISSUER),
            endpoint,
            ModernHttpTransport.create(modern.server, settings),
            ReadinessCheck.ALWAYS_READY,
            Metrics.NONE,
            tracing);
  }

  /** A stateful stack for a server about to listen on a free loopback port. */
  public static TestMcpStack onFreePort() {
    return new TestMcpStack(freePort(), false, UnaryOperator.identity(), Tracing.NONE);
  }

  /** A stateful stack whose handler records spans in {@code tracing}. */
  public static TestMcpStack tracedBy(Tracing tracing) {
    return new TestMcpStack(freePort(), false, UnaryOperator.identity(), tracing);
  }

  /** A stack with these settings changes. */
  public static TestMcpStack onFreePort(
      boolean stateless, UnaryOperator<ResourceServerSettings.Builder> tuning) {
    return new TestMcpStack(freePort(), stateless, tuning, Tracing.NONE);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static McpSchema.Tool tool(String name) {
    return McpSchema.Tool.builder(
            name,
            McpJson.mcpMapper(),
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
        .description("test tool " + name)
        .build();
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }

  /** The public URL of the stack's MCP endpoint. */
  public ResourceUrl resource() {
    return resource;
  }

  /** The port the web server must listen on. */
  public int port() {
    return port;
  }

  /** The MCP endpoint's URL. */
  public String mcpUrl() {
    return resource.value();
  }

  public ResourceServerHandler handler() {
    return handler;
  }

  /** Lets the stack stop the web server too. */
  public TestMcpStack serving(AutoCloseable webServer) {
    this.webServer = webServer;
    return this;
  }

  private AutoCloseable webServer;

  /** A valid token for {@code subject} with these scopes. */
  public String token(String subject, String scope) {
    return decoder.issue(validClaims(subject, scope));
  }

  /** A valid token for {@code subject} bound to the DPoP key of thumbprint {@code jkt}. */
  public String boundToken(String subject, String scope, String jkt) {
    Map<String, Object> claims = validClaims(subject, scope);
    claims.put("cnf", Map.of("jkt", jkt));
    return decoder.issue(claims);
  }

  private Map<String, Object> validClaims(String subject, String scope) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER.value());
    claims.put("sub", subject);
    claims.put("aud", resource.value());
    claims.put("exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
    claims.put("scope", scope);
    claims.put("client_id", "test-client");
    return claims;
  }

  /**
   * A DPoP proof for a POST to this stack's MCP endpoint with {@code token}, made now by the key of
   * thumbprint {@code jkt}, with a fresh {@code jti}.
   */
  public String proof(String token, String jkt) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("htm", "POST");
    claims.put("htu", resource.value());
    claims.put("iat", Instant.now().getEpochSecond());
    claims.put("ath", DPoPProofRules.tokenHash(new BearerToken(token)));
    return proofs.issue(new DPoPProof(Optional.of("dpop+jwt"), "ES256", jkt, claims));
  }

  /** A token that is expired. */
  public String expiredToken(String subject) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER.value());
    claims.put("sub", subject);
    claims.put("aud", resource.value());
    claims.put("exp", Instant.now().minus(Duration.ofHours(1)).getEpochSecond());
    return decoder.issue(claims);
  }

  /** A token for another audience. */
  public String tokenForOtherAudience(String subject) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER.value());
    claims.put("sub", subject);
    claims.put("aud", "https://other.example/mcp");
    claims.put("exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
    return decoder.issue(claims);
  }

  /**
   * A valid token for {@code subject}, but signed by a key the key set does not hold: refused while
   * the key set is reachable, undecided while it is not.
   */
  public String tokenWithUnknownKey(String subject) {
    decoder.rotateTo(UNKNOWN_KEY);
    try {
      return token(subject, "");
    } finally {
      decoder.removeKey(UNKNOWN_KEY);
      decoder.rotateTo(SIGNING_KEY);
    }
  }

  /** Moves the clock by which the modern server's sealed request states expire. */
  public void advanceRequestStateClock(Duration duration) {
    modern.advanceClock(duration);
  }

  /** How many modern {@code stall} calls were cancelled because their response stream closed. */
  public long cancelledModernCalls() {
    return modern.cancelledCalls();
  }

  /** Waits until a modern {@code stall} call has started. */
  public boolean awaitModernStall(Duration timeout) throws InterruptedException {
    return modern.awaitStall(timeout);
  }

  /** Lets one {@code gated} call answer, as {@code open_gate} does, without a request. */
  public void openGate() {
    gate.release();
  }

  /** Makes the issuer's key set reachable or unreachable. */
  public void keySetReachable(boolean reachable) {
    decoder.setKeySetUnreachable(!reachable);
  }

  /**
   * How many times the handler has verified credentials so far: every {@code authenticate} call
   * with a JWT in its one {@code Authorization} header finds it in the verified-token cache or
   * verifies it, once.
   */
  public long credentialLookups() {
    return authenticator.cacheHits() + authenticator.cacheMisses();
  }

  /** The decoder, to make the key set unreachable and so on. */
  public InMemoryTokenDecoder decoder() {
    return decoder;
  }

  @Override
  public void close() {
    try {
      // The sessions and streams end first, as a graceful stop ends them at its bound: the web
      // server's close waits for requests in flight, open event streams included.
      handler.shutdown();
      if (webServer != null) {
        webServer.close();
      }
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the test stack failed", e);
    }
  }
}
