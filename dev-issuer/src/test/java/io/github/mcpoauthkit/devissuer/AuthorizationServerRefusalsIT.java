package io.github.mcpoauthkit.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Scope;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every refusal of the development issuer, over HTTP on loopback: each with its RFC error code,
 * without a redirect where the client cannot be trusted, and without a stack trace or a secret in
 * what comes back.
 */
class AuthorizationServerRefusalsIT {

  private static final String RESOURCE = "http://localhost:3000/mcp";
  private static final String REDIRECT = "http://127.0.0.1/callback";

  private final MutableClock clock = new MutableClock(Instant.now());
  private DevIssuer issuer;
  private OAuthFlow flow;
  private String clientId;

  @BeforeEach
  void start() throws Exception {
    List<Scope> scopes = List.of(new Scope("mcp:tools"));
    issuer = DevIssuer.start(new ResourceUrl(RESOURCE), scopes, scopes, "dev-user", 0, clock);
    flow = new OAuthFlow(issuer);
    clientId = flow.registerClient("Refused", REDIRECT);
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  private Map<String, String> request() {
    Map<String, String> request = flow.validRequest(RESOURCE);
    request.put("client_id", clientId);
    request.put("redirect_uri", REDIRECT);
    return request;
  }

  private String code() throws Exception {
    return OAuthFlow.redirectParams(flow.decide(flow.authorize(request()), "allow")).get("code");
  }

  private void assertTokenError(HttpResponse<String> response, int status, String error)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(OAuthFlow.json(response)).containsEntry("error", error);
    assertNoLeak(response);
  }

  private void assertNoLeak(HttpResponse<String> response) {
    assertThat(response.body())
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("at io.github")
        .doesNotContain(issuer.clientSecret())
        .doesNotContain(flow.verifier.getValue());
  }

  /** An error page: shown to the user, never a redirect to the client. */
  private void assertErrorPage(HttpResponse<String> response, String error) {
    assertThat(response.statusCode()).as(response.body()).isIn(400, 403);
    assertThat(response.headers().firstValue("Location")).isEmpty();
    assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(response.body()).contains(error);
    assertNoLeak(response);
  }

  private void assertRedirectError(HttpResponse<String> response, String error) {
    Map<String, String> redirect = OAuthFlow.redirectParams(response);
    assertThat(response.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT + "?");
    assertThat(redirect)
        .containsEntry("error", error)
        .containsEntry("iss", issuer.issuer().value())
        .containsEntry("state", request().get("state"))
        .doesNotContainKey("code");
  }

  @Test
  void a_wrong_code_verifier_is_invalid_grant() throws Exception {
    HttpResponse<String> response =
        flow.token(OAuthFlow.exchange(clientId, REDIRECT, code(), "x".repeat(43)));

    assertTokenError(response, 400, "invalid_grant");
  }

  @Test
  void a_missing_code_verifier_is_invalid_grant() throws Exception {
    Map<String, String> exchange =
        new java.util.LinkedHashMap<>(OAuthFlow.exchange(clientId, REDIRECT, code(), "unused"));
    exchange.remove("code_verifier");

    assertTokenError(flow.token(exchange), 400, "invalid_grant");
  }

  @Test
  void a_replayed_code_is_invalid_grant_and_revokes_the_tokens_issued_from_it() throws Exception {
    String code = code();
    HttpResponse<String> first =
        flow.token(OAuthFlow.exchange(clientId, REDIRECT, code, flow.verifier.getValue()));
    assertThat(first.statusCode()).isEqualTo(200);
    String refreshToken = (String) OAuthFlow.json(first).get("refresh_token");

    HttpResponse<String> replay =
        flow.token(OAuthFlow.exchange(clientId, REDIRECT, code, flow.verifier.getValue()));

    assertTokenError(replay, 400, "invalid_grant");
    assertTokenError(flow.token(OAuthFlow.refresh(clientId, refreshToken)), 400, "invalid_grant");
  }

  @Test
  void an_expired_code_is_invalid_grant() throws Exception {
    String code = code();
    clock.advance(Grants.CODE_LIFETIME.plusSeconds(1));

    HttpResponse<String> response =
        flow.token(OAuthFlow.exchange(clientId, REDIRECT, code, flow.verifier.getValue()));

    assertTokenError(response, 400, "invalid_grant");
  }

  @Test
  void a_code_is_bound_to_its_client_and_redirect_uri() throws Exception {
    String other = flow.registerClient("Other", REDIRECT);

    assertTokenError(
        flow.token(OAuthFlow.exchange(other, REDIRECT, code(), flow.verifier.getValue())),
        400,
        "invalid_grant");
    assertTokenError(
        flow.token(
            OAuthFlow.exchange(
                clientId, "http://127.0.0.1:9/callback", code(), flow.verifier.getValue())),
        400,
        "invalid_grant");
  }

