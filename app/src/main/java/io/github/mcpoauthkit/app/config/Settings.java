package io.github.mcpoauthkit.app.config;

import io.github.mcpoauthkit.devissuer.DevIssuer;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.ScopeHierarchy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Every setting of the runnable server, each declared once. Rules between settings (the issuer is
 * required unless in dev mode, defaults that follow from {@code PORT}, ...) live in {@link
 * KitConfig}.
 */
public final class Settings {

  /** The issuer; checked against {@code --dev} by {@link KitConfig}. */
  public static final Setting<Optional<Issuer>> OAUTH_ISSUER_URL =
      Setting.optional(
          "OAUTH_ISSUER_URL",
          "(required unless --dev)",
          "The authorization server's issuer URL, exactly as its discovery document's"
              + " \"issuer\" (Auth0: with the trailing slash)",
          Settings::issuer);

  public static final Setting<List<String>> OAUTH_AUDIENCE =
      Setting.list(
              "OAUTH_AUDIENCE",
              "",
              "Accepted token audiences, comma-separated; set it: the MCP spec requires audience"
                  + " binding (usually the value of MCP_PUBLIC_URL)")
          .shownAs("(unset: audience not checked; with --dev: the resource URL)");

  public static final Setting<Integer> PORT =
      Setting.integer("PORT", 3000, 0, 65_535, "The port to listen on");

  public static final Setting<String> HOST =
      new Setting<>(
          "HOST",
          "127.0.0.1",
          "`127.0.0.1`",
          "The address to bind; 0.0.0.0 in containers (--dev accepts only loopback)",
          Settings::host);

  /** Empty when unset: the default follows from {@link #PORT}. */
  public static final Setting<Optional<ResourceUrl>> MCP_PUBLIC_URL =
      Setting.optional(
          "MCP_PUBLIC_URL",
          "`http://localhost:<PORT>/mcp`",
          "The URL clients dial, published as the resource; behind a proxy set it (X-Forwarded-*"
              + " headers are not trusted)",
          Settings::resource);

  public static final Setting<Set<Scope>> OAUTH_REQUIRED_SCOPES =
      new Setting<>(
          "OAUTH_REQUIRED_SCOPES",
          Set.of(),
          "(none)",
          "Scopes every request needs, space or comma separated",
          Settings::scopes);

  public static final Setting<Map<String, Set<Scope>>> MCP_TOOL_SCOPES =
      new Setting<>(
          "MCP_TOOL_SCOPES",
          Map.of(),
          "(none)",
          "Scopes per tool, e.g. 'admin_tool=mcp:admin;whoami=profile email'",
          Settings::toolScopes);

  public static final Setting<ScopeHierarchy> OAUTH_SCOPE_IMPLIES =
      new Setting<>(
          "OAUTH_SCOPE_IMPLIES",
          ScopeHierarchy.NONE,
          "(none)",
          "Scope hierarchies, broader first, comma-separated chains, e.g."
              + " 'mcp:admin>mcp:write>mcp:read': a granted scope counts as every scope it implies",
          Settings::scopeHierarchy);

  public static final Setting<Duration> OAUTH_CLOCK_SKEW =
      Setting.duration(
          "OAUTH_CLOCK_SKEW", "60s", "Tolerated clock difference for exp, nbf and iat (max 5m)");

  public static final Setting<List<String>> OAUTH_ACCEPTED_TYPES =
      Setting.list(
          "OAUTH_ACCEPTED_TYPES",
          "at+jwt,JWT",
          "Accepted JOSE typ values, comma-separated; tokens without typ are accepted unless"
              + " OAUTH_STRICT_RFC9068 is true");

  public static final Setting<Boolean> OAUTH_STRICT_RFC9068 =
      Setting.bool("OAUTH_STRICT_RFC9068", false, "Accept only typ at+jwt, as RFC 9068 requires");

  /** Empty when unset: the default follows from {@link #PORT} and {@link #MCP_PUBLIC_URL}. */
  public static final Setting<List<String>> MCP_ALLOWED_ORIGINS =
      Setting.list(
              "MCP_ALLOWED_ORIGINS",
              "",
              "Browser origins allowed to call /mcp, comma-separated (others get 403)")
          .shownAs("the public URL's origin, `http://localhost:<PORT>`, `http://127.0.0.1:<PORT>`");

