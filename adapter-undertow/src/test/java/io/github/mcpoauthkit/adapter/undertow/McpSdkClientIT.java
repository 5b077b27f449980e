package io.github.mcpoauthkit.adapter.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official MCP Java SDK client against the protected server on Undertow. */
class McpSdkClientIT {

  private McpFixture fixture;
  private UndertowMcpServer server;

  @BeforeEach
  void start() {
    fixture = new McpFixture();
    server =
        UndertowMcpServer.start(
            fixture.handler, "127.0.0.1", 0, ResourceServerSettings.DEFAULT_MAX_HEADER_BYTES);
  }

  @AfterEach
  void stop() {
    server.close();
    fixture.close();
  }

  @Test
  void the_sdk_client_initializes_lists_tools_and_calls_echo() {
    String token = fixture.token();
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.port())
            .addHttpRequestCustomizer(
                (request, method, uri, body, context) ->
                    request.header("Authorization", "Bearer " + token))
            .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
    try {
      McpSchema.InitializeResult initialized = client.initialize();
      McpSchema.ListToolsResult tools = client.listTools();
      McpSchema.CallToolResult result =
          client.callTool(
              McpSchema.CallToolRequest.builder("echo")
                  .arguments(Map.of("text", "hello from the SDK"))
                  .build());

      assertThat(initialized.serverInfo().name()).isEqualTo("test");
      assertThat(tools.tools()).extracting(McpSchema.Tool::name).contains("echo", "flood");
      assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(result.content())
          .singleElement()
          .isInstanceOfSatisfying(
              McpSchema.TextContent.class,
              text -> assertThat(text.text()).isEqualTo("hello from the SDK"));
    } finally {
      assertThat(client.closeGracefully()).isTrue();
    }
  }
}
