package io.github.mcpoauthkit.app.config;

import io.github.mcpoauthkit.adapter.nimbus.HttpSettings;
import io.github.mcpoauthkit.adapter.nimbus.KeySetSettings;
import io.github.mcpoauthkit.application.CacheSettings;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole configuration of the runnable server, read and checked at once: a bad value stops
 * startup with a message that names the variable, says what is wrong and shows the accepted form.
 */
public final class KitConfig {

  /** Every setting, in the order {@code --help} lists them. */
  public static final List<Setting> SETTINGS =
      List.of(
          new Setting(
              "OAUTH_ISSUER_URL",
              "(required unless --dev)",
              "The authorization server's issuer URL, exactly as its discovery document's"
                  + " \"issuer\" (Auth0: with the trailing slash)"),
          new Setting(
              "OAUTH_AUDIENCE",
              "(unset: audience not checked; with --dev: the resource URL)",
              "Accepted token audiences, comma-separated; set it: the MCP spec requires audience"
                  + " binding (usually the value of MCP_PUBLIC_URL)"),
          new Setting("PORT", "3000", "The port to listen on"),
          new Setting(
              "HOST",
              "127.0.0.1",
              "The address to bind; 0.0.0.0 in containers (--dev accepts only loopback)"),
          new Setting(
              "MCP_PUBLIC_URL",
              "http://localhost:<PORT>/mcp",
              "The URL clients dial, published as the resource; behind a proxy set it (X-Forwarded-*"
                  + " headers are not trusted)"),
          new Setting(
              "OAUTH_REQUIRED_SCOPES",
              "(none)",
              "Scopes every request needs, space or comma separated"),
          new Setting(
              "MCP_TOOL_SCOPES",
              "(none)",
              "Scopes per tool, e.g. 'admin_tool=mcp:admin;whoami=profile email'"),
          new Setting(
              "OAUTH_CLOCK_SKEW",
              "60s",
              "Tolerated clock difference for exp, nbf and iat (max 5m)"),
          new Setting(
              "OAUTH_ACCEPTED_TYPES",
              "at+jwt,JWT",
              "Accepted JOSE typ values, comma-separated; tokens without typ are accepted unless"
                  + " OAUTH_STRICT_RFC9068 is true"),
          new Setting(
              "OAUTH_STRICT_RFC9068", "false", "Accept only typ at+jwt, as RFC 9068 requires"),
          new Setting(
              "MCP_ALLOWED_ORIGINS",
              "the public URL's origin, http://localhost:<PORT>, http://127.0.0.1:<PORT>",
              "Browser origins allowed to call /mcp, comma-separated (others get 403)"),
          new Setting(
              "MCP_STATELESS",
              "false",
              "No sessions: every request stands alone (for load balancers); GET /mcp answers 405"),
          new Setting(
              "MCP_FEATURES",
              "examples",
              "Feature sets to serve, comma-separated: examples, conformance, or your own"
                  + " (ServiceLoader McpFeatures)"),
          new Setting(
              "MCP_TRANSPORT",
              "(the one packaged)",
              "helidon or undertow, when a build packages both"),
          new Setting("OAUTH_HTTP_CONNECT_TIMEOUT", "5s", "Connect timeout for discovery and JWKS"),
          new Setting("OAUTH_HTTP_READ_TIMEOUT", "5s", "Read timeout for discovery and JWKS"),
          new Setting(
              "OAUTH_ALLOW_INSECURE_HTTP",
              "false",
              "Allow plain http issuers beyond loopback (testing only)"),
          new Setting("OAUTH_JWKS_CACHE_TTL", "5m", "How long fetched keys are used"),
          new Setting(
              "OAUTH_JWKS_REFRESH_AHEAD", "30s", "Background key refresh before the cache expires"),
          new Setting(
              "OAUTH_JWKS_RATE_LIMIT",
              "30s",
              "Window with at most two JWKS fetches for unknown kids"),
          new Setting(
              "OAUTH_JWKS_OUTAGE_TOLERANCE",
              "1h",
              "How long cached keys keep working while the JWKS endpoint fails"),
          new Setting(
              "OAUTH_TOKEN_CACHE_SIZE", "10000", "Verified tokens cached (0 disables the cache)"),
          new Setting(
              "OAUTH_TOKEN_CACHE_TTL", "5m", "Longest a cached token is trusted (never past exp)"),
          new Setting("MCP_MAX_BODY_BYTES", "4194304", "Largest request body (413 beyond)"),
          new Setting(
              "MCP_MAX_HEADER_BYTES", "16384", "Largest request header section (431 beyond)"),
          new Setting("MCP_MAX_SESSIONS", "10000", "Most MCP sessions at once"),
          new Setting("MCP_SESSION_IDLE_TIMEOUT", "30m", "Idle MCP sessions are closed after this"),
          new Setting(
              "MCP_CONNECTION_IDLE_TIMEOUT",
              "60s",
              "HTTP connections without a request in progress are closed after this (max 1h)"),
          new Setting(
              "OAUTH_DEV",
              "false",
              "Start an embedded development issuer on loopback (same as --dev); local use only"),
          new Setting(
              "OAUTH_DEV_ISSUER_PORT",
              "0 (a free port)",
              "Port of the development issuer (--dev) on 127.0.0.1; 0 picks a free port"));