  public static final Setting<Boolean> MCP_STATELESS =
      Setting.bool(
          "MCP_STATELESS",
          false,
          "MCP 2025 without sessions: every request stands alone (for load balancers), GET /mcp"
              + " answers 405; MCP 2026-07-28 is stateless either way");

  /** Empty when unset: a key made at start, good for one replica. */
  public static final Setting<Optional<HmacKey>> MCP_REQUEST_STATE_KEY =
      Setting.optional(
          "MCP_REQUEST_STATE_KEY",
          "(a random key made at start)",
          "Base64 HMAC key, at least 32 bytes, sealing MCP 2026-07-28 requestState; give every"
              + " replica the same one (e.g. openssl rand -base64 32)",
          Settings::hmacKey);

  public static final Setting<Duration> MCP_REQUEST_STATE_TTL =
      Setting.duration(
          "MCP_REQUEST_STATE_TTL",
          "10m",
          "How long a client may take to answer an MCP 2026-07-28 input_required result");

  public static final Setting<Integer> MCP_MAX_SUBSCRIPTIONS_PER_SUBJECT =
      Setting.integer(
          "MCP_MAX_SUBSCRIPTIONS_PER_SUBJECT",
          10,
          1,
          10_000,
          "Most open MCP 2026-07-28 subscriptions/listen streams per token subject (429 beyond)");

  public static final Setting<List<String>> MCP_FEATURES =
      Setting.list(
          "MCP_FEATURES",
          "examples",
          "Feature sets to serve, comma-separated: examples, or your own on the classpath"
              + " (ServiceLoader McpFeatures)");

  /** Empty when unset: the one packaged. */
  public static final Setting<String> MCP_TRANSPORT =
      Setting.text("MCP_TRANSPORT", "", "helidon or undertow, when a build packages both")
          .shownAs("(the one packaged)");

  public static final Setting<Duration> OAUTH_HTTP_CONNECT_TIMEOUT =
      Setting.duration(
          "OAUTH_HTTP_CONNECT_TIMEOUT", "5s", "Connect timeout for discovery and JWKS");

  public static final Setting<Duration> OAUTH_HTTP_READ_TIMEOUT =
      Setting.duration("OAUTH_HTTP_READ_TIMEOUT", "5s", "Read timeout for discovery and JWKS");

  public static final Setting<Boolean> OAUTH_ALLOW_INSECURE_HTTP =
      Setting.bool(
          "OAUTH_ALLOW_INSECURE_HTTP",
          false,
          "Allow plain http issuers beyond loopback (testing only)");

  public static final Setting<Duration> OAUTH_JWKS_CACHE_TTL =
      Setting.duration("OAUTH_JWKS_CACHE_TTL", "5m", "How long fetched keys are used");

  public static final Setting<Duration> OAUTH_JWKS_REFRESH_AHEAD =
      Setting.duration(
          "OAUTH_JWKS_REFRESH_AHEAD", "30s", "Background key refresh before the cache expires");

  public static final Setting<Duration> OAUTH_JWKS_RATE_LIMIT =
      Setting.duration(
          "OAUTH_JWKS_RATE_LIMIT", "30s", "Window with at most two JWKS fetches for unknown kids");

  public static final Setting<Duration> OAUTH_JWKS_OUTAGE_TOLERANCE =
      Setting.duration(
          "OAUTH_JWKS_OUTAGE_TOLERANCE",
          "1h",
          "How long cached keys keep working while the JWKS endpoint fails");

  public static final Setting<Integer> OAUTH_TOKEN_CACHE_SIZE =
      Setting.integer(
          "OAUTH_TOKEN_CACHE_SIZE",
          10_000,
          0,
          10_000_000,
          "Verified tokens cached (0 disables the cache)");

  public static final Setting<Duration> OAUTH_TOKEN_CACHE_TTL =
      Setting.duration(
          "OAUTH_TOKEN_CACHE_TTL", "5m", "Longest a cached token is trusted (never past exp)");

