package io.github.mcpoauthkit.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.github.mcpoauthkit.app.DevMode;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --dev} with a client that signs a user in, driven by plain HTTP the way an MCP client and
 * a browser do between them: discovery from the server's 401, dynamic registration, the consent
 * page, Allow, the code exchange with PKCE, the MCP call as the development user, and the 403
 * step-up that sends the client back through consent for a tool's scope.
 */
class DevModeAuthorizationCodeIT {

  private static final String CALLBACK = "http://127.0.0.1:43210/callback";
  private static final Pattern CONSENT_TOKEN =
      Pattern.compile("name=\"consent_token\" value=\"([^\"]+)\"");
  private static final Pattern SCOPE = Pattern.compile("scope=\"([^\"]+)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private DevMode dev;

  @AfterEach
  void stop() {
    if (dev != null) {
      dev.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void a_user_signs_in_on_the_consent_page_and_steps_up_for_a_scoped_tool(String transport)
      throws Exception {
    int port = ServerProcesses.freePort();
    dev =
        DevMode.start(
            KitConfig.load(
                ConfigSource.of(
                    Map.of(),
                    Map.of(
                        "PORT",
                        Integer.toString(port),
                        "MCP_TRANSPORT",
                        transport,
                        "MCP_TOOL_SCOPES",
                        "whoami=profile",
                        "OAUTH_DEV_SUBJECT",
                        "alice@example.com")),
                true));
    String mcp = "http://localhost:" + port + "/mcp";

    // Discovery, as a client does it: the 401 names the metadata, which names the issuer.
    HttpResponse<String> unauthorized = http.send(mcpCall(mcp, null, null, initialize()), text());
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    JsonNode prm =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://localhost:"
                                    + port
                                    + "/.well-known/oauth-protected-resource/mcp"))
                        .build(),
                    text())
                .body());
    String issuer = prm.get("authorization_servers").get(0).asText();
    JsonNode metadata =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(issuer + "/.well-known/oauth-authorization-server"))
                        .build(),
                    text())
                .body());

    HttpResponse<String> registration =
        http.send(
            HttpRequest.newBuilder(URI.create(metadata.get("registration_endpoint").asText()))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"client_name\":\"e2e\",\"redirect_uris\":[\"http://127.0.0.1/callback\"],"
                            + "\"token_endpoint_auth_method\":\"none\"}"))
                .build(),
            text());
    assertThat(registration.statusCode()).isEqualTo(201);
    String clientId = JSON.readTree(registration.body()).get("client_id").asText();

    String token = signIn(metadata, clientId, mcp, null);
    HttpResponse<String> init = http.send(mcpCall(mcp, token, null, initialize()), text());
    assertThat(init.statusCode()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    http.send(
        mcpCall(
            mcp, token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
        text());

    HttpResponse<String> forbidden = http.send(mcpCall(mcp, token, session, whoami()), text());
    assertThat(forbidden.statusCode()).isEqualTo(403);
    Matcher scope = SCOPE.matcher(forbidden.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertThat(scope.find()).isTrue();

    String wider = signIn(metadata, clientId, mcp, scope.group(1));
    HttpResponse<String> reinit = http.send(mcpCall(mcp, wider, null, initialize()), text());
    String widerSession = reinit.headers().firstValue("Mcp-Session-Id").orElseThrow();
    http.send(
        mcpCall(
            mcp,
            wider,
            widerSession,
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
        text());
    HttpResponse<String> whoami = http.send(mcpCall(mcp, wider, widerSession, whoami()), text());

    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(whoami.body()).contains("alice@example.com").contains("profile");
  }

  /** Authorize, consent with Allow, exchange the code; returns the access token. */
  private String signIn(JsonNode metadata, String clientId, String resource, String scope)
      throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    Map<String, String> request = new LinkedHashMap<>();
    request.put("response_type", "code");
    request.put("client_id", clientId);
    request.put("redirect_uri", CALLBACK);
    request.put("state", "s1");
    request.put(
        "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    request.put("code_challenge_method", "S256");
    request.put("resource", resource);
    if (scope != null) {
      request.put("scope", scope);
    }
    String authorizationEndpoint = metadata.get("authorization_endpoint").asText();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(authorizationEndpoint + "?" + form(request))).build(),
            text());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    Matcher consentToken = CONSENT_TOKEN.matcher(page.body());
    assertThat(consentToken.find()).isTrue();
    URI consent = URI.create(authorizationEndpoint).resolve("/consent");

    HttpResponse<String> allowed =
        http.send(
            HttpRequest.newBuilder(consent)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "consent_token=" + consentToken.group(1) + "&decision=allow"))
                .build(),
            text());
    assertThat(allowed.statusCode()).isEqualTo(303);
    URI location = URI.create(allowed.headers().firstValue("Location").orElseThrow());
    assertThat(location.toString()).startsWith(CALLBACK + "?");
    Map<String, String> callback = query(location);
    assertThat(callback).containsEntry("state", "s1").containsKey("code");

    Map<String, String> exchange = new LinkedHashMap<>();
    exchange.put("grant_type", "authorization_code");
    exchange.put("client_id", clientId);
    exchange.put("redirect_uri", CALLBACK);
    exchange.put("code", callback.get("code"));
    exchange.put("code_verifier", verifier.getValue());
    exchange.put("resource", resource);
    HttpResponse<String> tokens =
        http.send(
            HttpRequest.newBuilder(URI.create(metadata.get("token_endpoint").asText()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(exchange)))
                .build(),
            text());
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    return JSON.readTree(tokens.body()).get("access_token").asText();
  }

  private static String initialize() {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
  }

  private static String whoami() {
    return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"whoami\",\"arguments\":{}}}";
  }

  private static HttpRequest mcpCall(String url, String token, String session, String json) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    if (session != null) {
      builder.header("Mcp-Session-Id", session);
    }
    return builder.build();
  }

  private static HttpResponse.BodyHandler<String> text() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] parts = pair.split("=", 2);
      params.put(
          URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
    }
    return params;
  }
}