  private static final Duration MAX_CONNECTION_IDLE_TIMEOUT = Duration.ofHours(1);

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  private final ConfigSource source;
  private final List<String> problems = new ArrayList<>();

  private final boolean dev;
  private final Optional<Issuer> issuer;
  private final Set<Audience> audiences;
  private final int port;
  private final String host;
  private final ResourceUrl resource;
  private final Set<Scope> requiredScopes;
  private final Map<String, Set<Scope>> toolScopes;
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
  private final int maxBodyBytes;
  private final int maxHeaderBytes;
  private final int maxSessions;
  private final Duration sessionIdleTimeout;
  private final Duration connectionIdleTimeout;
  private final int devIssuerPort;

  private KitConfig(ConfigSource source, boolean devFlag) {
    this.source = source;
    this.dev = devFlag || bool("OAUTH_DEV", false);
    this.issuer = optional("OAUTH_ISSUER_URL").map(this::issuer);
    if (issuer.isEmpty() && !dev) {
      problems.add(
          "OAUTH_ISSUER_URL is required: set it to your authorization server's issuer URL (e.g."
              + " https://auth.example.com/realms/mcp), or run with --dev for a local demo issuer");
    }
    if (issuer.isPresent() && dev) {
      problems.add(
          "OAUTH_ISSUER_URL and --dev/OAUTH_DEV exclude each other: dev mode runs its own issuer;"
              + " unset one of them");
    }
    this.port = integer("PORT", 3000, 0, 65_535);
    this.host = readHost();
    this.resource = readResource();
    this.audiences = readAudiences();
    this.requiredScopes = scopes("OAUTH_REQUIRED_SCOPES");
    this.toolScopes = readToolScopes();
    this.clockSkew = duration("OAUTH_CLOCK_SKEW", Duration.ofSeconds(60));
    if (clockSkew.compareTo(ValidationPolicy.MAX_CLOCK_SKEW) > 0) {
      problems.add("OAUTH_CLOCK_SKEW is " + clockSkew.toSeconds() + "s; the most allowed is 5m");
    }
    this.acceptedTypes =
        new LinkedHashSet<>(list("OAUTH_ACCEPTED_TYPES", List.of("at+jwt", "JWT")));
    this.strictTypes = bool("OAUTH_STRICT_RFC9068", false);
    this.allowedOrigins = readOrigins();
    this.stateless = bool("MCP_STATELESS", false);
    this.features = List.copyOf(list("MCP_FEATURES", List.of("examples")));
    this.transport = optional("MCP_TRANSPORT").orElse("");
    this.http =
        build(
            () ->
                new HttpSettings(
                    duration("OAUTH_HTTP_CONNECT_TIMEOUT", Duration.ofSeconds(5)),
                    duration("OAUTH_HTTP_READ_TIMEOUT", Duration.ofSeconds(5)),
                    HttpSettings.DEFAULTS.maxResponseBytes(),
                    bool("OAUTH_ALLOW_INSECURE_HTTP", false)),
            HttpSettings.DEFAULTS);
    this.keys =
        build(
            () ->
                new KeySetSettings(
                    duration("OAUTH_JWKS_CACHE_TTL", KeySetSettings.DEFAULTS.cacheTimeToLive()),
                    duration("OAUTH_JWKS_REFRESH_AHEAD", KeySetSettings.DEFAULTS.refreshAhead()),
                    KeySetSettings.DEFAULTS.refreshTimeout(),
                    duration("OAUTH_JWKS_RATE_LIMIT", KeySetSettings.DEFAULTS.rateLimitInterval()),
                    duration(
                        "OAUTH_JWKS_OUTAGE_TOLERANCE", KeySetSettings.DEFAULTS.outageTolerance())),
            KeySetSettings.DEFAULTS);
    this.tokenCache =
        build(
            () ->
                new CacheSettings(
                    integer("OAUTH_TOKEN_CACHE_SIZE", 10_000, 0, 10_000_000),
                    duration("OAUTH_TOKEN_CACHE_TTL", Duration.ofMinutes(5))),
            CacheSettings.DEFAULT);
    this.maxBodyBytes = integer("MCP_MAX_BODY_BYTES", 4 * 1024 * 1024, 1024, Integer.MAX_VALUE);
    this.maxHeaderBytes = integer("MCP_MAX_HEADER_BYTES", 16 * 1024, 1024, 1024 * 1024);
    this.maxSessions = integer("MCP_MAX_SESSIONS", 10_000, 1, 10_000_000);
    this.sessionIdleTimeout = duration("MCP_SESSION_IDLE_TIMEOUT", Duration.ofMinutes(30));
    this.connectionIdleTimeout = readConnectionIdleTimeout();
    this.devIssuerPort = integer("OAUTH_DEV_ISSUER_PORT", 0, 0, 65_535);
  }

