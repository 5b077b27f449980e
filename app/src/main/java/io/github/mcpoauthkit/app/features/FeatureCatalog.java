package io.github.mcpoauthkit.app.features;

import io.github.mcpoauthkit.domain.token.Scope;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;

/** Everything the feature sets registered, in registration order. Not thread-safe while filled. */
public final class FeatureCatalog implements FeatureRegistry {

  record ToolEntry(McpSchema.Tool tool, Set<Scope> scopes, Handlers.Tool handler) {}

  record PromptEntry(McpSchema.Prompt prompt, Handlers.Prompt handler) {}

  record ResourceEntry(McpSchema.Resource resource, Handlers.Resource handler) {}

  record TemplateEntry(McpSchema.ResourceTemplate template, Handlers.Resource handler) {}

  record CompletionEntry(McpSchema.CompleteReference reference, Handlers.Completion handler) {}

  final List<ToolEntry> tools = new ArrayList<>();
  final List<PromptEntry> prompts = new ArrayList<>();
  final List<ResourceEntry> resources = new ArrayList<>();
  final List<TemplateEntry> templates = new ArrayList<>();
  final List<CompletionEntry> completions = new ArrayList<>();
  final ChangeFanout changes = new ChangeFanout();

  /**
   * The catalog of the named feature sets, found with {@link ServiceLoader}.
   *
   * @throws IllegalArgumentException if a name matches no feature set
   */
  public static FeatureCatalog of(List<String> names) {
    Map<String, McpFeatures> available = new LinkedHashMap<>();
    for (McpFeatures features : ServiceLoader.load(McpFeatures.class)) {
      available.put(features.name(), features);
    }
    FeatureCatalog catalog = new FeatureCatalog();
    for (String name : names) {
      McpFeatures features = available.get(name);
      if (features == null) {
        throw new IllegalArgumentException(
            "MCP_FEATURES names '"
                + name
                + "', which is not on the classpath; available: "
                + String.join(", ", available.keySet()));
      }
      features.register(catalog);
    }
    return catalog;
  }

  @Override
  public FeatureRegistry tool(
      McpSchema.Tool tool, Set<Scope> requiredScopes, Handlers.Tool handler) {
    tools.add(new ToolEntry(tool, Set.copyOf(requiredScopes), Objects.requireNonNull(handler)));
    return this;
  }

  @Override
  public FeatureRegistry prompt(McpSchema.Prompt prompt, Handlers.Prompt handler) {
    prompts.add(new PromptEntry(prompt, Objects.requireNonNull(handler)));
    return this;
  }

  @Override
  public FeatureRegistry resource(McpSchema.Resource resource, Handlers.Resource handler) {
    resources.add(new ResourceEntry(resource, Objects.requireNonNull(handler)));
    return this;
  }

  @Override
  public FeatureRegistry resourceTemplate(
      McpSchema.ResourceTemplate template, Handlers.Resource handler) {
    templates.add(new TemplateEntry(template, Objects.requireNonNull(handler)));
    return this;
  }

  @Override
  public FeatureRegistry completion(
      McpSchema.CompleteReference reference, Handlers.Completion handler) {
    completions.add(new CompletionEntry(reference, Objects.requireNonNull(handler)));
    return this;
  }

  @Override
  public FeatureChanges changes() {
    return changes;
  }

  /** The scopes each tool requires, for the transport's step-up check. */
  public Map<String, Set<Scope>> toolScopes() {
    Map<String, Set<Scope>> scopes = new LinkedHashMap<>();
    for (ToolEntry entry : tools) {
      if (!entry.scopes().isEmpty()) {
        scopes.put(entry.tool().name(), entry.scopes());
      }
    }
    return scopes;
  }
}
