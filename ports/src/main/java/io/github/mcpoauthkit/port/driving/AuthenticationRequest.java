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
 * @param dpopHeaders the values of every {@code DPoP} header (RFC 9449 proofs), in any order; empty
 *     when there is none
 * @param method the request's HTTP method, compared with a DPoP proof's {@code htm}; empty when
 *     unknown, which no proof matches
 */
public record AuthenticationRequest(
    List<String> authorizationHeaders,
    Set<Scope> requestScopes,
    boolean tokenOutsideHeader,
    List<String> dpopHeaders,
    String method) {

  /**
   * @throws NullPointerException if an argument, or an element of a collection, is null
   */
  public AuthenticationRequest {
    authorizationHeaders = List.copyOf(authorizationHeaders);
    dpopHeaders = List.copyOf(dpopHeaders);
    Objects.requireNonNull(method, "method");
    requestScopes =
        requestScopes.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(new LinkedHashSet<>(requestScopes));
    for (Scope scope : requestScopes) {
      Objects.requireNonNull(scope, "requestScopes element");
    }
  }

  /**
   * A request without {@code DPoP} headers and of unknown method: what a transport that does not
   * read DPoP gives.
   *
   * @throws NullPointerException if a collection or one of its elements is null
   */
  public AuthenticationRequest(
      List<String> authorizationHeaders, Set<Scope> requestScopes, boolean tokenOutsideHeader) {
    this(authorizationHeaders, requestScopes, tokenOutsideHeader, List.of(), "");
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
    Set<Scope> all = scopes;
    if (!requestScopes.isEmpty()) {
      all = new LinkedHashSet<>(requestScopes);
      all.addAll(scopes);
    }
    return new AuthenticationRequest(
        authorizationHeaders, all, tokenOutsideHeader, dpopHeaders, method);
  }

  /** This request with its {@code DPoP} header values and HTTP method. */
  public AuthenticationRequest withDPoP(List<String> dpopHeaders, String method) {
    return new AuthenticationRequest(
        authorizationHeaders, requestScopes, tokenOutsideHeader, dpopHeaders, method);
  }
}
