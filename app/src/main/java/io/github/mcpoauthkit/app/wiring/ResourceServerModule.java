package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.config.Settings;
import io.github.mcpoauthkit.app.features.FeatureCatalog;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.port.driven.Metrics;
import io.github.mcpoauthkit.port.driven.Tracing;
import io.github.mcpoauthkit.port.driving.RequestAuthenticator;
import io.github.mcpoauthkit.streamablehttp.McpEndpoint;
import io.github.mcpoauthkit.streamablehttp.ModernHttpTransport;
import io.github.mcpoauthkit.streamablehttp.OriginPolicy;
import io.github.mcpoauthkit.streamablehttp.ReadinessCheck;
import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The endpoint's settings and the transport-neutral handler every web server delegates to. */
public final class ResourceServerModule extends AbstractModule {

  @Provides
  @Singleton
  ResourceServerSettings settings(KitConfig config, FeatureCatalog catalog) {
    Map<String, Set<Scope>> toolScopes = new LinkedHashMap<>(catalog.toolScopes());
    config
        .toolScopes()
        .forEach(
            (tool, scopes) -> {
              Set<Scope> merged = new LinkedHashSet<>(toolScopes.getOrDefault(tool, Set.of()));
              merged.addAll(scopes);
              toolScopes.put(tool, merged);
            });
    ResourceServerSettings.Builder builder =
        ResourceServerSettings.builder(config.resource())
            .requiredScopes(config.requiredScopes())
            .toolScopes(toolScopes)
            .origins(OriginPolicy.allowing(config.allowedOrigins()))
            .resourceName("MCP OAuth Kit")
            .stateless(config.stateless())
            .maxBodyBytes(config.maxBodyBytes())
            .maxHeaderBytes(config.maxHeaderBytes())
            .maxSessions(config.maxSessions())
            .maxSubscriptionsPerSubject(config.maxSubscriptionsPerSubject())
            .sessionIdleTimeout(config.sessionIdleTimeout())
            .dpop(config.dpop())
            .additionalIssuers(config.additionalIssuers())
            .auditLog(auditLog(config));
    builder.allowedHosts(HostAllowList.of(config));
    return builder.build();
  }

  private static ResourceServerSettings.AuditLogFormat auditLog(KitConfig config) {
    if (!config.auditLog()) {
      return ResourceServerSettings.AuditLogFormat.OFF;
    }
    return config.logFormat() == Settings.LogFormat.JSON
        ? ResourceServerSettings.AuditLogFormat.JSON
        : ResourceServerSettings.AuditLogFormat.TEXT;
  }

  @Provides
  @Singleton
  ResourceServerHandler handler(
      ResourceServerSettings settings,
      RequestAuthenticator authenticator,
      IssuerKeys first,
      McpEndpoint endpoint,
      ModernHttpTransport modern,
      ReadinessCheck readiness,
      Metrics metrics,
      Tracing tracing) {
    return new ResourceServerHandler(
        settings,
        authenticator,
        first.issuer(),
        first::metadata,
        endpoint,
        modern,
        readiness,
        metrics,
        tracing);
  }
}