  public static final Setting<Integer> MCP_MAX_BODY_BYTES =
      Setting.integer(
          "MCP_MAX_BODY_BYTES",
          4 * 1024 * 1024,
          1024,
          Integer.MAX_VALUE,
          "Largest request body (413 beyond)");

  public static final Setting<Integer> MCP_MAX_HEADER_BYTES =
      Setting.integer(
          "MCP_MAX_HEADER_BYTES",
          16 * 1024,
          1024,
          1024 * 1024,
          "Largest request header section (431 beyond)");

  public static final Setting<Integer> MCP_MAX_SESSIONS =
      Setting.integer("MCP_MAX_SESSIONS", 10_000, 1, 10_000_000, "Most MCP sessions at once");

  public static final Setting<Duration> MCP_SESSION_IDLE_TIMEOUT =
      Setting.duration(
          "MCP_SESSION_IDLE_TIMEOUT", "30m", "Idle MCP sessions are closed after this");

  /** Its range, 1ms to 1h, is checked by {@link KitConfig}. */
  public static final Setting<Duration> MCP_CONNECTION_IDLE_TIMEOUT =
      Setting.duration(
          "MCP_CONNECTION_IDLE_TIMEOUT",
          "60s",
          "HTTP connections without a request in progress are closed after this (max 1h)");

  /** Empty when unset: no management listener, and no metrics are kept. */
  public static final Setting<Optional<Integer>> MANAGEMENT_PORT =
      Setting.optional(
          "MANAGEMENT_PORT",
          "(none: no metrics)",
          "Port of the management listener, which serves Prometheus metrics at GET /metrics"
              + " without authentication; set it to keep and serve metrics (0 picks a free port)",
          Settings::port);

  public static final Setting<String> MANAGEMENT_HOST =
      new Setting<>(
          "MANAGEMENT_HOST",
          "127.0.0.1",
          "`127.0.0.1`",
          "The address the management listener binds; keep it private (0.0.0.0 in a pod, where"
              + " the network policy guards it)",
          Settings::host);

  public static final Setting<Boolean> AUDIT_LOG =
      Setting.bool(
          "AUDIT_LOG",
          false,
          "One log line per authentication decision on the MCP endpoint (logger"
              + " io.github.mcpoauthkit.audit): verdict and code, issuer, subject, client, MCP"
              + " method and name, remote address; never the token");

  public static final Setting<LogFormat> LOG_FORMAT =
      new Setting<>(
          "LOG_FORMAT",
          LogFormat.TEXT,
          "`text`",
          "The log's format: text, or json (one JSON object per line, the audit line's fields as"
              + " fields of their own)",
          Settings::logFormat);

  /**
   * The standard OpenTelemetry variable: empty when unset, and then no span is recorded and the
   * OpenTelemetry SDK is never loaded.
   */
  public static final Setting<Optional<URI>> OTEL_EXPORTER_OTLP_ENDPOINT =
      Setting.optional(
          "OTEL_EXPORTER_OTLP_ENDPOINT",
          "(none: no traces)",
          "The OpenTelemetry collector's OTLP/HTTP base URL (e.g. http://localhost:4318); set it to"
              + " record spans of authentication and of the MCP handler, posted to /v1/traces",
          Settings::otlpEndpoint);

  /** Only {@code http/protobuf}: the JDK's HTTP client speaks no gRPC. */
  public static final Setting<String> OTEL_EXPORTER_OTLP_PROTOCOL =
      new Setting<>(
          "OTEL_EXPORTER_OTLP_PROTOCOL",
          "http/protobuf",
          "`http/protobuf`",
          "The OTLP protocol; only http/protobuf is supported (grpc is refused at startup)",
          Settings::otlpProtocol);

  public static final Setting<String> OTEL_SERVICE_NAME =
      Setting.text(
          "OTEL_SERVICE_NAME",
          "mcp-oauth-kit",
          "The service.name of the exported spans (with OTEL_EXPORTER_OTLP_ENDPOINT)");

  /** Values may be credentials: a rejected text is never echoed. */
  public static final Setting<Map<String, String>> OTEL_EXPORTER_OTLP_HEADERS =
      new Setting<>(
          "OTEL_EXPORTER_OTLP_HEADERS",
          Map.of(),
          "(none)",
          "Headers sent with every export, 'name=value,name2=value2' with percent-encoded values"
              + " (e.g. a collector's credentials; never logged)",
          Settings::otlpHeaders);

