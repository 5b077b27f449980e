package io.github.mcpoauthkit.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Scope;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The authorization code flow with PKCE, over HTTP on loopback, for a client registered dynamically
 * (RFC 7591) and for one known by its Client ID Metadata Document: authorize, the consent page,
 * Allow or Deny, the code exchange and refresh.
 */
class AuthorizationCodeFlowIT {

  private static final String RESOURCE = "http://localhost:3000/mcp";
  private static final List<Scope> SCOPES =
      List.of(new Scope("mcp:tools"), new Scope("files:read"));

  private DevIssuer issuer;
  private OAuthFlow flow;

  @BeforeEach
  void start() {
    issuer =
        DevIssuer.start(
            new ResourceUrl(RESOURCE),
            SCOPES,
            List.of(new Scope("mcp:tools")),
            "alice",
            0,
            Clock.systemUTC());
    flow = new OAuthFlow(issuer);
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"})
  void the_metadata_names_every_member_clients_need_and_nothing_null_or_empty(String path)
      throws Exception {
    HttpResponse<String> response = flow.get(URI.create(issuer.issuer().value() + path));

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> metadata = OAuthFlow.json(response);
    String base = issuer.issuer().value();
    assertThat(metadata)
        .containsEntry("issuer", base)
        .containsEntry("authorization_endpoint", base + "/authorize")
        .containsEntry("token_endpoint", base + "/token")
        .containsEntry("registration_endpoint", base + "/register")
        .containsEntry("jwks_uri", base + "/jwks")
        .containsEntry("response_types_supported", List.of("code"))
        .containsEntry(
            "grant_types_supported",
            List.of("authorization_code", "refresh_token", "client_credentials"))
        .containsEntry("code_challenge_methods_supported", List.of("S256"))
        .containsEntry(
            "token_endpoint_auth_methods_supported",
            List.of("none", "client_secret_basic", "client_secret_post"))
        .containsEntry("client_id_metadata_document_supported", true)
        .containsEntry("authorization_response_iss_parameter_supported", true)
        .containsEntry("scopes_supported", List.of("mcp:tools", "files:read"));
    assertThat(String.valueOf(metadata.get("scopes_supported"))).doesNotContain("offline_access");
    if (path.contains("openid")) {
      assertThat(metadata)
          .containsEntry("subject_types_supported", List.of("public"))
          .containsEntry("id_token_signing_alg_values_supported", List.of("RS256"));
    } else {
      assertThat(metadata)
          .doesNotContainKeys("subject_types_supported", "id_token_signing_alg_values_supported");
    }
    assertNoNullOrEmptyMembers(metadata);
  }

  @Test
  void a_registered_client_gets_a_consent_page_then_a_code_then_tokens_for_the_dev_user()
      throws Exception {
    HttpResponse<String> registration =
        flow.register(
            "{\"client_name\":\"<b>Evil</b> & Co\",\"redirect_uris\":"
                + "[\"http://127.0.0.1/callback\"],\"token_endpoint_auth_method\":\"none\","
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"application_type\":\"native\"}");
    assertThat(registration.statusCode()).isEqualTo(201);
    Map<String, Object> client = OAuthFlow.json(registration);
    assertThat(client)
        .containsEntry("token_endpoint_auth_method", "none")
        .containsEntry("application_type", "native")
        .containsEntry("redirect_uris", List.of("http://127.0.0.1/callback"))
        .containsKey("client_id_issued_at")
        .doesNotContainKey("client_secret");
    assertNoNullOrEmptyMembers(client);
    String clientId = (String) client.get("client_id");

    Map<String, String> request = flow.validRequest(RESOURCE);
    request.put("client_id", clientId);
    // RFC 8252 §7.3: any port on a loopback redirect URI.
    request.put("redirect_uri", "http://127.0.0.1:54321/callback");
    HttpResponse<String> page = flow.authorize(request);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-ancestors 'none'")
        .contains("default-src 'none'");
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(page.body())
        .contains("&lt;b&gt;Evil&lt;/b&gt; &amp; Co")
        .doesNotContain("<b>Evil</b>")
        .contains("http://127.0.0.1:54321")
        .contains("<code>mcp:tools</code>")
        .doesNotContain("files:read")
        .contains(RESOURCE)
        .contains("fixed development user <code>alice</code>")
        .contains("Its subject is configurable (<code>OAUTH_DEV_SUBJECT</code>")
        .contains("<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>")
        .contains("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>");

    Map<String, String> redirect = OAuthFlow.redirectParams(flow.decide(page, "allow"));
    assertThat(redirect)
        .containsEntry("state", request.get("state"))
        .containsEntry("iss", issuer.issuer().value())
        .containsKey("code");

    HttpResponse<String> tokens =
        flow.token(
            OAuthFlow.exchange(
                clientId,
                "http://127.0.0.1:54321/callback",
                redirect.get("code"),
                flow.verifier.getValue()));
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    assertThat(tokens.headers().firstValue("Cache-Control")).contains("no-store");
    Map<String, Object> body = OAuthFlow.json(tokens);
    assertThat(body)
        .containsEntry("token_type", "Bearer")
        .containsEntry("scope", "mcp:tools")
        .containsEntry("expires_in", 3600L)
        .containsKey("refresh_token");
    JWTClaimsSet claims = verified((String) body.get("access_token"));
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getAudience()).containsExactly(RESOURCE);
    assertThat(claims.getIssuer()).isEqualTo(issuer.issuer().value());
    assertThat(claims.getStringClaim("client_id")).isEqualTo(clientId);
    assertThat(claims.getStringClaim("scope")).isEqualTo("mcp:tools");

    HttpResponse<String> refreshed =
        flow.token(OAuthFlow.refresh(clientId, (String) body.get("refresh_token")));
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    Map<String, Object> rotated = OAuthFlow.json(refreshed);
    assertThat(rotated.get("refresh_token")).isNotEqualTo(body.get("refresh_token"));
    assertThat(verified((String) rotated.get("access_token")).getSubject()).isEqualTo("alice");
  }

