package io.github.mcpoauthkit.app.features;

/**
 * Tells clients that the features changed: on MCP 2026-07-28 to every {@code subscriptions/listen}
 * stream that asked for the change, on legacy sessions as list-changed notifications. Thread-safe;
 * call it from anywhere, at any time after startup.
 */
public interface FeatureChanges {

  /** The list of tools changed. */
  void toolsChanged();

  /** The list of prompts changed. */
  void promptsChanged();

  /** The list of resources changed. */
  void resourcesChanged();

  /** The resource at {@code uri} changed. */
  void resourceUpdated(String uri);
}