  private Duration readConnectionIdleTimeout() {
    String name = "MCP_CONNECTION_IDLE_TIMEOUT";
    Duration fallback = ResourceServerSettings.DEFAULT_CONNECTION_IDLE_TIMEOUT;
    Duration timeout = duration(name, fallback);
    if (timeout.toMillis() < 1 || timeout.compareTo(MAX_CONNECTION_IDLE_TIMEOUT) > 0) {
      problems.add(
          name
              + " '"
              + optional(name).orElse("")
              + "' is out of range; use a duration between 1ms and 1h, e.g. 60s");
      return fallback;
    }
    return timeout;
  }

  /**
   * Reads every setting.
   *
   * @param devFlag whether {@code --dev} was given
   * @throws ConfigException listing every bad or missing value at once
   */
  public static KitConfig load(ConfigSource source, boolean devFlag) {
    KitConfig config = new KitConfig(source, devFlag);
    if (!config.problems.isEmpty()) {
      throw new ConfigException(
          "Invalid configuration:\n  - " + String.join("\n  - ", config.problems));
    }
    return config;
  }

  /** The text of {@code --help}. */
  public static String help() {
    StringBuilder out = new StringBuilder();
    out.append("mcp-oauth-kit: an MCP server that is an OAuth 2.1 protected resource\n\n")
        .append("Usage: java -jar mcp-oauth-kit.jar [--dev] [--help]\n\n")
        .append("  --dev   start an embedded development issuer on loopback (local use only)\n")
        .append("  --help  show this text\n\n")
        .append("Settings (environment variables; also -DNAME=value or a .env file):\n");
    for (Setting setting : SETTINGS) {
      out.append(
          String.format(
              "  %-28s %s%n  %-28s default: %s%n",
              setting.name(), setting.description(), "", setting.defaultValue()));
    }
    out.append("\nDurations: 500ms, 30s, 5m, 1h, or ISO-8601 (PT30S).\n");
    return out.toString();
  }

  private interface Builder<T> {
    T build();
  }

