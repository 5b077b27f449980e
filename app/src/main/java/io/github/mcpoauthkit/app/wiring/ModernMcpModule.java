package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.features.FeatureCatalog;
import io.github.mcpoauthkit.app.features.McpServers;
import io.github.mcpoauthkit.app.features.ModernServers;
import io.github.mcpoauthkit.streamablehttp.ModernHttpTransport;
import io.github.mcpoauthkit.streamablehttp.PrincipalBoundRequestState;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * MCP 2026-07-28, stateless by design, beside whichever legacy module is chosen: the SDK's modern
 * server on the catalog's features, and its transport on the same endpoint.
 */
public final class ModernMcpModule extends AbstractModule {

  @Provides
  @Singleton
  ModernHttpTransport transport(
      KitConfig config,
      FeatureCatalog catalog,
      McpServers.Identity identity,
      ResourceServerSettings settings) {
    byte[] key =
        config
            .requestStateKey()
            .map(configured -> configured.bytes())
            .orElseGet(
                () -> {
                  // One replica's key: a retry landing on another replica is refused, as it
                  // should be when the replicas share nothing (the README says so).
                  byte[] random = new byte[32];
                  new SecureRandom().nextBytes(random);
                  return random;
                });
    return ModernHttpTransport.create(
        ModernServers.build(
            catalog,
            identity,
            PrincipalBoundRequestState.codec(key, config.requestStateTtl(), Clock.systemUTC())),
        settings);
  }
}
