package io.github.mcpoauthkit.application;

import io.github.mcpoauthkit.port.driven.TokenIntrospector;
import java.util.Objects;

/**
 * What {@link TokenVerificationService} needs to verify tokens by asking their issuer (RFC 7662).
 *
 * @param introspector asks the issuer
 * @param settings the bounds of the answer cache and of the calls
 * @param jwtsLocally whether a token shaped as a signed JWT (three segments) is still verified
 *     locally against the issuer's keys, and only other tokens introspected; when false every token
 *     is introspected
 */
public record TokenIntrospection(
    TokenIntrospector introspector, IntrospectionSettings settings, boolean jwtsLocally) {

  /**
   * @throws NullPointerException if an argument is null
   */
  public TokenIntrospection {
    Objects.requireNonNull(introspector, "introspector");
    Objects.requireNonNull(settings, "settings");
  }
}
