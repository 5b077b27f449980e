package io.github.mcpoauthkit.devissuer;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.util.MultivaluedMapUtils;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.Prompt;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization endpoint ({@code GET /authorize}) and the consent page's form target ({@code
 * POST /consent}), without HTTP. The Nimbus SDK parses the request and writes the response; this
 * class decides, in this order:
 *
 * <ol>
 *   <li>the client must be known (registered, or a metadata document that passes its checks) and
 *       the redirect URI one of its own ({@link RedirectUris#match}); otherwise an error page,
 *       never a redirect;
 *   <li>then every error goes back to the client as an authorization error response with {@code
 *       state} and {@code iss} (RFC 9207): {@code response_type} must be {@code code}; PKCE with
 *       {@code S256} is required ({@code plain} and a missing challenge are {@code
 *       invalid_request}); {@code resource} must be the MCP server ({@code invalid_target}); the
 *       scopes must be supported ({@code invalid_scope});
 *   <li>a valid request gets the consent page, whose form carries a random token bound to the
 *       request. The POST must bring it back: without it, or with one that is unknown, used or
 *       older than {@link #PENDING_LIFETIME}, no code is issued.
 * </ol>
 *
 * <p>Thread-safe.
 */
final class AuthorizationEndpoint {

  /** How long the consent page may stay open. */
  static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

  private static final int MAX_PENDING = 1000;

  private record Pending(Client client, Grants.Approval approval, State state, Instant expires) {}

  private final Issuer issuer;
  private final String resource;
  private final String subject;
  private final Scopes scopes;
  private final ClientRegistry clients;
  private final Grants grants;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  AuthorizationEndpoint(
      String issuer,
      String resource,
      String subject,
      Scopes scopes,
      ClientRegistry clients,
      Grants grants,
      Clock clock) {
    this.issuer = new Issuer(issuer);
    this.resource = resource;
    this.subject = subject;
    this.scopes = scopes;
    this.clients = clients;
    this.grants = grants;
    this.clock = clock;
  }

  /** {@code GET /authorize}. */
  Answer authorize(IncomingRequest request) {
    if (!request.method().equals("GET")) {
      return Answer.methodNotAllowed("GET");
    }
    AuthorizationRequest authorization;
    try {
      authorization = AuthorizationRequest.parse(request.uri());
    } catch (ParseException e) {
      ErrorObject error =
          e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject();
      if (e.getClientID() != null && e.getRedirectionURI() != null) {
        ClientRegistry.Lookup lookup = clients.lookup(e.getClientID().getValue());
        if (lookup instanceof ClientRegistry.Found found
            && RedirectUris.match(found.client().redirectUris(), e.getRedirectionURI())
                .isPresent()) {
          return redirectError(
              e.getRedirectionURI(), Answer.described(error, e.getMessage()), e.getState());
        }
      }
      return errorPage(error.getCode(), describe(e.getMessage()));
    }

    Client client;
    switch (clients.lookup(authorization.getClientID().getValue())) {
      case ClientRegistry.Found found -> client = found.client();
      case ClientRegistry.NotFound notFound -> {
        return errorPage("invalid_client", notFound.reason());
      }
    }
    URI redirectUri;
    boolean redirectUriSent = authorization.getRedirectionURI() != null;
    if (redirectUriSent) {
      Optional<URI> registered =
          RedirectUris.match(client.redirectUris(), authorization.getRedirectionURI());
      if (registered.isEmpty()) {
        return errorPage(
            "invalid_request",
            "the redirect_uri is not one the client registered"
                + RedirectUris.refusal(authorization.getRedirectionURI(), true)
                    .map(reason -> " (" + reason + ")")
                    .orElse(""));
      }
      redirectUri = authorization.getRedirectionURI();
    } else if (client.redirectUris().size() == 1) {
      redirectUri = client.redirectUris().get(0);
    } else {
      return errorPage(
          "invalid_request", "redirect_uri is required: the client registered several");
    }

    State state = authorization.getState();
    Optional<ErrorObject> refusal = refusal(authorization);
    if (refusal.isPresent()) {
      return redirectError(redirectUri, refusal.get(), state);
    }
    String scope;
    List<String> requested =
        authorization.getScope() == null ? List.of() : authorization.getScope().toStringList();
    switch (scopes.grant(requested)) {
      case Scopes.Granted granted -> scope = granted.scope();
      case Scopes.Unknown unknown -> {
        return redirectError(
            redirectUri,
            Answer.described(
                OAuth2Error.INVALID_SCOPE, "unknown scope " + String.join(" ", unknown.scopes())),
            state);
      }
    }
    if (authorization.getPrompt() != null && authorization.getPrompt().contains(Prompt.Type.NONE)) {
      return redirectError(
          redirectUri,
          new ErrorObject(
              "consent_required", "the development issuer always asks for consent", 400),
          state);
    }

    Grants.Approval approval =
        new Grants.Approval(
            client.id(),
            redirectUri,
            redirectUriSent,
            authorization.getCodeChallenge(),
            resource,
            scope,
            subject);
    String token = randomToken();
    Instant now = clock.instant();
    synchronized (pending) {
      pending.values().removeIf(entry -> !now.isBefore(entry.expires()));
      if (pending.size() >= MAX_PENDING) {
        pending.remove(pending.keySet().iterator().next());
      }
      pending.put(token, new Pending(client, approval, state, now.plus(PENDING_LIFETIME)));
    }
    return Answer.page(
        200,
        ConsentPage.consent(
            new ConsentPage.View(
                client.name(),
                client.id(),
                redirectUri,
                List.of(scope.split(" ")),
                resource,
                subject,
                token)));
  }

  /** {@code POST /consent}: the user's decision, with the token of the consent page. */
  Answer consent(IncomingRequest request) {
    if (!request.method().equals("POST")) {
      return Answer.methodNotAllowed("POST");
    }
    if (request.tooLarge() || !FormBody.isForm(request.header("content-type"))) {
      return errorPage("invalid_request", "the consent form was not posted as a form");
    }
    String text;
    switch (FormBody.check(request.body())) {
      case FormBody.Text checked -> text = checked.text();
      case FormBody.Malformed malformed -> {
        return errorPage("invalid_request", malformed.reason());
      }
    }
    Map<String, List<String>> form = URLUtils.parseParameters(text);
    String token = MultivaluedMapUtils.getFirstValue(form, ConsentPage.TOKEN_FIELD);
    String decision = MultivaluedMapUtils.getFirstValue(form, "decision");
    Pending entry;
    Instant now = clock.instant();
    synchronized (pending) {
      entry = token == null ? null : pending.remove(token);
    }
    if (entry == null || !now.isBefore(entry.expires())) {
      return Answer.page(
          403,
          ConsentPage.error(
              "invalid_request",
              "this consent form is not one the issuer is waiting for: it lacks its token, or"
                  + " the token is wrong, used or expired"));
    }
    URI redirectUri = entry.approval().redirectUri();
    if ("deny".equals(decision)) {
      return redirectError(
          redirectUri,
          Answer.described(OAuth2Error.ACCESS_DENIED, "the user denied the request"),
          entry.state());
    }
    if (!"allow".equals(decision)) {
      return errorPage("invalid_request", "the decision must be allow or deny");
    }
    String code = grants.issueCode(entry.approval(), now);
    AuthorizationSuccessResponse response =
        new AuthorizationSuccessResponse(
            redirectUri,
            new AuthorizationCode(code),
            null,
            entry.state(),
            issuer,
            ResponseMode.QUERY);
    return Answer.redirect(response.toURI());
  }

  private Optional<ErrorObject> refusal(AuthorizationRequest authorization) {
    if (authorization.getRequestObject() != null) {
      return Optional.of(OAuth2Error.REQUEST_NOT_SUPPORTED);
    }
    if (authorization.getRequestURI() != null) {
      return Optional.of(OAuth2Error.REQUEST_URI_NOT_SUPPORTED);
    }
    if (!ResponseType.CODE.equals(authorization.getResponseType())) {
      return Optional.of(
          Answer.described(OAuth2Error.UNSUPPORTED_RESPONSE_TYPE, "response_type must be code"));
    }
    if (authorization.getResponseMode() != null
        && !ResponseMode.QUERY.equals(authorization.getResponseMode())) {
      return Optional.of(
          Answer.described(OAuth2Error.INVALID_REQUEST, "response_mode must be query or absent"));
    }
    CodeChallenge challenge = authorization.getCodeChallenge();
    if (challenge == null) {
      return Optional.of(
          Answer.described(
              OAuth2Error.INVALID_REQUEST,
              "code_challenge is required: PKCE with S256 (RFC 7636)"));
    }
    if (!CodeChallengeMethod.S256.equals(authorization.getCodeChallengeMethod())) {
      return Optional.of(
          Answer.described(
              OAuth2Error.INVALID_REQUEST,
              "code_challenge_method must be S256; plain is not supported"));
    }
    List<URI> resources = authorization.getResources();
    if (resources == null || resources.isEmpty()) {
      return Optional.of(
          Answer.described(
              OAuth2Error.INVALID_TARGET,
              "resource is required: the MCP server's URL " + resource + " (RFC 8707)"));
    }
    if (resources.size() != 1 || !resources.get(0).toString().equals(resource)) {
      return Optional.of(
          Answer.described(
              OAuth2Error.INVALID_TARGET,
              "this issuer serves only the resource " + resource + " (RFC 8707)"));
    }
    return Optional.empty();
  }

  private Answer redirectError(URI redirectUri, ErrorObject error, State state) {
    return Answer.redirect(
        new AuthorizationErrorResponse(redirectUri, error, state, issuer, ResponseMode.QUERY)
            .toURI());
  }

  private static Answer errorPage(String code, String description) {
    return Answer.page(400, ConsentPage.error(code, description));
  }

  private static String describe(String message) {
    return message == null ? "the authorization request is malformed" : message;
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
