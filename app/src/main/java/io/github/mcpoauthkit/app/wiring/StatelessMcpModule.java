package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.github.mcpoauthkit.app.features.FeatureCatalog;
import io.github.mcpoauthkit.app.features.McpServers;
import io.github.mcpoauthkit.streamablehttp.McpEndpoint;
import io.github.mcpoauthkit.streamablehttp.StatelessHttpTransport;

/** MCP without sessions, for horizontal scaling: the stateless transport and the SDK server. */
public final class StatelessMcpModule extends AbstractModule {

  @Provides
  @Singleton
  StatelessHttpTransport transport() {
    return StatelessHttpTransport.create();
  }

  @Provides
  @Singleton
  McpEndpoint endpoint(StatelessHttpTransport transport) {
    return transport;
  }

  @Provides
  @Singleton
  McpServerHandle server(
      StatelessHttpTransport transport, FeatureCatalog catalog, McpServers.Identity identity) {
    return new McpServerHandle(McpServers.stateless(transport, catalog, identity));
  }
}
