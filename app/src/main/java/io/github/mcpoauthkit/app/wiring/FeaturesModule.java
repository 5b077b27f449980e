package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.features.FeatureCatalog;
import io.github.mcpoauthkit.app.features.McpServers;

/** The MCP server's features, from the feature sets named in {@code MCP_FEATURES}. */
public final class FeaturesModule extends AbstractModule {

  @Provides
  @Singleton
  FeatureCatalog catalog(KitConfig config) {
    return FeatureCatalog.of(config.features());
  }

  @Provides
  @Singleton
  McpServers.Identity identity() {
    Package kit = FeaturesModule.class.getPackage();
    String version =
        kit.getImplementationVersion() == null ? "dev" : kit.getImplementationVersion();
    return new McpServers.Identity(
        "mcp-oauth-kit", version, "An MCP server protected by OAuth 2.1 bearer tokens.");
  }
}
