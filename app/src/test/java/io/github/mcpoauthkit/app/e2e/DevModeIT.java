package io.github.mcpoauthkit.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mcpoauthkit.app.DevMode;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --dev} in-process: the embedded issuer and the server on each web server, called the way
 * the banner tells a developer to.
 */
class DevModeIT {

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";

  private final HttpClient http = HttpClient.newHttpClient();
  private DevMode dev;

  @AfterEach
  void stop() {
    if (dev != null) {
      dev.close();
    }
  }

  private String start(String transport) {
    return start(transport, Map.of());
  }

  private String start(String transport, Map<String, String> settings) {
    int port = ServerProcesses.freePort();
    Map<String, String> environment = new HashMap<>(settings);
    environment.put("PORT", Integer.toString(port));
    environment.put("MCP_TRANSPORT", transport);
    dev = DevMode.start(KitConfig.load(ConfigSource.of(Map.of(), environment), true));
    return "http://localhost:" + port + "/mcp";
  }

  private HttpResponse<String> issuerMetadata() throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    dev.issuer().issuer().value() + "/.well-known/oauth-authorization-server"))
            .build(),
        ofString());
  }

  @Test
  void by_default_the_banner_tells_claude_code_and_vs_code_users_to_switch_documents_off()
      throws Exception {
    start("helidon");

    assertThat(issuerMetadata().body()).contains("\"client_id_metadata_document_supported\":true");
    assertThat(dev.banner())
        .contains("Claude Code and VS Code identify themselves by client ID metadata documents")
        .contains(
            "    OAUTH_DEV_CLIENT_METADATA_DOCUMENTS=off java -jar app/target/mcp-oauth-kit.jar"
                + " --dev\n")
        .contains("(or a client ID metadata document URL on loopback)");
  }

  @Test
  void with_documents_off_the_issuer_does_not_advertise_them_and_refuses_a_url_client_id()
      throws Exception {
    String resource = start("undertow", Map.of("OAUTH_DEV_CLIENT_METADATA_DOCUMENTS", "off"));

    HttpResponse<String> metadata = issuerMetadata();
    HttpResponse<String> authorize =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        dev.issuer().authorizationEndpoint()
                            + "?response_type=code&code_challenge_method=S256&code_challenge="
                            + "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&redirect_uri="
                            + URLEncoder.encode(
                                "http://127.0.0.1:33418/callback", StandardCharsets.UTF_8)
                            + "&resource="
                            + URLEncoder.encode(resource, StandardCharsets.UTF_8)
                            + "&client_id="
                            + URLEncoder.encode(
                                "https://claude.ai/oauth/claude-code-client-metadata",
                                StandardCharsets.UTF_8)))
                .build(),
            ofString());

    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.body())
        .doesNotContain("client_id_metadata_document_supported")
        .contains("\"registration_endpoint\"");
    assertThat(authorize.statusCode()).isEqualTo(400);
    assertThat(authorize.body())
        .contains("invalid_client")
        .contains("switched off")
        .contains("dynamic client registration");
    assertThat(dev.banner())
        .contains("(client ID metadata documents: off)")
        .contains("OAUTH_DEV_CLIENT_METADATA_DOCUMENTS=off): clients register")
        .contains("claude mcp add --transport http kit " + resource)
        .doesNotContain("java -jar app/target/mcp-oauth-kit.jar --dev");
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void a_client_credentials_token_from_the_dev_issuer_opens_the_server(String transport)
      throws Exception {
    String resource = start(transport);
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (dev.issuer().clientId() + ":" + dev.issuer().clientSecret())
                    .getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> tokenResponse =
        http.send(
            HttpRequest.newBuilder(dev.issuer().tokenEndpoint())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&resource="
                            + URLEncoder.encode(resource, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tokenResponse.statusCode()).isEqualTo(200);
    String token = new ObjectMapper().readTree(tokenResponse.body()).get("access_token").asText();

    HttpResponse<String> init = http.send(mcp(resource, token, null, INITIALIZE), ofString());
    assertThat(init.statusCode()).isEqualTo(200);
    assertThat(init.body()).contains("\"protocolVersion\":\"2025-06-18\"");
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();

    HttpResponse<String> initialized =
        http.send(
            mcp(
                resource,
                token,
                session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
            ofString());
    assertThat(initialized.statusCode()).isEqualTo(202);

    HttpResponse<String> whoami =
        http.send(
            mcp(
                resource,
                token,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"whoami\",\"arguments\":{}}}"),
            ofString());
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(whoami.body()).contains("mcp-dev-client").contains("mcp:tools");
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void the_banner_holds_a_curl_whose_token_works(String transport) throws Exception {
    String resource = start(transport);

    String banner = dev.banner();

    assertThat(banner)
        .contains("DEVELOPMENT MODE")
        .contains("LOCAL USE ONLY")
        .contains(dev.issuer().issuer().value())
        .contains("Client ID       mcp-dev-client")
        .contains("Client secret   " + dev.issuer().clientSecret())
        .contains("curl -i -X POST " + resource + " -H \"Authorization: Bearer ")
        .contains("--data-urlencode resource=" + resource + " " + dev.issuer().tokenEndpoint());
    Matcher bearer = Pattern.compile("Bearer ([A-Za-z0-9_.-]+)\"").matcher(banner);
    assertThat(bearer.find()).isTrue();
    HttpResponse<String> init =
        http.send(mcp(resource, bearer.group(1), null, INITIALIZE), ofString());
    assertThat(init.statusCode()).isEqualTo(200);
  }

  @Test
  void the_banner_tells_how_to_connect_each_browser_client_and_the_inspector_cli()
      throws Exception {
    String resource = start("helidon");

    String banner = dev.banner();

    assertThat(banner)
        .contains("README.md, \"Development mode\"")
        .contains("loopback")
        .contains("fixed user 'dev-user'")
        .contains("Consent page    " + dev.issuer().authorizationEndpoint())
        .contains("claude mcp add --transport http kit " + resource)
        .contains("{\"servers\":{\"kit\":{\"type\":\"http\",\"url\":\"" + resource + "\"}}}")
        .contains("~/.cursor/mcp.json")
        .contains("{\"mcpServers\":{\"kit\":{\"url\":\"" + resource + "\"}}}")
        .contains("Add Servers > Add manually: Transport streamable-http, URL " + resource)
        .contains("Connect switch");
    Matcher inspector =
        Pattern.compile(
                "(?m)^npx -y @modelcontextprotocol/inspector@[0-9.]+ --cli (\\S+) --transport http"
                    + " --header \"Authorization: Bearer ([A-Za-z0-9_.-]+)\" --method tools/list$")
            .matcher(banner);
    assertThat(inspector.find()).as("the Inspector CLI line in:%n%s", banner).isTrue();
    assertThat(inspector.group(1)).isEqualTo(resource);
    HttpResponse<String> init =
        http.send(mcp(resource, inspector.group(2), null, INITIALIZE), ofString());
    assertThat(init.statusCode()).isEqualTo(200);
  }

  @Test
  void the_server_points_mcp_clients_at_the_dev_issuer() throws Exception {
    String resource = start("helidon");

    HttpResponse<String> metadata =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + dev.kit().port()
                            + "/.well-known/oauth-protected-resource/mcp"))
                .build(),
            ofString());

    assertThat(metadata.statusCode()).isEqualTo(200);
    var document = new ObjectMapper().readTree(metadata.body());
    assertThat(document.get("resource").asText()).isEqualTo(resource);
    assertThat(document.get("authorization_servers").get(0).asText())
        .isEqualTo(dev.issuer().issuer().value());
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static HttpRequest mcp(String url, String token, String session, String json) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (session != null) {
      builder.header("Mcp-Session-Id", session);
    }
    return builder.build();
  }
}
