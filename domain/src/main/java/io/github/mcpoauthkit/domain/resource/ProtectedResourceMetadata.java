package io.github.mcpoauthkit.domain.resource;

import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The OAuth 2.0 Protected Resource Metadata of the MCP endpoint (RFC 9728 §2), served at {@link
 * ResourceUrl#metadataUrl()}. Immutable and thread-safe.
 *
 * <p>{@link #toJson()} leaves out parameters without a value instead of writing empty arrays or
 * nulls (RFC 9728 §2, §3.2). {@code bearer_methods_supported} is always {@code ["header"]}: tokens
 * in query strings or form bodies are refused.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728#section-2">RFC 9728 §2</a>
 */
public final class ProtectedResourceMetadata {

  private final ResourceUrl resource;
  private final List<Issuer> authorizationServers;
  private final List<Scope> scopesSupported;
  private final String resourceName;
  private final String resourceDocumentation;
  private final List<String> dpopAlgorithms;
  private final boolean dpopRequired;

  private ProtectedResourceMetadata(
      ResourceUrl resource,
      List<Issuer> authorizationServers,
      List<Scope> scopesSupported,
      String resourceName,
      String resourceDocumentation,
      List<String> dpopAlgorithms,
      boolean dpopRequired) {
    this.resource = resource;
    this.authorizationServers = authorizationServers;
    this.scopesSupported = scopesSupported;
    this.resourceName = resourceName;
    this.resourceDocumentation = resourceDocumentation;
    this.dpopAlgorithms = dpopAlgorithms;
    this.dpopRequired = dpopRequired;
  }

  /**
   * Metadata naming {@code resource} and its one authorization server.
   *
   * @throws NullPointerException if an argument is null
   */
  public static ProtectedResourceMetadata of(ResourceUrl resource, Issuer authorizationServer) {
    return new ProtectedResourceMetadata(
        Objects.requireNonNull(resource, "resource"),
        List.of(Objects.requireNonNull(authorizationServer, "authorizationServer")),
        List.of(),
        null,
        null,
        List.of(),
        false);
  }

  /**
   * Metadata naming {@code resource} and the authorization servers it trusts, in the order given:
   * clients that use one take the first (RFC 9728 §2 leaves the choice to them).
   *
   * @throws NullPointerException if an argument or an issuer is null
   * @throws IllegalArgumentException if {@code authorizationServers} is empty or names one twice
   */
  public static ProtectedResourceMetadata of(
      ResourceUrl resource, List<Issuer> authorizationServers) {
    List<Issuer> servers = List.copyOf(authorizationServers);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("at least one authorization server is needed");
    }
    if (servers.stream().map(Issuer::value).distinct().count() != servers.size()) {
      throw new IllegalArgumentException("an authorization server is named twice: " + servers);
    }
    return new ProtectedResourceMetadata(
        Objects.requireNonNull(resource, "resource"),
        servers,
        List.of(),
        null,
        null,
        List.of(),
        false);
  }

  /**
   * This metadata with {@code scopes_supported}, without {@link Scope#OFFLINE_ACCESS} (MCP
   * 2026-07-28: it is no permission on this resource); an empty set leaves the parameter out.
   */
  public ProtectedResourceMetadata withScopesSupported(Set<Scope> scopes) {
    return new ProtectedResourceMetadata(
        resource,
        authorizationServers,
        List.copyOf(new ArrayList<>(Scope.withoutOfflineAccess(scopes))),
        resourceName,
        resourceDocumentation,
        dpopAlgorithms,
        dpopRequired);
  }

  /** This metadata with a human-readable {@code resource_name}. */
  public ProtectedResourceMetadata withResourceName(String name) {
    return new ProtectedResourceMetadata(
        resource,
        authorizationServers,
        scopesSupported,
        Objects.requireNonNull(name, "name"),
        resourceDocumentation,
        dpopAlgorithms,
        dpopRequired);
  }

  /** This metadata with a {@code resource_documentation} URL. */
  public ProtectedResourceMetadata withResourceDocumentation(String url) {
    return new ProtectedResourceMetadata(
        resource,
        authorizationServers,
        scopesSupported,
        resourceName,
        Objects.requireNonNull(url, "url"),
        dpopAlgorithms,
        dpopRequired);
  }

  /**
   * This metadata saying that DPoP-bound tokens are accepted (RFC 9728 §2): {@code
   * dpop_signing_alg_values_supported} lists {@code algorithms}, and {@code
   * dpop_bound_access_tokens_required} is {@code true} when {@code required} (left out otherwise,
   * false being its default).
   *
   * @throws IllegalArgumentException if {@code algorithms} is empty
   */
  public ProtectedResourceMetadata withDPoP(Set<String> algorithms, boolean required) {
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("DPoP needs at least one proof algorithm");
    }
    return new ProtectedResourceMetadata(
        resource,
        authorizationServers,
        scopesSupported,
        resourceName,
        resourceDocumentation,
        List.copyOf(algorithms),
        required);
  }

  /** The {@code resource} identifier. */
  public ResourceUrl resource() {
    return resource;
  }

  /** The {@code authorization_servers}, never empty. */
  public List<Issuer> authorizationServers() {
    return authorizationServers;
  }

  /** The {@code scopes_supported}; empty when not published. */
  public List<Scope> scopesSupported() {
    return scopesSupported;
  }

  /** The {@code resource_name}, if set. */
  public Optional<String> resourceName() {
    return Optional.ofNullable(resourceName);
  }

  /** The JSON document, parameters without a value left out. */
  public String toJson() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("resource", resource.value());
    List<String> servers = new ArrayList<>();
    authorizationServers.forEach(issuer -> servers.add(issuer.value()));
    document.put("authorization_servers", servers);
    if (!scopesSupported.isEmpty()) {
      List<String> scopes = new ArrayList<>();
      scopesSupported.forEach(scope -> scopes.add(scope.value()));
      document.put("scopes_supported", scopes);
    }
    document.put("bearer_methods_supported", List.of("header"));
    if (resourceName != null) {
      document.put("resource_name", resourceName);
    }
    if (resourceDocumentation != null) {
      document.put("resource_documentation", resourceDocumentation);
    }
    if (!dpopAlgorithms.isEmpty()) {
      document.put("dpop_signing_alg_values_supported", dpopAlgorithms);
      if (dpopRequired) {
        document.put("dpop_bound_access_tokens_required", true);
      }
    }
    return Json.write(document);
  }
}
