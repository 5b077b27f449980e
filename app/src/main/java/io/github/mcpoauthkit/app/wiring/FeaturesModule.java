package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.features.FeatureCatalog;
import io.github.mcpoauthkit.app.features.McpServers;

/** The MCP server's features, from the feature sets named in {@code MCP_FEATURES}. */
public final class FeaturesModule extends AbstractModule {

  private final FeatureCatalog catalog;

  private FeaturesModule(FeatureCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Finds the named feature sets now, so that a name not on the classpath stops startup before
   * anything is fetched or started, with its own one-line message.
   *
   * @throws IllegalArgumentException if a name matches no feature set
   */
  public static FeaturesModule named(KitConfig config) {
    return new FeaturesModule(FeatureCatalog.of(config.features()));
  }

  @Override
  protected void configure() {
    bind(FeatureCatalog.class).toInstance(catalog);
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
