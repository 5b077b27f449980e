package io.github.mcpoauthkit.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The development issuer over HTTP on loopback. */
class DevIssuerIT {

  private static final String RESOURCE = "http://localhost:3000/mcp";

  private final HttpClient http = HttpClient.newHttpClient();
  private DevIssuer issuer;

  @BeforeEach
  void start() {
    issuer =
        DevIssuer.start(
            new ResourceUrl(RESOURCE), Set.of(new Scope("mcp:tools")), 0, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(issuer.issuer().value() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> token(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(issuer.tokenEndpoint())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listens_on_loopback_with_a_client_id_and_a_random_secret() {
    assertThat(issuer.issuer().value()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(issuer.clientId()).isEqualTo("mcp-dev-client");
    assertThat(issuer.clientSecret()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(issuer.toString()).doesNotContain(issuer.clientSecret());
  }

  @Test
  void publishes_both_metadata_documents() throws Exception {
    for (String path :
        new String[] {
          "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"
        }) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      Map<String, Object> document = JSONObjectUtils.parse(response.body());
      assertThat(document)
          .containsEntry("issuer", issuer.issuer().value())
          .containsEntry("token_endpoint", issuer.tokenEndpoint().toString())
          .containsKeys("jwks_uri", "authorization_endpoint", "response_types_supported");
      assertThat(JSONObjectUtils.getStringList(document, "token_endpoint_auth_methods_supported"))
          .containsExactly("none", "client_secret_basic", "client_secret_post");
      assertThat(JSONObjectUtils.getStringList(document, "scopes_supported"))
          .containsExactly("mcp:tools");
    }
  }

  @Test
  void the_jwks_holds_only_the_public_key() throws Exception {
    HttpResponse<String> response = get("/jwks");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"kty\":\"RSA\"").doesNotContain("\"d\":");
  }

  @Test
  void issues_a_token_and_refuses_a_foreign_resource_or_a_wrong_secret() throws Exception {
    String credentials =
        "grant_type=client_credentials&client_id=mcp-dev-client&client_secret="
            + issuer.clientSecret();

    HttpResponse<String> ok =
        token(
            credentials
                + "&resource="
                + java.net.URLEncoder.encode(RESOURCE, java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> foreign = token(credentials + "&resource=https%3A%2F%2Fevil.example");
    HttpResponse<String> wrong =
        token("grant_type=client_credentials&client_id=mcp-dev-client&client_secret=nope");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(JSONObjectUtils.parse(ok.body())).containsKey("access_token");
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.body()).contains("\"error\":\"invalid_target\"");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(wrong.body()).contains("\"error\":\"invalid_client\"");
  }

  @Test
  void browser_clients_may_read_metadata_register_and_redeem_from_another_origin()
      throws Exception {
    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(issuer.tokenEndpoint())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:6274")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, mcp-protocol-version")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> metadata = get("/.well-known/oauth-authorization-server");
    HttpResponse<String> consentPage = get("/authorize");

    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
        .contains("content-type, mcp-protocol-version");
    assertThat(metadata.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(consentPage.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void an_unknown_path_is_404_and_close_stops_listening() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    String origin = issuer.issuer().value();

    issuer.close();

    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    http.send(
                        HttpRequest.newBuilder(URI.create(origin + "/jwks")).build(),
                        HttpResponse.BodyHandlers.ofString())))
        .isInstanceOf(java.io.IOException.class);
  }
}
