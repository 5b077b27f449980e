package io.github.mcpoauthkit.app.config;

import io.github.mcpoauthkit.adapter.nimbus.HttpSettings;
import io.github.mcpoauthkit.adapter.nimbus.KeySetSettings;
import io.github.mcpoauthkit.application.CacheSettings;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.ScopeClaim;
import io.github.mcpoauthkit.domain.token.ScopeHierarchy;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.domain.token.dpop.DPoPNonces;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole configuration of the runnable server, read and checked at once: a bad value stops
 * startup with a message that names the variable, says what is wrong and shows the accepted form.
 */
public final class KitConfig {

  private static final Duration MAX_CONNECTION_IDLE_TIMEOUT = Duration.ofHours(1);
  private static final Duration MAX_SHUTDOWN_TIME = Duration.ofHours(1);

  private final ConfigSource source;
  private final SettingsReader reader;

  private final boolean dev;
  private final Optional<Issuer> issuer;
  private final Set<Audience> audiences;
  private final int port;
  private final String host;
  private final ResourceUrl resource;
  private final Set<Scope> requiredScopes;
  private final Map<String, Set<Scope>> toolScopes;
  private final ScopeHierarchy scopeHierarchy;
  private final Optional<HmacKey> requestStateKey;
  private final Duration requestStateTtl;
  private final int maxSubscriptionsPerSubject;
  private final Duration clockSkew;
  private final Set<String> acceptedTypes;
  private final boolean strictTypes;
  private final Set<String> allowedOrigins;
  private final boolean stateless;
  private final List<String> features;
  private final String transport;
  private final HttpSettings http;
  private final KeySetSettings keys;
  private final CacheSettings tokenCache;
  private final Optional<URI> issuerMetadataUrl;
  private final List<Issuer> additionalIssuers;
  private final boolean startDegraded;
  private final Map<Issuer, Set<Audience>> issuerAudiences;
  private final Optional<IntrospectionConfig> introspection;
  private final Set<ScopeClaim> scopeClaims;
  private final Map<Issuer, Set<ScopeClaim>> issuerScopeClaims;
  private final DPoPPolicy dpop;
  private final int dpopReplayCacheSize;
  private final Optional<DPoPNonces> dpopNonces;
  private final int maxBodyBytes;
  private final int maxHeaderBytes;
  private final int maxSessions;
  private final Optional<Integer> managementPort;
  private final String managementHost;
  private final boolean auditLog;
  private final Optional<URI> otlpEndpoint;
  private final String otelServiceName;
  private final Map<String, String> otlpHeaders;
  private final Settings.LogFormat logFormat;
  private final Duration sessionIdleTimeout;
  private final Duration connectionIdleTimeout;
  private final Duration shutdownDrain;
  private final Duration shutdownTimeout;
  private final int devIssuerPort;
  private final String devSubject;
  private final boolean devClientMetadataDocuments;