  private <T> T build(Builder<T> builder, T fallback) {
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return fallback;
    }
  }

  private Optional<String> optional(String name) {
    return source.get(name).map(String::trim).filter(value -> !value.isEmpty());
  }

  private Issuer issuer(String value) {
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
        problems.add(
            "OAUTH_ISSUER_URL '"
                + value
                + "' is not an absolute http(s) URL; expected e.g. https://auth.example.com");
      }
    } catch (java.net.URISyntaxException e) {
      problems.add("OAUTH_ISSUER_URL '" + value + "' is not a URL: " + e.getReason());
    }
    return new Issuer(value);
  }

  private Set<Audience> readAudiences() {
    Set<Audience> values = new LinkedHashSet<>();
    for (String value : list("OAUTH_AUDIENCE", List.of())) {
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
    String value = optional("HOST").orElse("127.0.0.1");
    if (!value.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
      problems.add(
          "HOST '" + value + "' is not a host name or IP address; e.g. 127.0.0.1 or 0.0.0.0");
    } else if (dev && !isLoopback(value)) {
      problems.add(
          "HOST '"
              + value
              + "' is not a loopback address, and --dev/OAUTH_DEV runs only on loopback: dev"
              + " mode is for local use, its throwaway issuer and the secret and token it prints"
              + " must not protect a server other machines can reach; unset HOST (default"
              + " 127.0.0.1), or configure a real issuer with OAUTH_ISSUER_URL");
    }
    return value;
  }

  private ResourceUrl readResource() {
    String value = optional("MCP_PUBLIC_URL").orElse("http://localhost:" + port + "/mcp");
    try {
      return new ResourceUrl(value);
    } catch (IllegalArgumentException e) {
      problems.add("MCP_PUBLIC_URL: " + e.getMessage());
      return new ResourceUrl("http://localhost:" + port + "/mcp");
    }
  }

  private Set<Scope> scopes(String name) {
    Set<Scope> scopes = new LinkedHashSet<>();
    for (String value : optional(name).orElse("").split("[,\\s]+")) {
      if (value.isEmpty()) {
        continue;
      }
      if (!Scope.isValid(value)) {
        problems.add(name + ": '" + value + "' is not a valid scope (RFC 6749 §3.3)");
      } else {
        scopes.add(new Scope(value));
      }
    }
    return scopes;
  }

  private Map<String, Set<Scope>> readToolScopes() {
    Map<String, Set<Scope>> map = new LinkedHashMap<>();
    for (String entry : optional("MCP_TOOL_SCOPES").orElse("").split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        problems.add(
            "MCP_TOOL_SCOPES: '"
                + entry.trim()
                + "' is not tool=scope; expected e.g. 'admin=mcp:admin;whoami=profile'");
        continue;
      }
      Set<Scope> scopes = new LinkedHashSet<>();
      for (String scope : entry.substring(equals + 1).trim().split("[,\\s]+")) {
        if (Scope.isValid(scope)) {
          scopes.add(new Scope(scope));
        } else if (!scope.isEmpty()) {
          problems.add("MCP_TOOL_SCOPES: '" + scope + "' is not a valid scope");
        }
      }
      map.put(entry.substring(0, equals).trim(), Set.copyOf(scopes));
    }
    return Map.copyOf(map);
  }

  private Set<String> readOrigins() {
    List<String> configured = list("MCP_ALLOWED_ORIGINS", List.of());
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

  private List<String> list(String name, List<String> fallback) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    List<String> items = new ArrayList<>();
    for (String item : value.get().split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items;
  }

  private boolean bool(String name, boolean fallback) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    switch (value.get().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> {
        return true;
      }
      case "false", "0", "no", "off" -> {
        return false;
      }
      default -> {
        problems.add(name + " '" + value.get() + "' is not a boolean; use true or false");
        return fallback;
      }
    }
  }

  private int integer(String name, int fallback, int min, int max) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.get());
      if (parsed < min || parsed > max) {
        problems.add(name + " " + parsed + " is out of range; expected " + min + " to " + max);
        return fallback;
      }
      return parsed;
    } catch (NumberFormatException e) {
      problems.add(
          name + " '" + value.get() + "' is not a whole number; expected e.g. " + fallback);
      return fallback;
    }
  }

  private Duration duration(String name, Duration fallback) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    Duration parsed = parseDuration(value.get());
    if (parsed == null) {
      problems.add(
          name + " '" + value.get() + "' is not a duration; use e.g. 500ms, 30s, 5m, 1h or PT30S");
      return fallback;
    }
    return parsed;
  }

  static Duration parseDuration(String text) {
    Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      String unit = matcher.group(2) == null ? "s" : matcher.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofSeconds(amount);
      };
    }
    try {
      Duration iso = Duration.parse(text.trim());
      return iso.isNegative() ? null : iso;
    } catch (DateTimeParseException e) {
      return null;
    }
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

  /** The development issuer's loopback port; 0 for a free one. */
  public int devIssuerPort() {
    return devIssuerPort;
  }

  /** The issuer; empty only in dev mode, which supplies its own. */
  public Optional<Issuer> issuer() {
    return issuer;
  }

  public Set<Audience> audiences() {
    return audiences;
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

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  public int maxSessions() {
    return maxSessions;
  }

  public Duration sessionIdleTimeout() {
    return sessionIdleTimeout;
  }

  /** How long an HTTP connection without a request in progress is kept open. */
  public Duration connectionIdleTimeout() {
    return connectionIdleTimeout;
  }
}
