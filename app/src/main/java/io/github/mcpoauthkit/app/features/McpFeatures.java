package io.github.mcpoauthkit.app.features;

/**
 * The extension point for your own tools, prompts and resources. Implement it, list the class in
 * {@code META-INF/services/io.github.mcpoauthkit.app.features.McpFeatures}, put the jar on the
 * classpath, and name it in {@code MCP_FEATURES}. {@link ExampleFeatures} shows how.
 */
public interface McpFeatures {

  /** The name used in {@code MCP_FEATURES}, such as {@code examples}. */
  String name();

  /** Adds the features. Called once at startup. */
  void register(FeatureRegistry registry);
}
