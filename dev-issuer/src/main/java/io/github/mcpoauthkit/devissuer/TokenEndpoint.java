package io.github.mcpoauthkit.devissuer;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.util.MultivaluedMapUtils;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The development issuer's token endpoint, without HTTP. The Nimbus SDK parses the request ({@link
 * TokenRequest#parse}); this class decides. Errors are RFC 6749 §5.2 JSON. Thread-safe.
 *
 * <ul>
 *   <li>{@code client_credentials} (RFC 6749 §4.4) for the one confidential client, authenticated
 *       with {@code client_secret_basic} or {@code client_secret_post}; the token's subject is the
 *       client.
 *   <li>{@code authorization_code} (OAuth 2.1 §4.1.3) for public clients: the code must be unused,
 *       unexpired, issued to this {@code client_id}, with the same {@code redirect_uri} and a
 *       {@code code_verifier} whose S256 hash is the challenge; the token's subject is the
 *       development user. A refresh token comes with it.
 *   <li>{@code refresh_token} for public clients, rotated at each use ({@link Grants}).
 * </ul>
 *
 * <p>A {@code resource} parameter (RFC 8707), if sent, must be the MCP server's resource URL.
 */
final class TokenEndpoint {

  /** The grants, in the order the metadata lists them. */
  static final List<String> SUPPORTED_GRANTS =
      List.of("authorization_code", "refresh_token", "client_credentials");

  private final String confidentialClientId;
  private final byte[] confidentialSecret;
  private final String resource;
  private final Scopes scopes;
  private final TokenSigner signer;
  private final Grants grants;
  private final Clock clock;

  TokenEndpoint(
      String confidentialClientId,
      String confidentialSecret,
      String resource,
      Scopes scopes,
      TokenSigner signer,
      Grants grants,
      Clock clock) {
    this.confidentialClientId = confidentialClientId;
    this.confidentialSecret = confidentialSecret.getBytes(StandardCharsets.UTF_8);
    this.resource = resource;
    this.scopes = scopes;
    this.signer = signer;
    this.grants = grants;
    this.clock = clock;
  }

  /** Answers one request. */
  Answer handle(IncomingRequest request) {
    if (!request.method().equals("POST")) {
      return Answer.methodNotAllowed("POST");
    }
    if (request.tooLarge()) {
      return Answer.error(
          413,
          "invalid_request",
          "the request body is larger than " + FormBody.MAX_BYTES + " bytes");
    }
    if (!FormBody.isForm(request.header("content-type"))) {
      return Answer.error(
          400,
          "invalid_request",
          "the body must be application/x-www-form-urlencoded (RFC 6749 §3.2)");
    }
    String text;
    switch (FormBody.check(request.body())) {
      case FormBody.Text checked -> text = checked.text();
      case FormBody.Malformed malformed -> {
        return Answer.error(400, "invalid_request", malformed.reason());
      }
    }
    Optional<String> authorization = request.header("authorization");
    if (authorization.isPresent() && isBasic(authorization.get())) {
      try {
        ClientSecretBasic.parse(authorization.get());
      } catch (ParseException e) {
        return Answer.error(
            401,
            "invalid_client",
            "the Authorization header is not Basic client credentials (RFC 6749 §2.3.1)");
      }
    }
    HTTPRequest http = request.toNimbus(text, ContentType.APPLICATION_URLENCODED);
    Map<String, List<String>> form = URLUtils.parseParameters(text);
    Optional<String> repeated = FormBody.repeated(form);
    if (repeated.isPresent()) {
      return Answer.error(
          400,
          "invalid_request",
          "the parameter " + repeated.get() + " is sent more than once (RFC 6749 §3.2)");
    }
    if (authorization.isPresent() && form.containsKey("client_secret")) {
      return Answer.error(
          400,
          "invalid_request",
          "use one client authentication method: Basic or client_secret, not both");
    }
    Optional<String> grantType = first(form, "grant_type");
    if (grantType.isPresent() && !SUPPORTED_GRANTS.contains(grantType.get())) {
      return Answer.error(
          400,
          "unsupported_grant_type",
          "the development issuer supports the grants " + String.join(", ", SUPPORTED_GRANTS));
    }
    TokenRequest tokenRequest;
    try {
      tokenRequest = TokenRequest.parse(http);
    } catch (ParseException e) {
      ErrorObject error =
          e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject();
      return Answer.error(Answer.described(error, safe(e.getMessage())));
    }
    Optional<ErrorObject> badScope = scopeSyntax(form);
    if (badScope.isPresent()) {
      return Answer.error(badScope.get());
    }
    List<URI> resources =
        tokenRequest.getResources() == null ? List.of() : tokenRequest.getResources();
    for (URI requested : resources) {
      if (!requested.toString().equals(resource)) {
        return Answer.error(
            400,
            "invalid_target",
            "this issuer serves only the resource " + resource + " (RFC 8707 §2)");
      }
    }
    ClientAuthentication authentication = tokenRequest.getClientAuthentication();
    if (authentication != null) {
      return confidential(authentication, tokenRequest, form);
    }
    String clientId =
        tokenRequest.getClientID() == null ? "" : tokenRequest.getClientID().getValue();
    if (clientId.isEmpty()) {
      return Answer.error(401, "invalid_client", "client_id is required for a public client");
    }
    AuthorizationGrant grant = tokenRequest.getAuthorizationGrant();
    return switch (grant) {
      case AuthorizationCodeGrant code -> authorizationCode(clientId, code);
      case RefreshTokenGrant refresh -> refresh(clientId, refresh, form);
      default ->
          Answer.error(
              400,
              "unsupported_grant_type",
              "the development issuer supports authorization_code, refresh_token and"
                  + " client_credentials");
    };
  }

