package io.github.mcpoauthkit.app.config;

import io.github.mcpoauthkit.adapter.introspection.IntrospectionClientAuth;
import io.github.mcpoauthkit.adapter.introspection.IntrospectionHttpSettings;
import io.github.mcpoauthkit.application.IntrospectionSettings;
import io.github.mcpoauthkit.domain.token.Issuer;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Token introspection as configured ({@link VerificationSettings}): present only when {@code
 * OAUTH_VERIFICATION} is {@code introspection} or {@code hybrid}.
 *
 * @param issuer the one trusted issuer whose tokens are introspected, and which takes the tokens
 *     that name no issuer
 * @param jwtsLocally {@code hybrid}: tokens shaped as signed JWTs are still verified locally
 * @param endpoint the configured endpoint; empty: the issuer's {@code introspection_endpoint}
 * @param auth how this server authenticates to the endpoint; its secret or key is never printed
 * @param http the bounds of each call
 * @param limits the answer cache and the call limits
 */
public record IntrospectionConfig(
    Issuer issuer,
    boolean jwtsLocally,
    Optional<URI> endpoint,
    IntrospectionClientAuth auth,
    IntrospectionHttpSettings http,
    IntrospectionSettings limits) {

  /**
   * @throws NullPointerException if an argument is null
   */
  public IntrospectionConfig {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(limits, "limits");
  }
}