  /** How log lines are written. */
  public enum LogFormat {
    /** Human-readable lines. */
    TEXT,
    /** One JSON object per line. */
    JSON
  }

  /** Its default is {@code 0s} in dev mode ({@link KitConfig}); at most {@code 1h}. */
  public static final Setting<Duration> SHUTDOWN_DRAIN =
      Setting.duration(
              "SHUTDOWN_DRAIN",
              "5s",
              "On SIGTERM or Ctrl-C: how long every request is still served (with Connection: close)"
                  + " while /health/ready answers 503, so that load balancers take the replica out;"
                  + " a second signal ends it early (max 1h)")
          .shownAs("`5s` (`0s` with --dev)");

  /** At most {@code 1h} ({@link KitConfig}). */
  public static final Setting<Duration> SHUTDOWN_TIMEOUT =
      Setting.duration(
          "SHUTDOWN_TIMEOUT",
          "10s",
          "After the drain: how long requests in flight get to finish once new connections are"
              + " refused; event streams still open then are ended cleanly (max 1h)");

  public static final Setting<Boolean> OAUTH_DEV =
      Setting.bool(
          "OAUTH_DEV",
          false,
          "Start an embedded development issuer on loopback (same as --dev); local use only");

  public static final Setting<Integer> OAUTH_DEV_ISSUER_PORT =
      Setting.integer(
              "OAUTH_DEV_ISSUER_PORT",
              0,
              0,
              65_535,
              "Port of the development issuer (--dev) on 127.0.0.1; 0 picks a free port")
          .shownAs("`0` (a free port)");

  public static final Setting<String> OAUTH_DEV_SUBJECT =
      new Setting<>(
          "OAUTH_DEV_SUBJECT",
          "dev-user",
          "`dev-user`",
          "The sub of the fixed user the development issuer (--dev) signs in on its consent page",
          Settings::subject);

  /** Its name is the one the development issuer's refusal pages print. */
  public static final Setting<Boolean> OAUTH_DEV_CLIENT_METADATA_DOCUMENTS =
      Setting.bool(
              DevIssuer.METADATA_DOCUMENTS_SWITCH,
              true,
              "Client ID Metadata Documents in the development issuer (--dev), fetched from"
                  + " loopback only; off stops advertising them, so that Claude Code and VS Code"
                  + " register with dynamic client registration")
          .shownAs("`on`");

  /** Every setting, in the order {@code --help} and the README list them. */
  public static final List<Setting<?>> ALL =
      Stream.of(
              List.<Setting<?>>of(
                  OAUTH_ISSUER_URL,
                  OAUTH_AUDIENCE,
                  PORT,
                  HOST,
                  MCP_PUBLIC_URL,
                  OAUTH_REQUIRED_SCOPES,
                  MCP_TOOL_SCOPES,
                  OAUTH_SCOPE_IMPLIES,
                  OAUTH_CLOCK_SKEW,
                  OAUTH_ACCEPTED_TYPES,
                  OAUTH_STRICT_RFC9068),
              IssuerSettings.ALL,
              VerificationSettings.ALL,
              DPoPSettings.ALL,
              List.<Setting<?>>of(
                  MCP_ALLOWED_ORIGINS,
                  MCP_STATELESS,
                  MCP_REQUEST_STATE_KEY,
                  MCP_REQUEST_STATE_TTL,
                  MCP_MAX_SUBSCRIPTIONS_PER_SUBJECT,
                  MCP_FEATURES,
                  MCP_TRANSPORT,
                  OAUTH_HTTP_CONNECT_TIMEOUT,
                  OAUTH_HTTP_READ_TIMEOUT,
                  OAUTH_ALLOW_INSECURE_HTTP,
                  OAUTH_JWKS_CACHE_TTL,
                  OAUTH_JWKS_REFRESH_AHEAD,
                  OAUTH_JWKS_RATE_LIMIT,
                  OAUTH_JWKS_OUTAGE_TOLERANCE,
                  OAUTH_TOKEN_CACHE_SIZE,
                  OAUTH_TOKEN_CACHE_TTL,
                  MCP_MAX_BODY_BYTES,
                  MCP_MAX_HEADER_BYTES,
                  MCP_MAX_SESSIONS,
                  MCP_SESSION_IDLE_TIMEOUT,
                  MCP_CONNECTION_IDLE_TIMEOUT,
                  MANAGEMENT_PORT,
                  MANAGEMENT_HOST,
                  AUDIT_LOG,
                  LOG_FORMAT,
                  OTEL_EXPORTER_OTLP_ENDPOINT,
                  OTEL_EXPORTER_OTLP_PROTOCOL,
                  OTEL_SERVICE_NAME,
                  OTEL_EXPORTER_OTLP_HEADERS,
                  SHUTDOWN_DRAIN,
                  SHUTDOWN_TIMEOUT,
                  OAUTH_DEV,
                  OAUTH_DEV_ISSUER_PORT,
                  OAUTH_DEV_SUBJECT,
                  OAUTH_DEV_CLIENT_METADATA_DOCUMENTS))
          .flatMap(List::stream)
          .toList();