  @Test
  void an_unregistered_redirect_uri_is_an_error_page_not_a_redirect() throws Exception {
    Map<String, String> request = request();
    request.put("redirect_uri", "http://127.0.0.1/elsewhere");

    assertErrorPage(flow.authorize(request), "invalid_request");
  }

  @Test
  void plain_http_beyond_loopback_is_refused_at_registration_and_authorization() throws Exception {
    HttpResponse<String> registration =
        flow.register("{\"redirect_uris\":[\"http://example.com/callback\"]}");
    assertTokenError(registration, 400, "invalid_redirect_uri");

    Map<String, String> request = request();
    request.put("redirect_uri", "http://example.com/callback");
    HttpResponse<String> authorization = flow.authorize(request);
    assertErrorPage(authorization, "invalid_request");
    assertThat(authorization.body()).contains("loopback");
  }

  @Test
  void a_private_use_scheme_is_for_native_clients_only() throws Exception {
    HttpResponse<String> registration =
        flow.register(
            "{\"redirect_uris\":[\"cursor://anysphere.cursor-mcp/oauth/callback\"],"
                + "\"application_type\":\"web\"}");

    assertTokenError(registration, 400, "invalid_redirect_uri");
  }

  @Test
  void an_unknown_client_is_an_error_page() throws Exception {
    Map<String, String> request = request();
    request.put("client_id", "nobody");

    assertErrorPage(flow.authorize(request), "invalid_client");
  }

  @Test
  void a_missing_resource_is_invalid_target() throws Exception {
    Map<String, String> request = request();
    request.remove("resource");

    assertRedirectError(flow.authorize(request), "invalid_target");
  }

  @Test
  void a_foreign_resource_is_invalid_target() throws Exception {
    Map<String, String> request = request();
    request.put("resource", "https://evil.example/mcp");

    assertRedirectError(flow.authorize(request), "invalid_target");
  }

  @Test
  void plain_pkce_is_invalid_request() throws Exception {
    Map<String, String> request = request();
    request.put("code_challenge_method", "plain");
    request.put("code_challenge", flow.verifier.getValue());

    assertRedirectError(flow.authorize(request), "invalid_request");
  }

  @Test
  void a_missing_code_challenge_is_invalid_request() throws Exception {
    Map<String, String> request = request();
    request.remove("code_challenge");
    request.remove("code_challenge_method");

    assertRedirectError(flow.authorize(request), "invalid_request");
  }

  @Test
  void an_unknown_scope_is_invalid_scope() throws Exception {
    Map<String, String> request = request();
    request.put("scope", "mcp:tools admin:everything");

    assertRedirectError(flow.authorize(request), "invalid_scope");
  }

