package io.github.mcpoauthkit.app;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.github.mcpoauthkit.adapter.micrometer.MicrometerMetrics;
import io.github.mcpoauthkit.adapter.micrometer.PrometheusEndpoint;
import io.github.mcpoauthkit.adapter.nimbus.NimbusIssuerMetadataSource;
import io.github.mcpoauthkit.adapter.nimbus.NimbusTokenDecoder;
import io.github.mcpoauthkit.adapter.opentelemetry.OpenTelemetryTracing;
import io.github.mcpoauthkit.adapter.opentelemetry.OtlpSettings;
import io.github.mcpoauthkit.app.config.IntrospectionConfig;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.wiring.ConfigModule;
import io.github.mcpoauthkit.app.wiring.FeaturesModule;
import io.github.mcpoauthkit.app.wiring.IssuerKeys;
import io.github.mcpoauthkit.app.wiring.McpServerHandle;
import io.github.mcpoauthkit.app.wiring.MicrometerMetricsModule;
import io.github.mcpoauthkit.app.wiring.ModernMcpModule;
import io.github.mcpoauthkit.app.wiring.NimbusIntrospectionModule;
import io.github.mcpoauthkit.app.wiring.NimbusJwksModule;
import io.github.mcpoauthkit.app.wiring.NoMetricsModule;
import io.github.mcpoauthkit.app.wiring.NoTracingModule;
import io.github.mcpoauthkit.app.wiring.OpenTelemetryTracingModule;
import io.github.mcpoauthkit.app.wiring.ResourceServerModule;
import io.github.mcpoauthkit.app.wiring.StatefulMcpModule;
import io.github.mcpoauthkit.app.wiring.StatelessMcpModule;
import io.github.mcpoauthkit.app.wiring.TokenVerificationModule;
import io.github.mcpoauthkit.app.wiring.TransportModule;
import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import io.github.mcpoauthkit.port.driven.IssuerMetadataException;
import io.github.mcpoauthkit.port.driven.KeySetException;
import io.github.mcpoauthkit.port.driven.Metrics;
import io.github.mcpoauthkit.port.driven.Tracing;
import io.github.mcpoauthkit.streamablehttp.GracefulShutdown;
import io.github.mcpoauthkit.streamablehttp.ListenException;
import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: discovery and keys fetched first (a failure stops startup before any port
 * opens, unless {@code OAUTH_START_DEGRADED} lets an unreachable issuer be connected in the
 * background while its tokens get 503), then the object graph, then the web server. Tests start it
 * in-process with {@link #start(KitConfig, Issuer)}.
 */
public final class Kit implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Kit.class);

  static {
    // The kit binds no method interceptors, so Guice needs no generated classes: with bytecode
    // generation off it neither defines classes through sun.misc.Unsafe (a deprecation warning at
    // every start on JDK 24+) nor spends startup time generating them. An explicit setting wins.
    if (System.getProperty("guice_bytecode_gen_option") == null) {
      System.setProperty("guice_bytecode_gen_option", "DISABLED");
    }
  }

  private final List<IssuerKeys> issuers;
  private final McpServerHandle mcp;
  private final WebServerFactory.RunningServer server;
  private final Optional<PrometheusEndpoint> management;
  private final Tracing tracing;
  private final GracefulShutdown shutdown;
  private final Duration drain;
  private volatile boolean closed;

  private Kit(
      List<IssuerKeys> issuers,
      McpServerHandle mcp,
      WebServerFactory.RunningServer server,
      Optional<PrometheusEndpoint> management,
      Tracing tracing,
      GracefulShutdown shutdown,
      Duration drain) {
    this.issuers = List.copyOf(issuers);
    this.mcp = mcp;
    this.server = server;
    this.management = management;
    this.tracing = tracing;
    this.shutdown = shutdown;
    this.drain = drain;
  }

  // The issuer whose tokens are introspected: OAUTH_INTROSPECTION_ISSUER, which the configuration
  // checked is trusted, else the first.
  private static IssuerKeys introspectedIssuer(KitConfig config, List<IssuerKeys> issuers) {
    return config
        .introspection()
        .flatMap(
            introspection ->
                issuers.stream()
                    .filter(keys -> keys.issuer().equals(introspection.issuer()))
                    .findFirst())
        .orElse(issuers.get(0));
  }

  // The endpoint is the configured one, else the issuer's; without either, startup stops here,
  // before any listener opens.
  private static Optional<Module> introspectionModule(
      KitConfig config, IssuerKeys asked, List<IssuerKeys> issuers) {
    if (config.introspection().isEmpty()) {
      return Optional.empty();
    }
    IntrospectionConfig introspection = config.introspection().get();
    Optional<URI> endpoint =
        introspection
            .endpoint()
            .or(
                () ->
                    asked
                        .metadata()
                        .flatMap(IssuerMetadata::introspectionEndpoint)
                        .map(URI::create));
    try {
      if (endpoint.isEmpty() && asked.pending()) {
        throw new StartupException(
            "Token introspection is configured without OAUTH_INTROSPECTION_ENDPOINT, and the"
                + " issuer "
                + asked.issuer().value()
                + " that would publish its introspection_endpoint could not be reached.\nSet"
                + " OAUTH_INTROSPECTION_ENDPOINT to start degraded (OAUTH_START_DEGRADED), or make"
                + " the issuer reachable.");
      }
      if (endpoint.isEmpty()) {
        throw new StartupException(
            "Token introspection is configured but the issuer "
                + asked.issuer().value()
                + " publishes no introspection_endpoint.\nSet OAUTH_INTROSPECTION_ENDPOINT to its"
                + " RFC 7662 endpoint, or OAUTH_VERIFICATION=jwt if its tokens are JWTs.");
      }
      Module module = new NimbusIntrospectionModule(introspection, endpoint.get());
      LOG.info(
          "Token introspection ({}) at {} as client {} ({}); answers cached up to {} for {}",
          introspection.jwtsLocally()
              ? "hybrid: JWTs locally, other tokens introspected"
              : "every token",
          endpoint.get(),
          introspection.auth().clientId(),
          introspection.auth().method().value(),
          introspection.limits().cacheSize(),
          introspection.limits().cacheTtl());
      return Optional.of(module);
    } catch (IllegalArgumentException e) {
      issuers.forEach(IssuerKeys::close);
      throw new StartupException(e.getMessage() + "\nCheck OAUTH_INTROSPECTION_ENDPOINT.", e);
    } catch (StartupException e) {
      issuers.forEach(IssuerKeys::close);
      throw e;
    }
  }

  /**
   * Starts the server for {@code issuer}.
   *
   * @throws io.github.mcpoauthkit.port.driven.IssuerMetadataException if discovery fails and {@code
   *     OAUTH_START_DEGRADED} is off
   * @throws io.github.mcpoauthkit.port.driven.KeySetException if the JWKS cannot be fetched and
   *     {@code OAUTH_START_DEGRADED} is off
   * @throws StartupException if the web server cannot listen on {@code HOST:PORT}, or the
   *     management listener on {@code MANAGEMENT_HOST:MANAGEMENT_PORT}
   * @throws IllegalStateException if the build did not package the web server {@code MCP_TRANSPORT}
   *     names
   */
  public static Kit start(KitConfig config, Issuer issuer) {
    if (config.audiences().isEmpty()) {
      LOG.warn(
          "OAUTH_AUDIENCE is not set: tokens issued for ANY resource of {} are accepted. The MCP"
              + " specification requires servers to reject tokens not issued for them; set"
              + " OAUTH_AUDIENCE={} (or the audience your authorization server puts in aud).",
          issuer.value(),
          config.resource().value());
    }
    if (config.requiredScopes().contains(Scope.OFFLINE_ACCESS)
        || config.toolScopes().values().stream().anyMatch(s -> s.contains(Scope.OFFLINE_ACCESS))) {
      LOG.warn(
          "offline_access is configured as a scope this server requires; it asks the authorization"
              + " server for refresh tokens and grants nothing on this resource, so it is left out"
              + " of scopes_supported and of every challenge (MCP 2026-07-28), but tokens without"
              + " it are still refused: remove it from OAUTH_REQUIRED_SCOPES and MCP_TOOL_SCOPES");
    }
    if (config.http().allowInsecureHttp()) {
      LOG.warn("OAUTH_ALLOW_INSECURE_HTTP is on: plain http issuers are accepted (testing only)");
    }
    TransportModule transport = TransportModule.packaged(config.transport());
    FeaturesModule features = FeaturesModule.named(config);
    IssuerKeys first =
        keysOf(config, issuer, connector(config, issuer, config.issuerMetadataUrl()));
    List<IssuerKeys> issuers = new ArrayList<>(List.of(first));
    List<IssuerKeys> additional = connectAdditionalIssuers(config, issuers);
    Optional<Module> introspection =
        introspectionModule(config, introspectedIssuer(config, issuers), issuers);
    Optional<MicrometerMetrics> micrometer =
        config.managementPort().map(port -> MicrometerMetrics.create());
    // The SDK is created (and loaded at all) only when traces are wanted.
    Tracing tracing = config.otlpEndpoint().isPresent() ? openTelemetry(config) : Tracing.NONE;
    try {
      Injector injector =
          Guice.createInjector(
              List.<Module>of(
                  new ConfigModule(config),
                  micrometer
                      .<Module>map(MicrometerMetricsModule::new)
                      .orElse(new NoMetricsModule()),
                  tracing == Tracing.NONE
                      ? new NoTracingModule()
                      : new OpenTelemetryTracingModule((OpenTelemetryTracing) tracing),
                  new NimbusJwksModule(first, additional),
                  new TokenVerificationModule(),
                  introspection.orElseGet(() -> binder -> {}),
                  features,
                  config.stateless() ? new StatelessMcpModule() : new StatefulMcpModule(),
                  new ModernMcpModule(),
                  new ResourceServerModule(),
                  transport));
      registerKeySetFigures(injector.getInstance(Metrics.class), first);
      McpServerHandle mcp = injector.getInstance(McpServerHandle.class);
      ResourceServerHandler handler = injector.getInstance(ResourceServerHandler.class);
      WebServerFactory webServer = injector.getInstance(WebServerFactory.class);
      WebServerFactory.RunningServer server;
      try {
        server =
            webServer.start(
                handler,
                config.host(),
                config.port(),
                config.maxHeaderBytes(),
                config.connectionIdleTimeout(),
                GracefulShutdown.webServerGrace(config.shutdownTimeout()));
      } catch (ListenException e) {
        closeQuietly(mcp);
        throw ListenFailures.mcpServer(e);
      }
      Optional<PrometheusEndpoint> management;
      try {
        management =
            micrometer.map(
                metrics ->
                    PrometheusEndpoint.start(
                        metrics, config.managementHost(), config.managementPort().orElseThrow()));
      } catch (UncheckedIOException e) {
        server.close();
        closeQuietly(mcp);
        throw new StartupException(
            e.getMessage()
                + "\nCheck that MANAGEMENT_PORT is free and MANAGEMENT_HOST is an address of this"
                + " host, or unset MANAGEMENT_PORT to run without metrics.",
            e);
      }
      management.ifPresent(
          endpoint ->
              LOG.info(
                  "Metrics at http://{}:{}/metrics (Prometheus text, no authentication)",
                  config.managementHost(),
                  endpoint.port()));
      LOG.info(
          "MCP server listening on http://{}:{} ({}, {}); resource {}; metadata {}; issuer {};"
              + " audience {}",
          config.host(),
          server.port(),
          webServer.name(),
          config.stateless() ? "stateless" : "sessions",
          config.resource().value(),
          config.resource().metadataUrl(),
          issuer.value(),
          config.audiences().isEmpty() ? "NOT CHECKED" : config.audiences());
      if (config.dpop().mode() != DPoPPolicy.Mode.OFF) {
        LOG.info(
            "DPoP {}: proofs signed with {}, at most {}s old, for {}; {} proofs remembered against"
                + " replay; server nonces {}",
            config.dpop().mode().name().toLowerCase(Locale.ROOT),
            String.join(",", config.dpop().algorithms()),
            config.dpop().maxAge().toSeconds(),
            config.dpop().expectedHtu(),
            config.dpopReplayCacheSize(),
            config.dpopNonces().isPresent() ? "on" : "off");
      }
      return new Kit(
          issuers,
          mcp,
          server,
          management,
          tracing,
          new GracefulShutdown(handler, server, config.shutdownTimeout()),
          config.shutdownDrain());
    } catch (RuntimeException e) {
      closeTracing(tracing);
      issuers.forEach(IssuerKeys::close);
      throw e;
    }
  }

  /**
   * Discovers {@code issuer} (at {@code metadataUrl} when given, else its well-known URLs) and
   * fetches its keys; each call tries again.
   */
  private static Supplier<IssuerKeys.Connected> connector(
      KitConfig config, Issuer issuer, Optional<URI> metadataUrl) {
    return () -> {
      IssuerMetadata metadata =
          metadataUrl
              .map(url -> new NimbusIssuerMetadataSource(issuer, url, config.http()))
              .orElseGet(() -> new NimbusIssuerMetadataSource(issuer, config.http()))
              .fetch();
      return new IssuerKeys.Connected(
          metadata,
          NimbusTokenDecoder.connect(
              URI.create(metadata.jwksUri()),
              TokenVerificationModule.policy(config, issuer).algorithms(),
              config.keys(),
              config.http(),
              Clock.systemUTC()));
    };
  }

  // Each further issuer is discovered and keyed on its own, as the first was; any that cannot be
  // stops startup with its discovery or key-set message, after closing what was opened, unless
  // OAUTH_START_DEGRADED lets it be connected in the background.
  private static List<IssuerKeys> connectAdditionalIssuers(
      KitConfig config, List<IssuerKeys> issuers) {
    List<IssuerKeys> additional = new ArrayList<>();
    try {
      for (Issuer issuer : config.additionalIssuers()) {
        IssuerKeys keys = keysOf(config, issuer, connector(config, issuer, Optional.empty()));
        additional.add(keys);
        issuers.add(keys);
        if (!keys.pending()) {
          LOG.info("Also trusted: issuer {}", issuer.value());
        }
      }
    } catch (RuntimeException e) {
      issuers.forEach(IssuerKeys::close);
      throw e;
    }
    return additional;
  }

  // Only an issuer that cannot be fetched is tolerated: a setting the configuration refused never
  // gets here, and anything else than a failed discovery or key-set fetch still stops startup.
  private static IssuerKeys keysOf(
      KitConfig config, Issuer issuer, Supplier<IssuerKeys.Connected> connect) {
    try {
      return IssuerKeys.connected(issuer, connect.get());
    } catch (IssuerMetadataException | KeySetException e) {
      if (!config.startDegraded()) {
        throw e;
      }
      LOG.warn(
          "Issuer {} unreachable at startup: {}. OAUTH_START_DEGRADED is on, starting degraded:"
              + " tokens of {} get 503 until it is reachable (retried in the background)",
          issuer.value(),
          IssuerKeys.summary(e),
          issuer.value());
      return IssuerKeys.connecting(issuer, connect, e);
    }
  }

  private static Tracing openTelemetry(KitConfig config) {
    return OpenTelemetryTracing.exportingOtlp(
        new OtlpSettings(
            config.otlpEndpoint().orElseThrow(),
            config.otelServiceName(),
            config.otlpHeaders(),
            Duration.ofSeconds(10)));
  }

  /** Exports the spans still queued, then stops the exporter: after the server has stopped. */
  private static void closeTracing(Tracing tracing) {
    if (tracing instanceof AutoCloseable exporting) {
      try {
        exporting.close();
      } catch (Exception e) {
        LOG.debug("closing the trace exporter failed", e);
      }
    }
  }

  /** What records spans: {@link Tracing#NONE} unless {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set. */
  public Tracing tracing() {
    return tracing;
  }

  // The first issuer's key set counts from when it is connected; before that (OAUTH_START_DEGRADED)
  // no fetch succeeded and no key is held.
  private static void registerKeySetFigures(Metrics metrics, IssuerKeys first) {
    metrics.count(
        Metrics.Count.KEY_SET_FETCHES_SUCCEEDED,
        () -> first.keySet().map(keys -> keys.statistics().fetchesSucceeded()).orElse(0L));
    metrics.count(
        Metrics.Count.KEY_SET_FETCHES_FAILED,
        () -> first.keySet().map(keys -> keys.statistics().fetchesFailed()).orElse(0L));
    metrics.gauge(
        Metrics.Gauge.KEY_SET_AGE_SECONDS,
        () ->
            first
                .keySet()
                .flatMap(keys -> keys.statistics().age())
                .map(age -> age.toMillis() / 1000.0)
                .orElse(Double.NaN));
    metrics.gauge(
        Metrics.Gauge.KEY_SET_KEYS,
        () -> first.keySet().map(keys -> keys.statistics().keys()).orElse(0));
  }

  /** The port of the management listener, if there is one. */
  public Optional<Integer> managementPort() {
    return management.map(PrometheusEndpoint::port);
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  /**
   * What SIGTERM runs: drains for {@code SHUTDOWN_DRAIN} (every request still served while {@code
   * /health/ready} answers 503), then stops as {@link #close()} does.
   */
  public void drainAndClose() {
    shutdown.stop(drain);
    close();
  }

  /** Ends a drain in progress at once; the stop goes on. */
  public void endDrain() {
    shutdown.endDrain();
  }

  /**
   * Stops without a drain: stops accepting, ends the listening event streams, lets requests in
   * flight finish for at most {@code SHUTDOWN_TIMEOUT}, then ends the MCP sessions and streams.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    shutdown.stop(Duration.ZERO);
    management.ifPresent(PrometheusEndpoint::close);
    closeQuietly(mcp);
    closeTracing(tracing);
    issuers.forEach(IssuerKeys::close);
  }

  private static void closeQuietly(McpServerHandle mcp) {
    try {
      mcp.server().close();
    } catch (Exception e) {
      LOG.debug("closing the MCP server failed", e);
    }
  }
}