  private Settings() {}

  /**
   * Reads an absolute http(s) URL without a fragment; a problem names the setting and shows {@code
   * example}.
   */
  static Setting.Parser<URI> httpUrl(String example) {
    return (name, text, problems) -> {
      try {
        URI uri = new URI(text);
        if (uri.isAbsolute()
            && uri.getHost() != null
            && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))
            && uri.getRawFragment() == null) {
          return Optional.of(uri);
        }
      } catch (URISyntaxException e) {
        // Reported below.
      }
      problems.accept(name + " '" + text + "' is not an absolute http(s) URL; e.g. " + example);
      return Optional.empty();
    };
  }

  // Problems in the URL are reported but the issuer is kept, so that the rules between settings
  // (dev mode excludes an issuer) report theirs too.
  private static Optional<Issuer> issuer(String name, String text, Consumer<String> problems) {
    try {
      URI uri = new URI(text);
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
        problems.accept(
            name
                + " '"
                + text
                + "' is not an absolute http(s) URL; expected e.g. https://auth.example.com");
      }
    } catch (URISyntaxException e) {
      problems.accept(name + " '" + text + "' is not a URL: " + e.getReason());
    }
    return Optional.of(new Issuer(text));
  }

  private static Optional<Integer> port(String name, String text, Consumer<String> problems) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65_535) {
        return Optional.of(port);
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    problems.accept(name + " '" + text + "' is not a port; expected 0 to 65535, e.g. 9464");
    return Optional.empty();
  }

  private static Optional<LogFormat> logFormat(
      String name, String text, Consumer<String> problems) {
    switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "text":
        return Optional.of(LogFormat.TEXT);
      case "json":
        return Optional.of(LogFormat.JSON);
      default:
        problems.accept(name + " '" + text + "' is not a log format; use text or json");
        return Optional.empty();
    }
  }

  // A JWT sub is any string; the development user's stays printable ASCII, so that it reads the
  // same on the consent page, in logs and in whoami.
  private static Optional<String> subject(String name, String text, Consumer<String> problems) {
    if (text.length() <= 255 && text.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      return Optional.of(text);
    }
    problems.accept(
        name
            + " must be 1 to 255 visible ASCII characters without spaces; e.g. dev-user or"
            + " alice@example.com");
    return Optional.empty();
  }

  private static Optional<URI> otlpEndpoint(String name, String text, Consumer<String> problems) {
    try {
      URI uri = new URI(text);
      if (uri.isAbsolute()
          && uri.getHost() != null
          && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // Reported below.
    }
    problems.accept(
        name
            + " '"
            + text
            + "' is not an http or https URL without query; e.g. http://localhost:4318");
    return Optional.empty();
  }

  private static Optional<String> otlpProtocol(
      String name, String text, Consumer<String> problems) {
    if (text.equals("http/protobuf")) {
      return Optional.of(text);
    }
    problems.accept(
        name
            + " '"
            + text
            + "' is not supported; use http/protobuf with the collector's OTLP/HTTP port (4318)");
    return Optional.empty();
  }

  private static Optional<Map<String, String>> otlpHeaders(
      String name, String text, Consumer<String> problems) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int equals = pair.indexOf('=');
      String header = equals < 0 ? "" : pair.substring(0, equals).trim();
      if (pair.isBlank()) {
        continue;
      }
      if (header.isEmpty() || !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        problems.accept(
            name + " has an entry that is not name=value; e.g. authorization=Bearer%20x");
        return Optional.empty();
      }
      try {
        headers.put(
            header,
            URLDecoder.decode(
                pair.substring(equals + 1).trim().replace("+", "%2B"), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        problems.accept(name + " has a value with a malformed percent-encoding");
        return Optional.empty();
      }
    }
    return Optional.of(Map.copyOf(headers));
  }

  private static Optional<String> host(String name, String text, Consumer<String> problems) {
    if (text.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
      return Optional.of(text);
    }
    problems.accept(
        name + " '" + text + "' is not a host name or IP address; e.g. 127.0.0.1 or 0.0.0.0");
    return Optional.empty();
  }

  private static Optional<ResourceUrl> resource(
      String name, String text, Consumer<String> problems) {
    try {
      return Optional.of(new ResourceUrl(text));
    } catch (IllegalArgumentException e) {
      problems.accept(name + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<Set<Scope>> scopes(String name, String text, Consumer<String> problems) {
    Set<Scope> scopes = new LinkedHashSet<>();
    for (String value : text.split("[,\\s]+")) {
      if (value.isEmpty()) {
        continue;
      }
      if (!Scope.isValid(value)) {
        problems.accept(name + ": '" + value + "' is not a valid scope (RFC 6749 §3.3)");
      } else {
        scopes.add(new Scope(value));
      }
    }
    return Optional.of(Collections.unmodifiableSet(scopes));
  }

  static Optional<HmacKey> hmacKey(String name, String text, Consumer<String> problems) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.trim());
    } catch (IllegalArgumentException e) {
      problems.accept(name + " is not Base64; make one with: openssl rand -base64 32");
      return Optional.empty();
    }
    if (key.length < 32) {
      problems.accept(
          name
              + " has "
              + key.length
              + " bytes; it needs at least 32 (make one with: openssl rand -base64 32)");
      return Optional.empty();
    }
    return Optional.of(new HmacKey(key));
  }

  private static Optional<ScopeHierarchy> scopeHierarchy(
      String name, String text, Consumer<String> problems) {
    List<List<Scope>> chains = new ArrayList<>();
    for (String chain : text.split(",")) {
      if (chain.isBlank()) {
        continue;
      }
      List<Scope> scopes = new ArrayList<>();
      String[] parts = chain.split(">", -1);
      for (String scope : parts) {
        if (parts.length < 2 || !Scope.isValid(scope.trim())) {
          problems.accept(
              name
                  + ": '"
                  + chain.trim()
                  + "' is not a chain of scopes; expected e.g. 'mcp:admin>mcp:write>mcp:read'");
          return Optional.empty();
        }
        scopes.add(new Scope(scope.trim()));
      }
      chains.add(scopes);
    }
    try {
      return Optional.of(ScopeHierarchy.ofChains(chains));
    } catch (IllegalArgumentException e) {
      problems.accept(name + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<Map<String, Set<Scope>>> toolScopes(
      String name, String text, Consumer<String> problems) {
    Map<String, Set<Scope>> map = new LinkedHashMap<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        problems.accept(
            name
                + ": '"
                + entry.trim()
                + "' is not tool=scope; expected e.g. 'admin=mcp:admin;whoami=profile'");
        continue;
      }
      Set<Scope> scopes = new LinkedHashSet<>();
      for (String scope : entry.substring(equals + 1).trim().split("[,\\s]+")) {
        if (Scope.isValid(scope)) {
          scopes.add(new Scope(scope));
        } else if (!scope.isEmpty()) {
          problems.accept(name + ": '" + scope + "' is not a valid scope");
        }
      }
      map.put(entry.substring(0, equals).trim(), Set.copyOf(scopes));
    }
    return Optional.of(Map.copyOf(map));
  }
}