  @Test
  void another_response_type_is_unsupported_response_type() throws Exception {
    Map<String, String> request = request();
    request.put("response_type", "token");

    assertRedirectError(flow.authorize(request), "unsupported_response_type");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "decision=allow",
        "consent_token=forged&decision=allow",
        "consent_token=&decision=allow"
      })
  void a_consent_post_without_its_token_is_refused(String body) throws Exception {
    flow.authorize(request());

    HttpResponse<String> response = flow.consent(body);

    assertErrorPage(response, "invalid_request");
    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void a_consent_token_works_once() throws Exception {
    HttpResponse<String> page = flow.authorize(request());
    String token = OAuthFlow.consentToken(page.body());
    assertThat(flow.consent("consent_token=" + token + "&decision=allow").statusCode())
        .isEqualTo(303);

    assertErrorPage(flow.consent("consent_token=" + token + "&decision=allow"), "invalid_request");
  }

  @Test
  void a_consent_page_left_open_too_long_is_refused() throws Exception {
    HttpResponse<String> page = flow.authorize(request());
    clock.advance(AuthorizationEndpoint.PENDING_LIFETIME.plusSeconds(1));

    assertErrorPage(flow.decide(page, "allow"), "invalid_request");
  }

  @Test
  void a_reused_rotated_refresh_token_revokes_its_whole_family() throws Exception {
    HttpResponse<String> tokens =
        flow.token(OAuthFlow.exchange(clientId, REDIRECT, code(), flow.verifier.getValue()));
    String first = (String) OAuthFlow.json(tokens).get("refresh_token");
    HttpResponse<String> rotated = flow.token(OAuthFlow.refresh(clientId, first));
    assertThat(rotated.statusCode()).isEqualTo(200);
    String second = (String) OAuthFlow.json(rotated).get("refresh_token");

    assertTokenError(flow.token(OAuthFlow.refresh(clientId, first)), 400, "invalid_grant");
    assertTokenError(flow.token(OAuthFlow.refresh(clientId, second)), 400, "invalid_grant");
  }

  @Test
  void a_refresh_token_is_bound_to_its_client() throws Exception {
    HttpResponse<String> tokens =
        flow.token(OAuthFlow.exchange(clientId, REDIRECT, code(), flow.verifier.getValue()));
    String refreshToken = (String) OAuthFlow.json(tokens).get("refresh_token");
    String other = flow.registerClient("Other", REDIRECT);

    assertTokenError(flow.token(OAuthFlow.refresh(other, refreshToken)), 400, "invalid_grant");
    // Not used up by the other client's attempt.
    assertThat(flow.token(OAuthFlow.refresh(clientId, refreshToken)).statusCode()).isEqualTo(200);
  }

  @Test
  void a_public_client_cannot_use_client_credentials() throws Exception {
    assertTokenError(
        flow.token(Map.of("grant_type", "client_credentials", "client_id", clientId)),
        401,
        "invalid_client");
  }

  private HttpResponse<String> authorizeWithDocument(String clientIdUrl) throws Exception {
    Map<String, String> request = request();
    request.put("client_id", clientIdUrl);
    request.put("redirect_uri", "http://127.0.0.1:4000/callback");
    return flow.authorize(request);
  }

  private static String document(String clientIdUrl) {
    return "{\"client_id\":\""
        + clientIdUrl
        + "\",\"client_name\":\"Doc\",\"redirect_uris\":[\"http://127.0.0.1/callback\"]}";
  }

  @Test
  void a_metadata_document_whose_client_id_differs_is_refused() throws Exception {
    try (DocumentServer documents = new DocumentServer()) {
      documents.serve(document(documents.url("/other.json")));

      HttpResponse<String> response = authorizeWithDocument(documents.url("/client.json"));

      assertErrorPage(response, "invalid_client");
      assertThat(response.body()).contains("client_id differs");
    }
  }

  @Test
  void a_metadata_document_url_that_redirects_is_refused() throws Exception {
    try (DocumentServer documents = new DocumentServer()) {
      documents.behave(DocumentServer.Behaviour.REDIRECT);

      HttpResponse<String> response = authorizeWithDocument(documents.url("/client.json"));

      assertErrorPage(response, "invalid_client");
      assertThat(response.body()).contains("redirect");
      assertThat(documents.requests()).isEqualTo(1);
    }
  }

  @Test
  void an_oversize_metadata_document_is_refused() throws Exception {
    try (DocumentServer documents = new DocumentServer()) {
      String url = documents.url("/client.json");
      String padded =
          document(url)
              .replace("\"Doc\"", "\"" + "x".repeat(ClientMetadataDocuments.MAX_BYTES) + "\"");
      documents.serve(padded);

      HttpResponse<String> response = authorizeWithDocument(url);

      assertErrorPage(response, "invalid_client");
      assertThat(response.body()).contains("larger than");
    }
  }

  @Test
  void a_slow_metadata_document_is_refused_after_the_timeout() throws Exception {
    try (DocumentServer documents = new DocumentServer()) {
      String url = documents.url("/client.json");
      documents.serve(document(url));
      documents.behave(DocumentServer.Behaviour.SLOW);
      long started = System.nanoTime();

      HttpResponse<String> response = authorizeWithDocument(url);

      assertErrorPage(response, "invalid_client");
      assertThat(response.body()).contains("did not arrive");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isLessThan(ClientMetadataDocuments.TIMEOUT.plusSeconds(1));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://192.0.2.1/client.json",
        "https://[2001:db8::1]/client.json",
        "http://example.com/client.json",
        // Public names that resolve to 127.0.0.1: refused by name, so no lookup can be rebound.
        "https://localtest.me/client.json",
        "https://127.0.0.1.nip.io/client.json",
        "https://127.0.0.2/client.json"
      })
  void a_metadata_document_beyond_loopback_is_refused_before_connecting(String url)
      throws Exception {
    long started = System.nanoTime();

    HttpResponse<String> response = authorizeWithDocument(url);

    assertErrorPage(response, "invalid_client");
    assertThat(response.body())
        .containsAnyOf("is not a loopback host", "https (http only on a loopback host)");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://claude.ai/oauth/claude-code-client-metadata",
        "https://vscode.dev/oauth/client-metadata.json"
      })
  void a_hosted_metadata_document_is_refused_with_the_switch_to_registration_as_the_way_out(
      String url) throws Exception {
    HttpResponse<String> response = authorizeWithDocument(url);

    assertErrorPage(response, "invalid_client");
    assertThat(response.body())
        .contains("from this machine only (loopback)")
        .contains("dynamic client registration")
        .contains("registration_endpoint")
        .contains("OAUTH_DEV_CLIENT_METADATA_DOCUMENTS=off");
  }
}
