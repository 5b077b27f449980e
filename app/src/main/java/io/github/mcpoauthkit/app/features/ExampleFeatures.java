package io.github.mcpoauthkit.app.features;

import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.github.mcpoauthkit.streamablehttp.McpJson;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The examples the server starts with ({@code MCP_FEATURES=examples}): the tool {@code greet}, the
 * prompt {@code greeting-template}, the resource {@code greeting-resource}, and the tool {@code
 * whoami}, which shows what the verified token says about the caller. Copy this class to start your
 * own feature set.
 */
public final class ExampleFeatures implements McpFeatures {

  @Override
  public String name() {
    return "examples";
  }

  @Override
  public void register(FeatureRegistry registry) {
    registry.tool(
        McpSchema.Tool.builder(
                "greet",
                McpJson.mcpMapper(),
                "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\","
                    + "\"description\":\"Who to greet\"}},\"required\":[\"name\"]}")
            .title("Greet")
            .description("Greets someone by name")
            .build(),
        (context, request) -> {
          Object name = request.arguments() == null ? null : request.arguments().get("name");
          return text("Hello, " + (name == null ? "World" : name) + "!");
        });
    registry.tool(
        McpSchema.Tool.builder("whoami", McpJson.mcpMapper(), "{\"type\":\"object\"}")
            .title("Who am I")
            .description("Returns the authenticated subject, client id and scopes of your token")
            .build(),
        (context, request) -> {
          VerifiedToken token = context.principal();
          Map<String, Object> identity = new LinkedHashMap<>();
          identity.put("subject", token.subject());
          identity.put("issuer", token.issuer().value());
          identity.put("clientId", token.clientId().orElse(null));
          List<String> scopes = new ArrayList<>();
          for (Scope scope : token.scopes()) {
            scopes.add(scope.value());
          }
          identity.put("scopes", scopes);
          String json;
          try {
            json = McpJson.objectMapper().writeValueAsString(identity);
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
          }
          return McpSchema.CallToolResult.builder()
              .addTextContent(json)
              .structuredContent(identity)
              .build();
        });
    registry.prompt(
        McpSchema.Prompt.builder("greeting-template")
            .title("Greeting template")
            .description("A prompt that asks for a friendly greeting")
            .arguments(
                List.of(
                    McpSchema.PromptArgument.builder("name")
                        .description("Who to greet")
                        .required(true)
                        .build()))
            .build(),
        (context, request) -> {
          Object name = request.arguments() == null ? null : request.arguments().get("name");
          String text =
              "Please write a short, friendly greeting for "
                  + (name == null ? "someone" : name)
                  + ".";
          return McpSchema.GetPromptResult.builder(
                  List.of(
                      McpSchema.PromptMessage.builder(
                              McpSchema.Role.USER, McpSchema.TextContent.builder(text).build())
                          .build()))
              .description("A friendly greeting")
              .build();
        });
    registry.resource(
        McpSchema.Resource.builder("greeting://default", "greeting-resource")
            .title("Greeting resource")
            .description("A static greeting")
            .mimeType("text/plain")
            .build(),
        (context, request) ->
            McpSchema.ReadResourceResult.builder(
                    List.of(
                        McpSchema.TextResourceContents.builder(
                                request.uri(), "Hello from the MCP OAuth kit!")
                            .mimeType("text/plain")
                            .build()))
                .build());
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }
}
