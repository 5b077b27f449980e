package io.github.mcpoauthkit.adapter.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.github.mcpoauthkit.streamablehttp.testing.TestMcpStack;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HelidonSmokeIT {

  private TestMcpStack stack;

  @BeforeEach
  void start() {
    stack = TestMcpStack.onFreePort();
    stack.serving(
        HelidonMcpServer.start(
            stack.handler(),
            "127.0.0.1",
            stack.port(),
            ResourceServerSettings.DEFAULT_MAX_HEADER_BYTES));
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  @Test
  void the_java_sdk_client_lists_and_calls_tools_with_a_bearer_token() {
    String token = stack.token("alice", "mcp:tools");
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + stack.port())
            .addHttpRequestCustomizer(
                (builder, method, uri, body, context) ->
                    builder.header("Authorization", "Bearer " + token))
            .build();
    try (McpSyncClient client =
        McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build()) {
      client.initialize();
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .contains("echo", "whoami");
      McpSchema.CallToolResult echoed =
          client.callTool(
              McpSchema.CallToolRequest.builder("echo")
                  .arguments(Map.of("text", "hi there"))
                  .build());
      assertThat(((McpSchema.TextContent) echoed.content().get(0)).text()).isEqualTo("hi there");
      McpSchema.CallToolResult whoami =
          client.callTool(McpSchema.CallToolRequest.builder("whoami").arguments(Map.of()).build());
      assertThat(((McpSchema.TextContent) whoami.content().get(0)).text()).isEqualTo("alice");
    }
  }

  @Test
  void a_request_without_token_gets_the_challenge() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port() + "/mcp"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json")
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains(
            "Bearer resource_metadata=\"http://localhost:"
                + stack.port()
                + "/.well-known/oauth-protected-resource/mcp\"");
  }
}