  private KitConfig(ConfigSource source, boolean devFlag) {
    this.source = source;
    this.reader = new SettingsReader(source);
    this.dev = devFlag || read(Settings.OAUTH_DEV);
    this.issuer = read(Settings.OAUTH_ISSUER_URL);
    if (issuer.isEmpty() && !dev) {
      reader.problem(
          Settings.OAUTH_ISSUER_URL.name()
              + " is required: set it to your authorization server's issuer URL (e.g."
              + " https://auth.example.com/realms/mcp), or run with --dev for a local demo issuer");
    }
    if (issuer.isPresent() && dev) {
      reader.problem(
          Settings.OAUTH_ISSUER_URL.name()
              + " and --dev/"
              + Settings.OAUTH_DEV.name()
              + " exclude each other: dev mode runs its own issuer; unset one of them");
    }
    this.port = read(Settings.PORT);
    this.host = readHost();
    this.resource =
        read(Settings.MCP_PUBLIC_URL)
            .orElseGet(() -> new ResourceUrl("http://localhost:" + port + "/mcp"));
    this.audiences = readAudiences();
    this.requiredScopes = read(Settings.OAUTH_REQUIRED_SCOPES);
    this.toolScopes = read(Settings.MCP_TOOL_SCOPES);
    this.scopeHierarchy = read(Settings.OAUTH_SCOPE_IMPLIES);
    this.requestStateKey = read(Settings.MCP_REQUEST_STATE_KEY);
    this.requestStateTtl = read(Settings.MCP_REQUEST_STATE_TTL);
    this.maxSubscriptionsPerSubject = read(Settings.MCP_MAX_SUBSCRIPTIONS_PER_SUBJECT);
    this.clockSkew = read(Settings.OAUTH_CLOCK_SKEW);
    if (clockSkew.compareTo(ValidationPolicy.MAX_CLOCK_SKEW) > 0) {
      reader.problem(
          Settings.OAUTH_CLOCK_SKEW.name()
              + " is "
              + clockSkew.toSeconds()
              + "s; the most allowed is 5m");
    }
    this.acceptedTypes = new LinkedHashSet<>(read(Settings.OAUTH_ACCEPTED_TYPES));
    this.strictTypes = read(Settings.OAUTH_STRICT_RFC9068);
    this.allowedOrigins = readOrigins();
    this.stateless = read(Settings.MCP_STATELESS);
    this.features = read(Settings.MCP_FEATURES);
    this.transport = read(Settings.MCP_TRANSPORT);
    this.http =
        build(
            () ->
                new HttpSettings(
                    read(Settings.OAUTH_HTTP_CONNECT_TIMEOUT),
                    read(Settings.OAUTH_HTTP_READ_TIMEOUT),
                    HttpSettings.DEFAULTS.maxResponseBytes(),
                    read(Settings.OAUTH_ALLOW_INSECURE_HTTP)),
            HttpSettings.DEFAULTS);
    this.keys =
        build(
            () ->
                new KeySetSettings(
                    read(Settings.OAUTH_JWKS_CACHE_TTL),
                    read(Settings.OAUTH_JWKS_REFRESH_AHEAD),
                    KeySetSettings.DEFAULTS.refreshTimeout(),
                    read(Settings.OAUTH_JWKS_RATE_LIMIT),
                    read(Settings.OAUTH_JWKS_OUTAGE_TOLERANCE)),
            KeySetSettings.DEFAULTS);
    this.tokenCache =
        build(
            () ->
                new CacheSettings(
                    read(Settings.OAUTH_TOKEN_CACHE_SIZE), read(Settings.OAUTH_TOKEN_CACHE_TTL)),
            CacheSettings.DEFAULT);
    this.issuerMetadataUrl = read(IssuerSettings.OAUTH_ISSUER_METADATA_URL);
    this.additionalIssuers = readAdditionalIssuers();
    this.startDegraded = read(IssuerSettings.OAUTH_START_DEGRADED);
    this.issuerAudiences = readIssuerAudiences();
    this.scopeClaims = read(IssuerSettings.OAUTH_SCOPE_CLAIMS);
    this.issuerScopeClaims = readPerIssuer(IssuerSettings.OAUTH_ISSUER_SCOPE_CLAIMS);
    this.introspection = IntrospectionReading.read(reader, dev, issuer, this::requireTrusted);
    this.dpop = DPoPReading.policy(reader, clockSkew, resource);
    this.dpopReplayCacheSize = read(DPoPSettings.OAUTH_DPOP_REPLAY_CACHE_SIZE);
    this.dpopNonces = DPoPReading.nonces(reader, dpop);
    this.maxBodyBytes = read(Settings.MCP_MAX_BODY_BYTES);
    this.maxHeaderBytes = read(Settings.MCP_MAX_HEADER_BYTES);
    this.maxSessions = read(Settings.MCP_MAX_SESSIONS);
    this.sessionIdleTimeout = read(Settings.MCP_SESSION_IDLE_TIMEOUT);
    this.connectionIdleTimeout = readConnectionIdleTimeout();
    this.managementPort = read(Settings.MANAGEMENT_PORT);
    this.managementHost = read(Settings.MANAGEMENT_HOST);
    this.auditLog = read(Settings.AUDIT_LOG);
    this.otlpEndpoint = read(Settings.OTEL_EXPORTER_OTLP_ENDPOINT);
    read(Settings.OTEL_EXPORTER_OTLP_PROTOCOL);
    this.otelServiceName = read(Settings.OTEL_SERVICE_NAME);
    this.otlpHeaders = read(Settings.OTEL_EXPORTER_OTLP_HEADERS);
    this.logFormat = read(Settings.LOG_FORMAT);
    // Dev mode stops at once on Ctrl-C unless told otherwise: no load balancer to wait for.
    this.shutdownDrain =
        dev && Settings.SHUTDOWN_DRAIN.text(source).isEmpty()
            ? Duration.ZERO
            : readAtMostAnHour(Settings.SHUTDOWN_DRAIN);
    this.shutdownTimeout = readAtMostAnHour(Settings.SHUTDOWN_TIMEOUT);
    this.devIssuerPort = read(Settings.OAUTH_DEV_ISSUER_PORT);
    this.devSubject = read(Settings.OAUTH_DEV_SUBJECT);
    this.devClientMetadataDocuments = read(Settings.OAUTH_DEV_CLIENT_METADATA_DOCUMENTS);
  }

