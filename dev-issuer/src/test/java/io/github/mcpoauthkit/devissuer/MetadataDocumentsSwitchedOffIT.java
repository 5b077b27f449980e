package io.github.mcpoauthkit.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Scope;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The development issuer with Client ID Metadata Documents switched off ({@link
 * DevIssuer.ClientIdMetadataDocuments#OFF}), over HTTP on loopback: the metadata does not advertise
 * them, a URL client id is refused before anything is fetched, and dynamic client registration with
 * the authorization code flow works as before.
 */
class MetadataDocumentsSwitchedOffIT {

  private static final String RESOURCE = "http://localhost:3000/mcp";
  private static final String REDIRECT = "http://127.0.0.1:4000/callback";

  private DevIssuer issuer;
  private OAuthFlow flow;

  @BeforeEach
  void start() {
    List<Scope> scopes = List.of(new Scope("mcp:tools"));
    issuer =
        DevIssuer.start(
            new ResourceUrl(RESOURCE),
            scopes,
            scopes,
            "dev-user",
            0,
            DevIssuer.ClientIdMetadataDocuments.OFF,
            Clock.systemUTC());
    flow = new OAuthFlow(issuer);
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  private HttpResponse<String> authorizeWithDocument(String clientIdUrl) throws Exception {
    Map<String, String> request = flow.validRequest(RESOURCE);
    request.put("client_id", clientIdUrl);
    request.put("redirect_uri", REDIRECT);
    return flow.authorize(request);
  }

  private static void assertSwitchedOffPage(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Location")).isEmpty();
    assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(response.body())
        .contains("invalid_client")
        .contains("client ID metadata documents are switched off in this development issuer")
        .contains("OAUTH_DEV_CLIENT_METADATA_DOCUMENTS=off")
        .contains("dynamic client registration")
        .contains("registration_endpoint");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"})
  void the_metadata_leaves_metadata_document_support_out_and_keeps_registration(String path)
      throws Exception {
    HttpResponse<String> response = flow.get(URI.create(issuer.issuer().value() + path));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).doesNotContain("client_id_metadata_document_supported");
    assertThat(OAuthFlow.json(response))
        .doesNotContainKey("client_id_metadata_document_supported")
        .containsEntry("registration_endpoint", issuer.issuer().value() + "/register")
        .containsEntry(
            "token_endpoint_auth_methods_supported",
            List.of("none", "client_secret_basic", "client_secret_post"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://claude.ai/oauth/claude-code-client-metadata",
        "https://vscode.dev/oauth/client-metadata.json"
      })
  void a_hosted_metadata_document_url_is_invalid_client_naming_dynamic_registration(String url)
      throws Exception {
    assertSwitchedOffPage(authorizeWithDocument(url));
  }

  @Test
  void a_loopback_metadata_document_is_refused_without_being_fetched() throws Exception {
    try (DocumentServer documents = new DocumentServer()) {
      String url = documents.url("/client.json");
      documents.serve(
          "{\"client_id\":\""
              + url
              + "\",\"client_name\":\"Doc\",\"redirect_uris\":[\""
              + REDIRECT
              + "\"]}");

      assertSwitchedOffPage(authorizeWithDocument(url));
      assertThat(documents.requests()).isZero();
    }
  }

  @Test
  void an_unregistered_client_id_is_pointed_at_registration_only() throws Exception {
    HttpResponse<String> response = authorizeWithDocument("never-registered");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("invalid_client")
        .contains("register it at the registration endpoint")
        .doesNotContain("metadata document URL");
  }

  @Test
  void a_registered_client_gets_a_token_with_the_authorization_code_flow() throws Exception {
    String clientId = flow.registerClient("Claude Code", REDIRECT);

    HttpResponse<String> token = flow.codeFlow(clientId, REDIRECT, RESOURCE);

    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    Map<String, Object> json = OAuthFlow.json(token);
    assertThat(json).containsKeys("access_token", "refresh_token");
    assertThat(json).containsEntry("token_type", "Bearer");
  }
}
