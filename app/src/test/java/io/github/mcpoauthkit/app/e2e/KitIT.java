package io.github.mcpoauthkit.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.app.Kit;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole application in-process: a real OIDC provider (mock-oauth2-server) on loopback, the
 * configuration, the Guice graph, each packaged web server, and the MCP Java SDK client.
 */
class KitIT {

  private MockOAuth2Server issuer;
  private Kit kit;

  @AfterEach
  void stop() {
    if (kit != null) {
      kit.close();
    }
    if (issuer != null) {
      issuer.shutdown();
    }
  }

  private String start(String transport) {
    return start(transport, true);
  }

  private String start(String transport, boolean checkAudience) {
    issuer = new MockOAuth2Server();
    issuer.start();
    int port = ServerProcesses.freePort();
    String resource = "http://localhost:" + port + "/mcp";
    Map<String, String> environment = new java.util.HashMap<>();
    environment.put("OAUTH_ISSUER_URL", issuer.issuerUrl("default").toString());
    environment.put("PORT", Integer.toString(port));
    environment.put("MCP_TRANSPORT", transport);
    environment.put("MCP_TOOL_SCOPES", "whoami=profile");
    if (checkAudience) {
      environment.put("OAUTH_AUDIENCE", resource);
    }
    KitConfig config = KitConfig.load(ConfigSource.of(Map.of(), environment), false);
    kit = Kit.start(config, config.issuer().orElseThrow());
    return resource;
  }

  private String token(String resource, String scope) {
    return issuer
        .issueToken(
            "default",
            "kit-client",
            resource,
            Map.of("scope", scope, "client_id", "kit-client"),
            600)
        .serialize();
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void the_java_sdk_client_lists_tools_and_calls_greet_and_whoami(String transport) {
    String resource = start(transport);
    String token = token(resource, "profile mcp:tools");
    HttpClientStreamableHttpTransport client =
        HttpClientStreamableHttpTransport.builder("http://localhost:" + kit.port())
            .addHttpRequestCustomizer(
                (builder, method, uri, body, context) ->
                    builder.header("Authorization", "Bearer " + token))
            .build();
    try (McpSyncClient mcp =
        McpClient.sync(client).requestTimeout(Duration.ofSeconds(10)).build()) {
      mcp.initialize();
      assertThat(mcp.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .contains("greet", "whoami");
      McpSchema.CallToolResult greeting =
          mcp.callTool(
              McpSchema.CallToolRequest.builder("greet").arguments(Map.of("name", "Ada")).build());
      assertThat(((McpSchema.TextContent) greeting.content().get(0)).text())
          .isEqualTo("Hello, Ada!");
      McpSchema.CallToolResult whoami =
          mcp.callTool(McpSchema.CallToolRequest.builder("whoami").arguments(Map.of()).build());
      assertThat(((McpSchema.TextContent) whoami.content().get(0)).text())
          .contains("\"clientId\":\"kit-client\"")
          .contains("\"profile\"");
      assertThat(mcp.listPrompts().prompts())
          .extracting(McpSchema.Prompt::name)
          .contains("greeting-template");
      assertThat(mcp.listResources().resources())
          .extracting(McpSchema.Resource::name)
          .contains("greeting-resource");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void a_tool_with_configured_scopes_needs_them(String transport) throws Exception {
    String resource = start(transport);
    String token = token(resource, "mcp:tools");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> init =
        http.send(
            post(
                kit.port(),
                token,
                null,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"),
            HttpResponse.BodyHandlers.ofString());
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();

    HttpResponse<String> call =
        http.send(
            post(
                kit.port(),
                token,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}"),
            HttpResponse.BodyHandlers.ofString());

    assertThat(call.statusCode()).isEqualTo(403);
    assertThat(call.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"")
        .contains("scope=\"mcp:tools profile\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void a_2025_03_26_client_finds_the_authorization_server_on_the_mcp_origin_and_gets_in(
      String transport) throws Exception {
    start(transport, false);
    HttpClient http = HttpClient.newHttpClient();
    String origin = "http://localhost:" + kit.port();

    HttpResponse<String> metadata =
        http.send(
            HttpRequest.newBuilder(URI.create(origin + "/.well-known/oauth-authorization-server"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metadata.statusCode()).isEqualTo(200);
    var document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(metadata.body());
    assertThat(document.get("issuer").asText()).isEqualTo(issuer.issuerUrl("default").toString());
    String tokenEndpoint = document.get("token_endpoint").asText();

    HttpResponse<String> tokenResponse =
        http.send(
            HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=legacy-client"
                            + "&client_secret=secret&scope=mcp"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tokenResponse.statusCode()).isEqualTo(200);
    String token =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(tokenResponse.body())
            .get("access_token")
            .asText();

    HttpResponse<String> init =
        http.send(
            post(
                kit.port(),
                token,
                null,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\",\"capabilities\":{},\"clientInfo\":{\"name\":\"legacy\",\"version\":\"1\"}}}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(init.statusCode()).isEqualTo(200);
    assertThat(init.body()).contains("\"protocolVersion\":\"2025-03-26\"");

    HttpResponse<String> ready =
        http.send(
            HttpRequest.newBuilder(URI.create(origin + "/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"status\":\"UP\"").contains("signingKeys");
  }

  private static HttpRequest post(int port, String token, String session, String json) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/mcp"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (session != null) {
      builder.header("Mcp-Session-Id", session);
    }
    return builder.build();
  }
}
