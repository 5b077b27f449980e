package io.github.mcpoauthkit.adapter.undertow;

import io.github.mcpoauthkit.application.CacheSettings;
import io.github.mcpoauthkit.application.TokenVerificationService;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.streamablehttp.McpJson;
import io.github.mcpoauthkit.streamablehttp.ModernHttpTransport;
import io.github.mcpoauthkit.streamablehttp.ReadinessCheck;
import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.github.mcpoauthkit.streamablehttp.StreamableHttpTransportProvider;
import io.github.mcpoauthkit.testing.InMemoryTokenDecoder;
import io.github.mcpoauthkit.testing.StaticIssuerMetadataSource;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A real protected MCP server for the adapter tests: the in-memory token decoder, the token
 * verification service, the session transport and an MCP server with two tools: {@code echo}, and
 * {@code flood}, which logs large messages until its stream breaks.
 */
final class McpFixture implements AutoCloseable {

  static final Issuer ISSUER = new Issuer("https://issuer.example");
  static final String RESOURCE = "http://localhost:3000/mcp";
  static final String METADATA_URL =
      "http://localhost:3000/.well-known/oauth-protected-resource/mcp";
  static final String PROTOCOL_VERSION = "2025-11-25";

  private static final String ECHO_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
          + "\"required\":[\"text\"]}";

  final InMemoryTokenDecoder decoder = new InMemoryTokenDecoder("key-1");
  final ResourceServerHandler handler;
  private final McpSyncServer mcp;

  McpFixture() {
    this(settings -> settings);
  }

  // MCP SDK 2.2.0 deprecates the legacy era's logging notifications (2026-07-28 replaces them);
  // this stack serves the legacy era, where they still exist.
  @SuppressWarnings("deprecation")
  McpFixture(UnaryOperator<ResourceServerSettings.Builder> customize) {
    ResourceServerSettings settings =
        customize.apply(ResourceServerSettings.builder(new ResourceUrl(RESOURCE))).build();
    StreamableHttpTransportProvider provider = StreamableHttpTransportProvider.create(settings);
    mcp =
        McpServer.sync(provider)
            .jsonMapper(McpJson.mcpMapper())
            .serverInfo("test", "1")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
            .tools(echo(), flood())
            .build();
    TokenVerificationService authenticator =
        new TokenVerificationService(
            decoder,
            ValidationPolicy.forIssuer(ISSUER).withAudiences(Set.of(new Audience(RESOURCE))),
            Clock.systemUTC(),
            CacheSettings.DEFAULT);
    handler =
        new ResourceServerHandler(
            settings,
            authenticator,
            StaticIssuerMetadataSource.metadataFor(ISSUER),
            provider,
            ModernHttpTransport.create(
                io.modelcontextprotocol.modern.server.McpServer.builder()
                    .serverInfo(
                        io.modelcontextprotocol.modern.McpSchema.Implementation.builder("test", "1")
                            .build())
                    .jsonMapper(McpJson.mcpMapper())
                    .build(),
                settings),
            ReadinessCheck.ALWAYS_READY);
  }

  /** A valid token for alice, good for an hour. */
  String token() {
    return decoder.issue(
        Map.of(
            "iss",
            ISSUER.value(),
            "sub",
            "alice",
            "aud",
            RESOURCE,
            "exp",
            Instant.now().plusSeconds(3600).getEpochSecond()));
  }

  private static McpServerFeatures.SyncToolSpecification echo() {
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(
            McpSchema.Tool.builder("echo", McpJson.mcpMapper(), ECHO_SCHEMA)
                .description("Answers its text")
                .build())
        .callHandler(
            (exchange, request) ->
                McpSchema.CallToolResult.builder()
                    .addTextContent(String.valueOf(request.arguments().get("text")))
                    .build())
        .build();
  }

  // MCP SDK 2.2.0 deprecates the legacy era's logging notifications (2026-07-28 replaces them);
  // this stack serves the legacy era, where they still exist.
  @SuppressWarnings("deprecation")
  private static McpServerFeatures.SyncToolSpecification flood() {
    String chunk = "x".repeat(16 * 1024);
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(
            McpSchema.Tool.builder("flood", McpJson.mcpMapper(), "{\"type\":\"object\"}")
                .description("Logs 16 KiB messages until its stream breaks")
                .build())
        .callHandler(
            (exchange, request) -> {
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
              return McpSchema.CallToolResult.builder().addTextContent("sent " + sent).build();
            })
        .build();
  }

  @Override
  public void close() {
    mcp.closeGracefully();
  }
}
