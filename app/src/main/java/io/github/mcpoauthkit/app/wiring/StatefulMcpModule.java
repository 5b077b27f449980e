package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.github.mcpoauthkit.app.features.FeatureCatalog;
import io.github.mcpoauthkit.app.features.McpServers;
import io.github.mcpoauthkit.streamablehttp.McpEndpoint;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.github.mcpoauthkit.streamablehttp.StreamableHttpTransportProvider;

/** MCP with sessions: the Streamable HTTP transport provider and the SDK server on it. */
public final class StatefulMcpModule extends AbstractModule {

  @Provides
  @Singleton
  StreamableHttpTransportProvider provider(ResourceServerSettings settings) {
    return StreamableHttpTransportProvider.create(settings);
  }

  @Provides
  @Singleton
  McpEndpoint endpoint(StreamableHttpTransportProvider provider) {
    return provider;
  }

  @Provides
  @Singleton
  McpServerHandle server(
      StreamableHttpTransportProvider provider,
      FeatureCatalog catalog,
      McpServers.Identity identity) {
    return new McpServerHandle(McpServers.stateful(provider, catalog, identity));
  }
}
