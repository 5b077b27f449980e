package io.github.mcpoauthkit.port.driving;

import io.github.mcpoauthkit.domain.token.Scope;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a transport knows about one request's credentials.
 *
 * @param authorizationHeaders the values of every {@code Authorization} header, in any order; empty
 *     when there is none
 * @param requestScopes the scopes this particular request needs beyond the policy's required scopes
 *     (for example those of the tool a {@code tools/call} invokes); usually empty
 * @param tokenOutsideHeader whether the request also carries an {@code access_token} in its query
 *     string or form body, which RFC 9728 resource servers advertising {@code
 *     bearer_methods_supported: ["header"]} refuse with {@code invalid_request}
 */
public record AuthenticationRequest(
    List<String> authorizationHeaders, Set<Scope> requestScopes, boolean tokenOutsideHeader) {

  /**
   * @throws NullPointerException if a collection or one of its elements is null
   */
  public AuthenticationRequest {
    authorizationHeaders = List.copyOf(authorizationHeaders);
    requestScopes =
        requestScopes.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(new LinkedHashSet<>(requestScopes));
    for (Scope scope : requestScopes) {
      Objects.requireNonNull(scope, "requestScopes element");
    }
  }

  /** A request with these {@code Authorization} header values and nothing else. */
  public static AuthenticationRequest ofHeaders(List<String> authorizationHeaders) {
    return new AuthenticationRequest(authorizationHeaders, Set.of(), false);
  }

  /** A request with one {@code Authorization: Bearer} header. */
  public static AuthenticationRequest bearer(String token) {
    return ofHeaders(List.of("Bearer " + token));
  }

  /** This request, needing {@code scopes} as well as the scopes it already asks for. */
  public AuthenticationRequest needing(Set<Scope> scopes) {
    if (requestScopes.isEmpty()) {
      return new AuthenticationRequest(authorizationHeaders, scopes, tokenOutsideHeader);
    }
    Set<Scope> all = new LinkedHashSet<>(requestScopes);
    all.addAll(scopes);
    return new AuthenticationRequest(authorizationHeaders, all, tokenOutsideHeader);
  }
}
