package io.github.mcpoauthkit.devissuer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The issuer's two metadata documents, written by the Nimbus SDK: RFC 8414 at {@code
 * /.well-known/oauth-authorization-server} and OpenID Connect Discovery at {@code
 * /.well-known/openid-configuration}, the latter with the two members OIDC requires and OAuth does
 * not ({@code subject_types_supported}, {@code id_token_signing_alg_values_supported}). Neither
 * holds a {@code null} or an empty member: some MCP clients fail on them. With metadata documents
 * switched off, {@value #CIMD_SUPPORTED} is left out, which is how the draft says "not supported".
 */
final class Metadata {

  /** Client ID Metadata Documents: the client id may be a URL (the draft's metadata member). */
  static final String CIMD_SUPPORTED = "client_id_metadata_document_supported";

  private Metadata() {}

  /** The RFC 8414 document. */
  static String oauth(
      Endpoints endpoints, Scopes scopes, DevIssuer.ClientIdMetadataDocuments documents) {
    AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(issuer(endpoints));
    fill(metadata, endpoints, scopes, documents);
    return withoutEmptyMembers(metadata.toJSONObject());
  }

  /** The OpenID Connect Discovery document. */
  static String openId(
      Endpoints endpoints, Scopes scopes, DevIssuer.ClientIdMetadataDocuments documents) {
    OIDCProviderMetadata metadata =
        new OIDCProviderMetadata(issuer(endpoints), List.of(SubjectType.PUBLIC), endpoints.jwks());
    fill(metadata, endpoints, scopes, documents);
    metadata.setIDTokenJWSAlgs(List.of(JWSAlgorithm.RS256));
    return withoutEmptyMembers(metadata.toJSONObject());
  }

  private static Issuer issuer(Endpoints endpoints) {
    return new Issuer(endpoints.issuer());
  }

  private static void fill(
      AuthorizationServerMetadata metadata,
      Endpoints endpoints,
      Scopes scopes,
      DevIssuer.ClientIdMetadataDocuments documents) {
    metadata.setAuthorizationEndpointURI(endpoints.authorization());
    metadata.setTokenEndpointURI(endpoints.token());
    metadata.setRegistrationEndpointURI(endpoints.registration());
    metadata.setJWKSetURI(endpoints.jwks());
    metadata.setResponseTypes(List.of(ResponseType.CODE));
    metadata.setGrantTypes(
        List.of(
            GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS));
    metadata.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
    metadata.setTokenEndpointAuthMethods(
        List.of(
            ClientAuthenticationMethod.NONE,
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
            ClientAuthenticationMethod.CLIENT_SECRET_POST));
    metadata.setScopes(new Scope(scopes.supported().toArray(String[]::new)));
    metadata.setSupportsAuthorizationResponseIssuerParam(true);
    if (documents == DevIssuer.ClientIdMetadataDocuments.LOOPBACK_ONLY) {
      metadata.setCustomParameter(CIMD_SUPPORTED, true);
    }
  }

  /** A guard for what the SDK writes: no member may be null, an empty string or an empty list. */
  private static String withoutEmptyMembers(Map<String, Object> document) {
    document
        .entrySet()
        .removeIf(
            member ->
                member.getValue() == null
                    || member.getValue() instanceof String text && text.isEmpty()
                    || member.getValue() instanceof Collection<?> list && list.isEmpty());
    return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(document);
  }

  /**
   * The issuer identifier and its endpoints.
   *
   * @param issuer {@code http://127.0.0.1:<port>}
   */
  record Endpoints(String issuer) {

    static final String AUTHORIZATION = "/authorize";
    static final String CONSENT = "/consent";
    static final String TOKEN = "/token";
    static final String REGISTRATION = "/register";
    static final String JWKS = "/jwks";

    URI authorization() {
      return URI.create(issuer + AUTHORIZATION);
    }

    URI consent() {
      return URI.create(issuer + CONSENT);
    }

    URI token() {
      return URI.create(issuer + TOKEN);
    }

    URI registration() {
      return URI.create(issuer + REGISTRATION);
    }

    URI jwks() {
      return URI.create(issuer + JWKS);
    }
  }
}
