package io.github.mcpoauthkit.app.features;

import io.github.mcpoauthkit.domain.token.Scope;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Set;

/** Collects the tools, prompts, resources and completions of {@link McpFeatures}. */
public interface FeatureRegistry {

  /**
   * A tool. A {@code tools/call} of it by a token without {@code requiredScopes} is answered 403
   * {@code insufficient_scope} with those scopes (step-up), before the handler runs.
   */
  FeatureRegistry tool(McpSchema.Tool tool, Set<Scope> requiredScopes, Handlers.Tool handler);

  /** A tool any authenticated caller may use. */
  default FeatureRegistry tool(McpSchema.Tool tool, Handlers.Tool handler) {
    return tool(tool, Set.of(), handler);
  }

  /** A prompt. */
  FeatureRegistry prompt(McpSchema.Prompt prompt, Handlers.Prompt handler);

  /** A resource. */
  FeatureRegistry resource(McpSchema.Resource resource, Handlers.Resource handler);

  /** A resource template, such as {@code test://template/{id}/data}. */
  FeatureRegistry resourceTemplate(McpSchema.ResourceTemplate template, Handlers.Resource handler);

  /** Completions for a prompt's or resource template's arguments. */
  FeatureRegistry completion(McpSchema.CompleteReference reference, Handlers.Completion handler);

  /** Where to announce that features changed; keep it and call it whenever they do. */
  FeatureChanges changes();
}