  @Test
  void a_client_metadata_document_on_loopback_identifies_the_client() throws Exception {
    try (DocumentServer documents = new DocumentServer()) {
      String clientId = documents.url("/oauth/client.json");
      documents.serve(
          "{\"client_id\":\""
              + clientId
              + "\",\"client_name\":\"Loopback CIMD client\",\"redirect_uris\":"
              + "[\"http://localhost:3334/callback\"],\"token_endpoint_auth_method\":\"none\"}");

      Map<String, String> request = flow.validRequest(RESOURCE);
      request.put("client_id", clientId);
      request.put("redirect_uri", "http://localhost:41000/callback");
      HttpResponse<String> page = flow.authorize(request);
      assertThat(page.body()).contains("Loopback CIMD client").contains(clientId);
      Map<String, String> redirect = OAuthFlow.redirectParams(flow.decide(page, "allow"));
      HttpResponse<String> tokens =
          flow.token(
              OAuthFlow.exchange(
                  clientId,
                  "http://localhost:41000/callback",
                  redirect.get("code"),
                  flow.verifier.getValue()));

      assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
      JWTClaimsSet claims = verified((String) OAuthFlow.json(tokens).get("access_token"));
      assertThat(claims.getStringClaim("client_id")).isEqualTo(clientId);
      assertThat(claims.getSubject()).isEqualTo("alice");
      // Cached: the second authorization does not fetch the document again.
      flow.authorize(request);
      assertThat(documents.requests()).isEqualTo(1);
    }
  }

  @Test
  void deny_sends_access_denied_with_state_and_iss_and_no_code() throws Exception {
    String clientId = flow.registerClient("Denied", "http://127.0.0.1/cb");
    Map<String, String> request = flow.validRequest(RESOURCE);
    request.put("client_id", clientId);
    request.put("redirect_uri", "http://127.0.0.1:5000/cb");

    Map<String, String> redirect =
        OAuthFlow.redirectParams(flow.decide(flow.authorize(request), "deny"));

    assertThat(redirect)
        .containsEntry("error", "access_denied")
        .containsEntry("state", request.get("state"))
        .containsEntry("iss", issuer.issuer().value())
        .doesNotContainKey("code");
  }

  @Test
  void a_private_use_scheme_receives_the_code() throws Exception {
    String redirectUri = "cursor://anysphere.cursor-mcp/oauth/callback";
    String clientId = flow.registerClient("Cursor", redirectUri);

    HttpResponse<String> tokens = flow.codeFlow(clientId, redirectUri, RESOURCE);

    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
  }

  @Test
  void a_client_that_asks_for_a_wider_scope_gets_it_after_consent() throws Exception {
    String clientId = flow.registerClient("Stepping up", "http://127.0.0.1/cb");
    Map<String, String> request = flow.validRequest(RESOURCE);
    request.put("client_id", clientId);
    request.put("redirect_uri", "http://127.0.0.1/cb");
    request.put("scope", "mcp:tools files:read offline_access");

    HttpResponse<String> page = flow.authorize(request);
    assertThat(page.body()).contains("<code>files:read</code>").doesNotContain("offline_access");
    Map<String, String> redirect = OAuthFlow.redirectParams(flow.decide(page, "allow"));
    HttpResponse<String> tokens =
        flow.token(
            OAuthFlow.exchange(
                clientId, "http://127.0.0.1/cb", redirect.get("code"), flow.verifier.getValue()));

    assertThat(OAuthFlow.json(tokens)).containsEntry("scope", "mcp:tools files:read");
  }

  @Test
  void the_client_credentials_client_still_gets_every_scope_with_its_secret() throws Exception {
    HttpResponse<String> response =
        flow.token(
            Map.of(
                "grant_type", "client_credentials",
                "client_id", "mcp-dev-client",
                "client_secret", issuer.clientSecret()));

    assertThat(response.statusCode()).isEqualTo(200);
    JWTClaimsSet claims = verified((String) OAuthFlow.json(response).get("access_token"));
    assertThat(claims.getSubject()).isEqualTo("mcp-dev-client");
    assertThat(claims.getStringClaim("scope")).isEqualTo("mcp:tools files:read");
  }

  private JWTClaimsSet verified(String token) throws Exception {
    SignedJWT jwt = SignedJWT.parse(token);
    RSAKey key =
        (RSAKey)
            JWKSet.parse(flow.get(URI.create(issuer.issuer().value() + "/jwks")).body())
                .getKeys()
                .get(0);
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
    return jwt.getJWTClaimsSet();
  }

  static void assertNoNullOrEmptyMembers(Map<String, Object> document) {
    document.forEach(
        (name, value) -> {
          assertThat(value).as(name).isNotNull();
          if (value instanceof String text) {
            assertThat(text).as(name).isNotEmpty();
          }
          if (value instanceof Collection<?> list) {
            assertThat(list).as(name).isNotEmpty().doesNotContainNull();
          }
        });
    assertThat(JSONObjectUtils.toJSONString(document)).doesNotContain("null");
  }
}