  private <T> T read(Setting<T> setting) {
    return reader.read(setting);
  }

  private List<Issuer> readAdditionalIssuers() {
    List<Issuer> additional = read(IssuerSettings.OAUTH_ADDITIONAL_ISSUERS);
    if (!additional.isEmpty() && dev) {
      reader.problem(
          IssuerSettings.OAUTH_ADDITIONAL_ISSUERS.name()
              + " cannot be used with --dev: dev mode trusts its own issuer only");
    }
    if (issuer.isPresent() && additional.contains(issuer.get())) {
      reader.problem(
          IssuerSettings.OAUTH_ADDITIONAL_ISSUERS.name()
              + " names OAUTH_ISSUER_URL's issuer again: list only the others");
    }
    return additional;
  }

  private Map<Issuer, Set<Audience>> readIssuerAudiences() {
    return readPerIssuer(IssuerSettings.OAUTH_ISSUER_AUDIENCES);
  }

  private <T> Map<Issuer, T> readPerIssuer(Setting<Map<Issuer, T>> setting) {
    Map<Issuer, T> byIssuer = read(setting);
    byIssuer.keySet().forEach(named -> requireTrusted(setting, named));
    return byIssuer;
  }

  private void requireTrusted(Setting<?> setting, Issuer named) {
    if (!issuer.equals(Optional.of(named)) && !additionalIssuers.contains(named)) {
      reader.problem(
          setting.name()
              + " names "
              + named.value()
              + ", which is neither OAUTH_ISSUER_URL nor in "
              + IssuerSettings.OAUTH_ADDITIONAL_ISSUERS.name());
    }
  }

  private Duration readConnectionIdleTimeout() {
    Duration timeout = read(Settings.MCP_CONNECTION_IDLE_TIMEOUT);
    if (timeout.toMillis() < 1 || timeout.compareTo(MAX_CONNECTION_IDLE_TIMEOUT) > 0) {
      reader.problem(
          Settings.MCP_CONNECTION_IDLE_TIMEOUT.name()
              + " '"
              + Settings.MCP_CONNECTION_IDLE_TIMEOUT.text(source).orElse("")
              + "' is out of range; use a duration between 1ms and 1h, e.g. 60s");
      return Settings.MCP_CONNECTION_IDLE_TIMEOUT.defaultValue();
    }
    return timeout;
  }

  private Duration readAtMostAnHour(Setting<Duration> setting) {
    Duration value = read(setting);
    if (value.compareTo(MAX_SHUTDOWN_TIME) > 0) {
      reader.problem(
          setting.name()
              + " '"
              + setting.text(source).orElse("")
              + "' is too long; the most allowed is 1h, e.g. "
              + setting.helpDefault().split(" ")[0]);
      return setting.defaultValue();
    }
    return value;
  }

