package io.github.mcpoauthkit.streamablehttp;

import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the protected MCP endpoint behaves: its public URL, the scopes it requires, the origins it
 * accepts, and the bounds that keep one client from exhausting the server. Immutable; build with
 * {@link #builder(ResourceUrl)}.
 */
public final class ResourceServerSettings {

  /** The largest request header section both web servers accept by default: 16 KiB. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

  /**
   * How long both web servers keep a connection that carries no request before they close it: 60 s.
   * A request in progress (an open event stream included) is never cut off by it.
   */
  public static final Duration DEFAULT_CONNECTION_IDLE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The longest both web servers give a client to send a request's header section after it began:
   * 30 s, or less, see {@link #headerSectionTimeout(Duration)}.
   */
  public static final Duration MAX_HEADER_SECTION_TIME = Duration.ofSeconds(30);

  /**
   * How long both web servers give a client to send a request's header section (slowloris): {@link
   * #MAX_HEADER_SECTION_TIME}, or the connection idle timeout if that is shorter.
   *
   * @param idleTimeout how long a connection may carry no request; positive
   * @throws IllegalArgumentException if {@code idleTimeout} is zero or negative
   */
  public static Duration headerSectionTimeout(Duration idleTimeout) {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
    }
    return idleTimeout.compareTo(MAX_HEADER_SECTION_TIME) < 0
        ? idleTimeout
        : MAX_HEADER_SECTION_TIME;
  }

  private final ResourceUrl resource;
  private final Set<Scope> requiredScopes;
  private final Map<String, Set<Scope>> toolScopes;
  private final OriginPolicy origins;
  private final Set<String> allowedHosts;
  private final String resourceName;
  private final boolean stateless;
  private final int maxBodyBytes;
  private final int maxHeaderBytes;
  private final int maxSessions;
  private final int maxSessionsPerSubject;
  private final int maxSubscriptionsPerSubject;
  private final Duration sessionIdleTimeout;
  private final Duration streamWriteTimeout;
  private final Duration keepAliveInterval;
  private final AuditLogFormat auditLog;
  private final DPoPPolicy dpop;
  private final List<Issuer> additionalIssuers;

  /** Whether and how each authentication decision is logged (the audit line). */
  public enum AuditLogFormat {
    /** No audit line. */
    OFF,
    /** One line of {@code key=value} pairs. */
    TEXT,
    /** The fields as the log event's key-value pairs, for a JSON log encoder. */
    JSON
  }

  private ResourceServerSettings(Builder builder) {
    this.resource = builder.resource;
    this.requiredScopes = Collections.unmodifiableSet(new LinkedHashSet<>(builder.requiredScopes));
    Map<String, Set<Scope>> tools = new LinkedHashMap<>();
    builder.toolScopes.forEach((tool, scopes) -> tools.put(tool, Set.copyOf(scopes)));
    this.toolScopes = Collections.unmodifiableMap(tools);
    this.origins = builder.origins != null ? builder.origins : defaultOrigins(builder.resource);
    this.allowedHosts = Set.copyOf(builder.allowedHosts);
    this.resourceName = builder.resourceName;
    this.stateless = builder.stateless;
    this.maxBodyBytes = builder.maxBodyBytes;
    this.maxHeaderBytes = builder.maxHeaderBytes;
    this.maxSessions = builder.maxSessions;
    this.maxSessionsPerSubject = builder.maxSessionsPerSubject;
    this.maxSubscriptionsPerSubject = builder.maxSubscriptionsPerSubject;
    this.sessionIdleTimeout = builder.sessionIdleTimeout;
    this.streamWriteTimeout = builder.streamWriteTimeout;
    this.keepAliveInterval = builder.keepAliveInterval;
    this.auditLog = builder.auditLog;
    this.dpop = builder.dpop;
    this.additionalIssuers = builder.additionalIssuers;
  }

  /** The issuers trusted besides the first, in the order of {@code authorization_servers}. */
  public List<Issuer> additionalIssuers() {
    return additionalIssuers;
  }

  /**
   * What the endpoint asks of DPoP (RFC 9449): its challenges and metadata follow it; the
   * authenticator given to the handler must apply the same policy. Off by default.
   */
  public DPoPPolicy dpop() {
    return dpop != null
        ? dpop
        : DPoPPolicy.of(DPoPPolicy.Mode.OFF, resource.value(), Duration.ZERO);
  }

  /** Whether and how each authentication decision on the MCP endpoint is logged. */
  public AuditLogFormat auditLog() {
    return auditLog;
  }

  /** Settings for the MCP endpoint at {@code resource}, with defaults for everything else. */
  public static Builder builder(ResourceUrl resource) {
    return new Builder(resource);
  }

  /** The resource's own origin; the application adds the loopback origins of its port. */
  private static OriginPolicy defaultOrigins(ResourceUrl resource) {
    return OriginPolicy.allowing(Set.of(resource.origin()));
  }

  /** The public URL of the MCP endpoint, the {@code resource} of the metadata. */
  public ResourceUrl resource() {
    return resource;
  }

  /** The scopes every request needs. */
  public Set<Scope> requiredScopes() {
    return requiredScopes;
  }

  /** The scopes a {@code tools/call} of each named tool needs, beyond the required ones. */
  public Map<String, Set<Scope>> toolScopes() {
    return toolScopes;
  }

  /** The browser origins accepted. */
  public OriginPolicy origins() {
    return origins;
  }

  /**
   * The {@code Host} header values accepted on the MCP endpoint, lower case with port; empty when
   * any host is accepted. A server bound to loopback sets them, so that a page on a rebound domain
   * is refused even when it sends no {@code Origin}.
   */
  public Set<String> allowedHosts() {
    return allowedHosts;
  }

  /** The {@code resource_name} published in the metadata. */
  public String resourceName() {
    return resourceName;
  }

  /** Whether the endpoint keeps no sessions (every request stands alone; GET answers 405). */
  public boolean stateless() {
    return stateless;
  }

  /** The largest request body read; larger bodies get 413. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The largest request header section the web server accepts; larger ones get 431. */
  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  /** The most sessions kept at once; beyond it, {@code initialize} gets 503. */
  public int maxSessions() {
    return maxSessions;
  }

  /** The most sessions one subject keeps; beyond it, its least recently used one is closed. */
  public int maxSessionsPerSubject() {
    return maxSessionsPerSubject;
  }

  /**
   * The most MCP 2026-07-28 {@code subscriptions/listen} streams one subject keeps open; beyond it,
   * a new one gets 429.
   */
  public int maxSubscriptionsPerSubject() {
    return maxSubscriptionsPerSubject;
  }

  /** How long a session without requests or open streams lives. */
  public Duration sessionIdleTimeout() {
    return sessionIdleTimeout;
  }

  /** How long an event may wait for a client that stopped reading before its stream is closed. */
  public Duration streamWriteTimeout() {
    return streamWriteTimeout;
  }

  /** How often an idle event stream gets a comment line, so dead connections are noticed. */
  public Duration keepAliveInterval() {
    return keepAliveInterval;
  }

  /** Builds {@link ResourceServerSettings}. Not thread-safe. */
  public static final class Builder {
    private final ResourceUrl resource;
    private Set<Scope> requiredScopes = Set.of();
    private Map<String, Set<Scope>> toolScopes = Map.of();
    private OriginPolicy origins;
    private Set<String> allowedHosts = Set.of();
    private String resourceName = "MCP Server";
    private boolean stateless;
    private int maxBodyBytes = 4 * 1024 * 1024;
    private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
    private int maxSessions = 10_000;
    private int maxSessionsPerSubject = 100;
    private int maxSubscriptionsPerSubject = 10;
    private Duration sessionIdleTimeout = Duration.ofMinutes(30);
    private Duration streamWriteTimeout = Duration.ofSeconds(30);
    private Duration keepAliveInterval = Duration.ofSeconds(25);
    private AuditLogFormat auditLog = AuditLogFormat.OFF;
    private DPoPPolicy dpop;
    private List<Issuer> additionalIssuers = List.of();

    private Builder(ResourceUrl resource) {
      this.resource = Objects.requireNonNull(resource, "resource");
    }

    /** Scopes every request needs. */
    public Builder requiredScopes(Set<Scope> scopes) {
      this.requiredScopes = Set.copyOf(scopes);
      return this;
    }

    /** Scopes a {@code tools/call} of each tool needs. */
    public Builder toolScopes(Map<String, Set<Scope>> scopes) {
      this.toolScopes = Map.copyOf(scopes);
      return this;
    }

    /** The accepted browser origins; by default only the resource's own origin. */
    public Builder origins(OriginPolicy origins) {
      this.origins = Objects.requireNonNull(origins, "origins");
      return this;
    }

    /** The accepted {@code Host} header values ({@code host:port}); empty accepts any. */
    public Builder allowedHosts(Set<String> hosts) {
      Set<String> lower = new LinkedHashSet<>();
      hosts.forEach(host -> lower.add(host.toLowerCase(java.util.Locale.ROOT)));
      this.allowedHosts = lower;
      return this;
    }

    /** The {@code resource_name} of the metadata. */
    public Builder resourceName(String name) {
      this.resourceName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Whether the endpoint keeps no sessions. */
    public Builder stateless(boolean stateless) {
      this.stateless = stateless;
      return this;
    }

    /** The largest request body; default 4 MiB. */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = positive(bytes, "maxBodyBytes");
      return this;
    }

    /** The largest header section; default 16 KiB. */
    public Builder maxHeaderBytes(int bytes) {
      this.maxHeaderBytes = positive(bytes, "maxHeaderBytes");
      return this;
    }

    /** The most sessions at once; default 10 000. */
    public Builder maxSessions(int sessions) {
      this.maxSessions = positive(sessions, "maxSessions");
      return this;
    }

    /** The most sessions per subject; default 100. */
    public Builder maxSessionsPerSubject(int sessions) {
      this.maxSessionsPerSubject = positive(sessions, "maxSessionsPerSubject");
      return this;
    }

    /** The most open {@code subscriptions/listen} streams per subject; default 10. */
    public Builder maxSubscriptionsPerSubject(int subscriptions) {
      this.maxSubscriptionsPerSubject = positive(subscriptions, "maxSubscriptionsPerSubject");
      return this;
    }

    /** Idle session lifetime; default 30 minutes. */
    public Builder sessionIdleTimeout(Duration timeout) {
      this.sessionIdleTimeout = positive(timeout, "sessionIdleTimeout");
      return this;
    }

    /** Write timeout for event streams; default 30 s. */
    public Builder streamWriteTimeout(Duration timeout) {
      this.streamWriteTimeout = positive(timeout, "streamWriteTimeout");
      return this;
    }

    /** Keep-alive comment interval on idle event streams; default 25 s. */
    public Builder keepAliveInterval(Duration interval) {
      this.keepAliveInterval = positive(interval, "keepAliveInterval");
      return this;
    }

    /** Whether and how each authentication decision is logged; default {@code OFF}. */
    public Builder auditLog(AuditLogFormat format) {
      this.auditLog = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * The DPoP policy the authenticator applies, for the challenges and the metadata; by default
     * DPoP is off.
     */
    public Builder dpop(DPoPPolicy policy) {
      this.dpop = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Issuers trusted besides the one discovered first, listed after it in the protected resource
     * metadata's {@code authorization_servers}; none by default.
     */
    public Builder additionalIssuers(List<Issuer> issuers) {
      this.additionalIssuers = List.copyOf(issuers);
      return this;
    }

    /** The settings. */
    public ResourceServerSettings build() {
      return new ResourceServerSettings(this);
    }

    private static int positive(int value, String name) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
