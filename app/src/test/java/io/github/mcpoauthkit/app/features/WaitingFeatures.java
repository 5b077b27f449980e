package io.github.mcpoauthkit.app.features;

import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool that stays in flight until the test lets it finish ({@code MCP_FEATURES=waiting}), for the
 * tests of a graceful stop: {@code wait_for_file} reports progress (so that the client sees the
 * call under way), then waits until the file {@code path} names exists, at most {@link #LONGEST},
 * and answers with the file's name. The test and the server share the file system, so the test
 * decides when the call ends without any timing of its own. Test code: never in the artifact users
 * run.
 */
public final class WaitingFeatures implements McpFeatures {

  /** The longest a call waits before it answers {@code gave up}. */
  static final Duration LONGEST = Duration.ofSeconds(60);

  @Override
  public String name() {
    return "waiting";
  }

  @Override
  public void register(FeatureRegistry registry) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", Map.of("path", Map.of("type", "string")));
    schema.put("required", List.of("path"));
    registry.tool(
        McpSchema.Tool.builder("wait_for_file", schema)
            .description("Waits until a file exists, then answers")
            .build(),
        (context, request) -> {
          Path file = Path.of(String.valueOf(request.arguments().get("path")));
          context.progress(0, 1.0, "waiting for " + file.getFileName());
          long deadline = System.nanoTime() + LONGEST.toNanos();
          try {
            while (!Files.exists(file)) {
              if (System.nanoTime() > deadline) {
                return text("gave up waiting for " + file.getFileName());
              }
              Thread.sleep(20);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return text("interrupted while waiting for " + file.getFileName());
          }
          return text("found " + file.getFileName());
        });
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }
}
