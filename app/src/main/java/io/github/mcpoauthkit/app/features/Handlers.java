package io.github.mcpoauthkit.app.features;

import io.modelcontextprotocol.spec.McpSchema;

/** The handler shapes of {@link FeatureRegistry}. */
public final class Handlers {

  private Handlers() {}

  /** Answers a {@code tools/call}. */
  @FunctionalInterface
  public interface Tool {
    McpSchema.CallToolResult call(CallContext context, McpSchema.CallToolRequest request);
  }

  /** Answers a {@code prompts/get}. */
  @FunctionalInterface
  public interface Prompt {
    McpSchema.GetPromptResult get(CallContext context, McpSchema.GetPromptRequest request);
  }

  /** Answers a {@code resources/read} of a resource or a resource template. */
  @FunctionalInterface
  public interface Resource {
    McpSchema.ReadResourceResult read(CallContext context, McpSchema.ReadResourceRequest request);
  }

  /** Answers a {@code completion/complete}. */
  @FunctionalInterface
  public interface Completion {
    McpSchema.CompleteResult complete(CallContext context, McpSchema.CompleteRequest request);
  }
}
