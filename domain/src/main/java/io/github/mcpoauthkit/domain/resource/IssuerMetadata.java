package io.github.mcpoauthkit.domain.resource;

import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What this resource server knows of its authorization server, from OpenID Connect Discovery or RFC
 * 8414 metadata. Immutable and thread-safe.
 *
 * @param issuer the {@code issuer}, equal to the configured issuer
 * @param authorizationEndpoint the {@code authorization_endpoint}
 * @param tokenEndpoint the {@code token_endpoint}
 * @param jwksUri the {@code jwks_uri}
 * @param scopesSupported the {@code scopes_supported}; empty when not published
 * @param codeChallengeMethodsSupported the {@code code_challenge_methods_supported}; empty when not
 *     published
 * @param grantTypesSupported the {@code grant_types_supported}; empty when not published
 * @param document the whole metadata document as JSON values, for mirroring it to older clients
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8414#section-2">RFC 8414 §2</a>
 */
public record IssuerMetadata(
    Issuer issuer,
    String authorizationEndpoint,
    String tokenEndpoint,
    String jwksUri,
    List<Scope> scopesSupported,
    List<String> codeChallengeMethodsSupported,
    List<String> grantTypesSupported,
    Map<String, Object> document) {

  /**
   * @throws NullPointerException if an argument is null
   */
  public IssuerMetadata {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    Objects.requireNonNull(jwksUri, "jwksUri");
    scopesSupported = List.copyOf(scopesSupported);
    codeChallengeMethodsSupported = List.copyOf(codeChallengeMethodsSupported);
    grantTypesSupported = List.copyOf(grantTypesSupported);
    document = Collections.unmodifiableMap(new LinkedHashMap<>(document));
  }

  /** The {@code registration_endpoint} (RFC 7591 dynamic client registration), if published. */
  public Optional<String> registrationEndpoint() {
    return document.get("registration_endpoint") instanceof String endpoint
        ? Optional.of(endpoint)
        : Optional.empty();
  }

  /**
   * The {@code introspection_endpoint} (RFC 8414 §2, RFC 7662 §2), if published: where opaque
   * tokens are introspected unless another endpoint is configured.
   */
  public Optional<String> introspectionEndpoint() {
    return document.get("introspection_endpoint") instanceof String endpoint
        ? Optional.of(endpoint)
        : Optional.empty();
  }

  /** The whole document as JSON, as the issuer published it. */
  public String documentJson() {
    return Json.write(document);
  }
}
