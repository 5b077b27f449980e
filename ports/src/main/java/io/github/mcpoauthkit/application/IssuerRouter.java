package io.github.mcpoauthkit.application;

import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.port.driven.TokenIssuerReader;
import io.github.mcpoauthkit.port.driving.AuthenticationRequest;
import io.github.mcpoauthkit.port.driving.RequestAuthenticator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link RequestAuthenticator} for several trusted issuers: the {@code iss} a token claims picks
 * the issuer whose authenticator judges the request, before any key or endpoint is used, so one
 * issuer's keys never judge another's tokens, and one issuer's outage leaves the others' tokens
 * alone. A token claiming an issuer not trusted here is refused as {@link
 * RejectionCode#ISSUER_MISMATCH} without further work. Requests whose token claims no issuer (an
 * opaque token, malformed credentials, none) go to one chosen issuer (the one that introspects
 * opaque tokens, else the first), which answers them as it would alone: never to several, which
 * would hand a token to issuers that did not issue it. Thread-safe when the authenticators and the
 * reader are.
 */
public final class IssuerRouter implements RequestAuthenticator {

  private static final Verdict UNTRUSTED_ISSUER = Verdict.rejected(RejectionCode.ISSUER_MISMATCH);

  private final TokenIssuerReader reader;
  private final Map<String, RequestAuthenticator> byIssuer;
  private final RequestAuthenticator unnamed;

  /**
   * Tokens that claim no issuer go to the first issuer of {@code byIssuer}.
   *
   * @param reader reads the issuer a token claims
   * @param byIssuer each trusted issuer's authenticator
   * @throws NullPointerException if an argument, a key or a value is null
   * @throws IllegalArgumentException if {@code byIssuer} is empty
   */
  public IssuerRouter(TokenIssuerReader reader, Map<Issuer, RequestAuthenticator> byIssuer) {
    this(reader, byIssuer, firstOf(byIssuer));
  }

  private static Issuer firstOf(Map<Issuer, RequestAuthenticator> byIssuer) {
    return byIssuer.keySet().stream()
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("at least one issuer must be trusted"));
  }

  /**
   * @param reader reads the issuer a token claims
   * @param byIssuer each trusted issuer's authenticator
   * @param forUnnamed the issuer whose authenticator answers tokens that claim none
   * @throws NullPointerException if an argument, a key or a value is null
   * @throws IllegalArgumentException if {@code byIssuer} is empty or lacks {@code forUnnamed}
   */
  public IssuerRouter(
      TokenIssuerReader reader, Map<Issuer, RequestAuthenticator> byIssuer, Issuer forUnnamed) {
    this.reader = Objects.requireNonNull(reader, "reader");
    if (byIssuer.isEmpty()) {
      throw new IllegalArgumentException("at least one issuer must be trusted");
    }
    Map<String, RequestAuthenticator> copy = new LinkedHashMap<>();
    byIssuer.forEach(
        (issuer, authenticator) ->
            copy.put(
                Objects.requireNonNull(issuer, "issuer").value(),
                Objects.requireNonNull(authenticator, "authenticator")));
    this.byIssuer = copy;
    this.unnamed = copy.get(Objects.requireNonNull(forUnnamed, "forUnnamed").value());
    if (unnamed == null) {
      throw new IllegalArgumentException(forUnnamed.value() + " is not among the issuers");
    }
  }

  @Override
  public Verdict authenticate(AuthenticationRequest request) {
    Objects.requireNonNull(request, "request");
    Optional<String> claimed = claimedIssuer(request.authorizationHeaders());
    if (claimed.isEmpty()) {
      return unnamed.authenticate(request);
    }
    RequestAuthenticator chosen = byIssuer.get(claimed.get());
    return chosen == null ? UNTRUSTED_ISSUER : chosen.authenticate(request);
  }

  @Override
  public Verdict authorize(
      AuthenticationRequest request, Verdict.Accepted accepted, Set<Scope> scopes) {
    Objects.requireNonNull(accepted, "accepted");
    RequestAuthenticator chosen = byIssuer.get(accepted.token().issuer().value());
    return (chosen == null ? unnamed : chosen).authorize(request, accepted, scopes);
  }

  // Only a single Authorization header of the Bearer or DPoP scheme is looked into; anything else
  // is for the authenticator of unnamed tokens to refuse as it would alone.
  private Optional<String> claimedIssuer(List<String> headers) {
    if (headers.size() != 1) {
      return Optional.empty();
    }
    String header = headers.get(0);
    int space = header.indexOf(' ');
    if (space <= 0) {
      return Optional.empty();
    }
    String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
    String token = header.substring(space + 1).strip();
    if (!(scheme.equals("bearer") || scheme.equals("dpop")) || token.isEmpty()) {
      return Optional.empty();
    }
    return reader.claimedIssuer(new BearerToken(token));
  }
}