  private Answer confidential(
      ClientAuthentication authentication,
      TokenRequest tokenRequest,
      Map<String, List<String>> form) {
    Optional<String> postedId = first(form, "client_id");
    if (postedId.isPresent() && !postedId.get().equals(authentication.getClientID().getValue())) {
      return Answer.error(400, "invalid_request", "client_id differs from the Basic credentials");
    }
    Optional<Secret> secret =
        switch (authentication) {
          case ClientSecretBasic basic -> Optional.of(basic.getClientSecret());
          case com.nimbusds.oauth2.sdk.auth.ClientSecretPost post ->
              Optional.of(post.getClientSecret());
          default -> Optional.empty();
        };
    boolean idMatches = authentication.getClientID().equals(new ClientID(confidentialClientId));
    boolean secretMatches =
        secret.isPresent()
            && MessageDigest.isEqual(
                secret.get().getValue().getBytes(StandardCharsets.UTF_8), confidentialSecret);
    if (!idMatches || !secretMatches) {
      return Answer.error(401, "invalid_client", "unknown client or wrong client secret");
    }
    if (!(tokenRequest.getAuthorizationGrant() instanceof ClientCredentialsGrant)) {
      return Answer.error(
          400,
          "unauthorized_client",
          "the client " + confidentialClientId + " may use only the client_credentials grant");
    }
    String scope = first(form, "scope").orElse(scopes.clientCredentialsDefault());
    String token = signer.sign(confidentialClientId, confidentialClientId, resource, scope);
    return tokens(token, scope, Optional.empty());
  }

