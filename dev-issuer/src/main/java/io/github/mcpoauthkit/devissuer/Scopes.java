package io.github.mcpoauthkit.devissuer;

import io.github.mcpoauthkit.domain.token.Scope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The scopes of the development issuer: those it supports ({@code scopes_supported}), those a
 * {@code client_credentials} token carries by default (all of them, as before the authorization
 * code flow existed), and those the user grants when a client asks for none (the server's required
 * scopes, so that a scoped tool's 403 sends the client back through consent for more).
 *
 * <p>{@code offline_access} is not listed (the kit never advertises it), yet accepted and dropped:
 * every public client gets a refresh token without it. Immutable.
 */
final class Scopes {

  private final Set<String> supported;
  private final String authorizationDefault;

  /**
   * @param supported every scope a token may carry; at least one
   * @param authorizationDefault the subset granted when an authorization request names none; at
   *     least one
   */
  Scopes(Set<Scope> supported, Set<Scope> authorizationDefault) {
    this.supported = new LinkedHashSet<>();
    supported.forEach(scope -> this.supported.add(scope.value()));
    if (this.supported.isEmpty() || authorizationDefault.isEmpty()) {
      throw new IllegalArgumentException("the development issuer needs at least one scope");
    }
    if (!supported.containsAll(authorizationDefault)) {
      throw new IllegalArgumentException("the default scopes must be supported scopes");
    }
    this.authorizationDefault = Scope.join(authorizationDefault);
  }

  /** {@code scopes_supported}, in order. */
  List<String> supported() {
    return List.copyOf(supported);
  }

  /** What a {@code client_credentials} token carries when the request names no scope. */
  String clientCredentialsDefault() {
    return String.join(" ", supported);
  }

  /** What the user grants when the authorization request names no scope. */
  String authorizationDefault() {
    return authorizationDefault;
  }

  /** Whether {@code scope} is space-separated scope tokens (RFC 6749 §3.3). */
  static boolean isWellFormed(String scope) {
    for (String token : scope.split(" ", -1)) {
      if (!Scope.isValid(token)) {
        return false;
      }
    }
    return true;
  }

  /** The outcome of deciding which scope to grant. */
  sealed interface Decision permits Granted, Unknown {}

  /** The scope to grant, space-separated. */
  record Granted(String scope) implements Decision {}

  /** Scopes the issuer does not know. */
  record Unknown(List<String> scopes) implements Decision {
    Unknown {
      scopes = List.copyOf(scopes);
    }
  }

  /**
   * What to grant for an authorization request's {@code scope} values: the requested scopes, which
   * must all be supported, or the default when none (or only {@code offline_access}) are named.
   */
  Decision grant(List<String> requested) {
    Objects.requireNonNull(requested, "requested");
    List<String> granted = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String scope : requested) {
      if (scope.equals(Scope.OFFLINE_ACCESS.value()) || granted.contains(scope)) {
        continue;
      }
      (supported.contains(scope) ? granted : unknown).add(scope);
    }
    if (!unknown.isEmpty()) {
      return new Unknown(unknown);
    }
    return new Granted(granted.isEmpty() ? authorizationDefault : String.join(" ", granted));
  }
}