  /**
   * Reads every setting.
   *
   * @param devFlag whether {@code --dev} was given
   * @throws ConfigException listing every bad or missing value at once
   */
  public static KitConfig load(ConfigSource source, boolean devFlag) {
    KitConfig config = new KitConfig(source, devFlag);
    List<String> problems = config.reader.problems();
    if (!problems.isEmpty()) {
      throw new ConfigException("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
    return config;
  }

  /** The text of {@code --help}. */
  public static String help() {
    StringBuilder out = new StringBuilder();
    out.append("mcp-oauth-kit: an MCP server that is an OAuth 2.1 protected resource\n\n")
        .append(
            "Usage: mcp-oauth-kit [--dev] [--help]   (or java -jar mcp-oauth-kit.jar on Java 21+)\n\n")
        .append("  --dev   start an embedded development issuer on loopback (local use only)\n")
        .append("  --help  show this text\n\n")
        .append("Settings (environment variables; also -DNAME=value or a .env file):\n");
    for (Setting<?> setting : Settings.ALL) {
      out.append(
          String.format(
              "  %-28s %s%n  %-28s default: %s%n",
              setting.name(), setting.description(), "", setting.helpDefault()));
    }
    out.append("\nDurations: 500ms, 30s, 5m, 1h, or ISO-8601 (PT30S).\n");
    return out.toString();
  }

  private <T> T build(SettingsReader.Builder<T> builder, T fallback) {
    return reader.build(builder, fallback, "");
  }

  private Set<Audience> readAudiences() {
    Set<Audience> values = new LinkedHashSet<>();
    for (String value : read(Settings.OAUTH_AUDIENCE)) {
      values.add(new Audience(value));
    }
    if (values.isEmpty() && dev) {
      // The development issuer puts the resource URL in aud, so dev mode checks it as the MCP
      // specification requires of every server.
      values.add(new Audience(resource.value()));
    }
    return Set.copyOf(values);
  }

  private String readHost() {
    String value = read(Settings.HOST);
    if (dev && !isLoopback(value)) {
      reader.problem(
          Settings.HOST.name()
              + " '"
              + value
              + "' is not a loopback address, and --dev/"
              + Settings.OAUTH_DEV.name()
              + " runs only on loopback: dev mode is for local use, its throwaway issuer and the"
              + " secret and token it prints must not protect a server other machines can reach;"
              + " unset "
              + Settings.HOST.name()
              + " (default "
              + Settings.HOST.defaultValue()
              + "), or configure a real issuer with "
              + Settings.OAUTH_ISSUER_URL.name());
    }
    return value;
  }

  private Set<String> readOrigins() {
    List<String> configured = read(Settings.MCP_ALLOWED_ORIGINS);
    Set<String> origins = new LinkedHashSet<>();
    if (configured.isEmpty()) {
      origins.add(resource.origin());
      origins.add("http://localhost:" + port);
      origins.add("http://127.0.0.1:" + port);
    } else {
      origins.addAll(configured);
    }
    return origins;
  }

  /** Whether the host is a loopback address: the Host header is then checked too. */
  public boolean bindsLoopback() {
    return isLoopback(host);
  }

  private static boolean isLoopback(String host) {
    try {
      return host.equalsIgnoreCase("localhost") || InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public boolean dev() {
    return dev;
  }

  /** The issuer; empty only in dev mode, which supplies its own. */
  public Optional<Issuer> issuer() {
    return issuer;
  }

  public Set<Audience> audiences() {
    return audiences;
  }

  /**
   * The audiences {@code issuer}'s tokens must name: its own if configured, else {@link
   * #audiences()}.
   */
  public Set<Audience> audiencesFor(Issuer issuer) {
    return issuerAudiences.getOrDefault(issuer, audiences);
  }

  public int port() {
    return port;
  }

  public String host() {
    return host;
  }

  public ResourceUrl resource() {
    return resource;
  }

  public Set<Scope> requiredScopes() {
    return requiredScopes;
  }

  public Map<String, Set<Scope>> toolScopes() {
    return toolScopes;
  }

  /** Which scopes imply which ({@code OAUTH_SCOPE_IMPLIES}). */
  public ScopeHierarchy scopeHierarchy() {
    return scopeHierarchy;
  }

  /** The key sealing MCP 2026-07-28 requestState; empty: make one at start. */
  public Optional<HmacKey> requestStateKey() {
    return requestStateKey;
  }

  /** How long a sealed requestState may come back. */
  public Duration requestStateTtl() {
    return requestStateTtl;
  }

  /** The most open subscriptions/listen streams per subject. */
  public int maxSubscriptionsPerSubject() {
    return maxSubscriptionsPerSubject;
  }

  public Duration clockSkew() {
    return clockSkew;
  }

  public Set<String> acceptedTypes() {
    return acceptedTypes;
  }

  public boolean strictTypes() {
    return strictTypes;
  }

  public Set<String> allowedOrigins() {
    return allowedOrigins;
  }

  public boolean stateless() {
    return stateless;
  }

  public List<String> features() {
    return features;
  }

  /** The requested web server, or an empty string for the one packaged. */
  public String transport() {
    return transport;
  }

  public HttpSettings http() {
    return http;
  }

  public KeySetSettings keys() {
    return keys;
  }

  public CacheSettings tokenCache() {
    return tokenCache;
  }

  /** Token introspection, when {@code OAUTH_VERIFICATION} asks for it. */
  public Optional<IntrospectionConfig> introspection() {
    return introspection;
  }

  /** Issuers trusted besides {@link #issuer()}, in order. */
  public List<Issuer> additionalIssuers() {
    return additionalIssuers;
  }

  /**
   * Whether an issuer whose discovery or keys cannot be fetched at startup is retried in the
   * background instead of stopping startup ({@code OAUTH_START_DEGRADED}).
   */
  public boolean startDegraded() {
    return startDegraded;
  }

  /** Where the issuer's metadata is, when not at its well-known URLs. */
  public Optional<URI> issuerMetadataUrl() {
    return issuerMetadataUrl;
  }

  /** The claims whose values count as granted scopes. */
  public Set<ScopeClaim> scopeClaims() {
    return scopeClaims;
  }

  /**
   * The claims whose values count as scopes granted by {@code issuer}: its own if configured, else
   * {@link #scopeClaims()}.
   */
  public Set<ScopeClaim> scopeClaimsFor(Issuer issuer) {
    return issuerScopeClaims.getOrDefault(issuer, scopeClaims);
  }

  /** What is asked of DPoP-bound tokens and their proofs; {@code OFF} unless configured. */
  public DPoPPolicy dpop() {
    return dpop;
  }

  /** The server nonces DPoP proofs must carry; empty unless {@code OAUTH_DPOP_NONCE} is on. */
  public Optional<DPoPNonces> dpopNonces() {
    return dpopNonces;
  }

  /** How many DPoP proofs are remembered against replay. */
  public int dpopReplayCacheSize() {
    return dpopReplayCacheSize;
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  public int maxSessions() {
    return maxSessions;
  }

  /** The management listener's port; empty: no listener and no metrics. */
  public Optional<Integer> managementPort() {
    return managementPort;
  }

  /** The address the management listener binds. */
  public String managementHost() {
    return managementHost;
  }

  /** Whether each authentication decision is logged. */
  public boolean auditLog() {
    return auditLog;
  }

  /** The OTLP collector's base URL; empty: no traces. */
  public Optional<URI> otlpEndpoint() {
    return otlpEndpoint;
  }

  /** The service name of exported spans. */
  public String otelServiceName() {
    return otelServiceName;
  }

  /** Headers sent with every export; may hold credentials. */
  public Map<String, String> otlpHeaders() {
    return otlpHeaders;
  }

  /** The log's format. */
  public Settings.LogFormat logFormat() {
    return logFormat;
  }

  public Duration sessionIdleTimeout() {
    return sessionIdleTimeout;
  }

  /** How long an HTTP connection without a request in progress is kept open. */
  public Duration connectionIdleTimeout() {
    return connectionIdleTimeout;
  }

  /**
   * How long a stop first drains: every request still served while {@code /health/ready} answers
   * 503; zero in dev mode unless set.
   */
  public Duration shutdownDrain() {
    return shutdownDrain;
  }

  /** How long requests in flight get to finish once a stop no longer accepts connections. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** The development issuer's port on 127.0.0.1 in dev mode; 0 for a free one. */
  public int devIssuerPort() {
    return devIssuerPort;
  }

  /** The subject of the development user the dev issuer signs in. */
  public String devSubject() {
    return devSubject;
  }

  /**
   * Whether the dev issuer takes Client ID Metadata Documents (from loopback); when false it does
   * not advertise them, and clients register with dynamic client registration.
   */
  public boolean devClientMetadataDocuments() {
    return devClientMetadataDocuments;
  }
}