  private Answer authorizationCode(String clientId, AuthorizationCodeGrant grant) {
    Instant now = clock.instant();
    Grants.Redeemed redeemed;
    switch (grants.redeemCode(grant.getAuthorizationCode().getValue(), now)) {
      case Grants.Redeemed ok -> redeemed = ok;
      case Grants.Refused refused -> {
        return invalidGrant(refused.description());
      }
    }
    Grants.Approval approval = redeemed.approval();
    if (!approval.clientId().equals(clientId)) {
      return invalidGrant("the authorization code was issued to another client");
    }
    URI redirectUri = grant.getRedirectionURI();
    if (approval.redirectUriSent()
        ? redirectUri == null || !redirectUri.toString().equals(approval.redirectUri().toString())
        : redirectUri != null
            && !redirectUri.toString().equals(approval.redirectUri().toString())) {
      return invalidGrant("redirect_uri differs from the one of the authorization request");
    }
    CodeVerifier verifier = grant.getCodeVerifier();
    if (verifier == null) {
      return invalidGrant("code_verifier is required (PKCE, RFC 7636 §4.5)");
    }
    CodeChallenge computed = CodeChallenge.compute(CodeChallengeMethod.S256, verifier);
    if (!MessageDigest.isEqual(
        computed.getValue().getBytes(StandardCharsets.US_ASCII),
        approval.challenge().getValue().getBytes(StandardCharsets.US_ASCII))) {
      return invalidGrant("code_verifier does not match the code_challenge (RFC 7636 §4.6)");
    }
    String refreshToken = grants.issueRefreshToken(redeemed.family(), now);
    String token = signer.sign(approval.subject(), clientId, approval.resource(), approval.scope());
    return tokens(token, approval.scope(), Optional.of(refreshToken));
  }

  private Answer refresh(String clientId, RefreshTokenGrant grant, Map<String, List<String>> form) {
    Instant now = clock.instant();
    Grants.Rotated rotated;
    switch (grants.refresh(grant.getRefreshToken().getValue(), clientId, now)) {
      case Grants.Rotated ok -> rotated = ok;
      case Grants.Refused refused -> {
        return invalidGrant(refused.description());
      }
    }
    Grants.Approval approval = rotated.approval();
    String scope = approval.scope();
    Optional<String> narrower = first(form, "scope");
    if (narrower.isPresent()) {
      List<String> granted = List.of(approval.scope().split(" "));
      if (!granted.containsAll(List.of(narrower.get().split(" ")))) {
        return Answer.error(
            400, "invalid_scope", "a refresh may narrow the scope of the grant, not widen it");
      }
      scope = narrower.get();
    }
    String token = signer.sign(approval.subject(), clientId, approval.resource(), scope);
    return tokens(token, scope, Optional.of(rotated.refreshToken()));
  }

  private static Answer tokens(String jwt, String scope, Optional<String> refreshToken) {
    BearerAccessToken accessToken =
        new BearerAccessToken(
            jwt, TokenSigner.LIFETIME.toSeconds(), com.nimbusds.oauth2.sdk.Scope.parse(scope));
    Tokens tokens = new Tokens(accessToken, refreshToken.map(RefreshToken::new).orElse(null));
    return Answer.json(200, new AccessTokenResponse(tokens).toJSONObject());
  }

  private static Answer invalidGrant(String description) {
    return Answer.error(Answer.described(OAuth2Error.INVALID_GRANT, description));
  }

  /** RFC 6749 §3.3: space-separated scope tokens; the SDK splits without checking them. */
  private Optional<ErrorObject> scopeSyntax(Map<String, List<String>> form) {
    Optional<String> scope = first(form, "scope");
    if (scope.isPresent() && !Scopes.isWellFormed(scope.get())) {
      return Optional.of(
          Answer.described(
              OAuth2Error.INVALID_SCOPE,
              "scope must be space-separated scope tokens (RFC 6749 §3.3)"));
    }
    return Optional.empty();
  }

  private static Optional<String> first(Map<String, List<String>> form, String name) {
    return Optional.ofNullable(MultivaluedMapUtils.getFirstValue(form, name))
        .filter(value -> !value.isEmpty());
  }

  private static boolean isBasic(String header) {
    return header.toLowerCase(Locale.ROOT).startsWith("basic");
  }

  /** The SDK's message, cut short and without anything that looks like a secret. */
  private static String safe(String message) {
    String text = message == null ? "the token request is malformed" : message;
    return text.length() > 200 ? text.substring(0, 200) : text;
  }
}
