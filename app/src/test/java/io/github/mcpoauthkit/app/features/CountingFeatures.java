package io.github.mcpoauthkit.app.features;

import io.github.mcpoauthkit.domain.token.Scope;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A feature set whose every handler counts its runs ({@code MCP_FEATURES=counting}), so that a test
 * can prove a refused request reached no handler: the count must not move. Its tools cover what the
 * 2026-07-28 checks guard: a plain tool ({@code count}), one with an argument mirrored in {@code
 * Mcp-Param-Region} ({@code count_region}), one that asks for input and so issues a {@code
 * requestState} ({@code count_then_ask}), one that needs the scope {@value #SCOPE} ({@code
 * count_scoped}); and a prompt ({@code count_prompt}) and a resource ({@value #RESOURCE}) for
 * {@code Mcp-Name} on {@code prompts/get} and {@code resources/read}. Thread-safe.
 */
public final class CountingFeatures implements McpFeatures {

  /** The scope {@code count_scoped} needs. */
  public static final String SCOPE = "counting:admin";

  /** The URI of the counting resource. */
  public static final String RESOURCE = "count://resource";

  private static final LongAdder RUNS = new LongAdder();

  /** How many times any handler of any server with this feature set ran, in this JVM. */
  public static long runs() {
    return RUNS.sum();
  }

  @Override
  public String name() {
    return "counting";
  }

  @Override
  public void register(FeatureRegistry registry) {
    registry.tool(
        tool("count", Map.of("note", string()), List.of()),
        (context, request) -> counted("counted"));
    Map<String, Object> region = new LinkedHashMap<>(string());
    region.put("x-mcp-header", "Region");
    registry.tool(
        tool("count_region", Map.of("region", region), List.of("region")),
        (context, request) -> counted("counted in " + request.arguments().get("region")));
    registry.tool(
        tool("count_then_ask", Map.of(), List.of()),
        (context, request) -> {
          RUNS.increment();
          McpSchema.ElicitResult answer =
              context.elicit(
                  "ok",
                  McpSchema.ElicitFormRequest.builder(
                          "Go on?",
                          Map.of(
                              "type",
                              "object",
                              "properties",
                              Map.of("go", Map.of("type", "boolean"))))
                      .build());
          return McpSchema.CallToolResult.builder()
              .addTextContent("answered " + answer.action())
              .build();
        });
    registry.tool(
        tool("count_scoped", Map.of(), List.of()),
        Set.of(new Scope(SCOPE)),
        (context, request) -> counted("counted with " + SCOPE));
    registry.prompt(
        McpSchema.Prompt.builder("count_prompt").description("Counts, then prompts").build(),
        (context, request) -> {
          RUNS.increment();
          return McpSchema.GetPromptResult.builder(
                  List.of(
                      McpSchema.PromptMessage.builder(
                              McpSchema.Role.USER, McpSchema.TextContent.builder("counted").build())
                          .build()))
              .build();
        });
    registry.resource(
        McpSchema.Resource.builder(RESOURCE, "count-resource").mimeType("text/plain").build(),
        (context, request) -> {
          RUNS.increment();
          return McpSchema.ReadResourceResult.builder(
                  List.of(
                      McpSchema.TextResourceContents.builder(request.uri(), "counted")
                          .mimeType("text/plain")
                          .build()))
              .build();
        });
  }

  private static McpSchema.CallToolResult counted(String text) {
    RUNS.increment();
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }

  private static McpSchema.Tool tool(
      String name, Map<String, Object> properties, List<String> required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    return McpSchema.Tool.builder(name, schema).description("Counts its runs").build();
  }

  private static Map<String, Object> string() {
    return Map.of("type", "string");
  }
}
