package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mcpoauthkit.app.Kit;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's Microsoft Entra ID recipe, against mock-oauth2-server shaped like Entra ID: v2
 * issuers {@code …/<tenant>/v2.0} with {@code typ: JWT} tokens whose {@code aud} is the API's
 * application id (a GUID, not the MCP URL, which stays the published resource), {@code scp} as a
 * space-separated string and the client in {@code azp}; app-only tokens with {@code roles} and no
 * {@code scp}; and a v1 issuer {@code …/<tenant>/} (trailing slash) whose metadata lives elsewhere
 * ({@code OAUTH_ISSUER_METADATA_URL}), with {@code aud: api://…} and the client in {@code appid} (a
 * stub issuer of the test's own key: the mock always adds {@code azp}). Each recipe runs on both
 * web servers with the settings the README gives.
 */
class EntraShapedTokensIT {

  private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  private static final String OTHER_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
  private static final String API_APP = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
  private static final String V1_AUDIENCE = "api://mcp-kit-example";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final RSAKey V1_KEY = rsaKey();
  private static MockOAuth2Server entra;
  private static HttpServer v1Metadata;
  private static final List<Kit> KITS = new ArrayList<>();

  @BeforeAll
  static void startIssuers() throws IOException {
    entra = new MockOAuth2Server();
    entra.start(InetAddress.getLoopbackAddress(), 0);
    // Entra ID's v1 issuer ends with a slash and publishes its metadata at another URL; the
    // mock's own discovery never ends an issuer with '/', and it always adds azp, which v1 tokens
    // lack: a stub issuer of the test's own key stands in for v1.
    v1Metadata = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    v1Metadata.createContext(
        "/metadata/" + TENANT + "/.well-known/openid-configuration",
        exchange ->
            send(
                exchange,
                JSON.writeValueAsBytes(
                    Map.of(
                        "issuer", v1Issuer(),
                        "authorization_endpoint", v1Issuer() + "oauth2/authorize",
                        "token_endpoint", v1Issuer() + "oauth2/token",
                        "jwks_uri", v1Issuer() + "discovery/keys"))));
    v1Metadata.createContext(
        "/" + TENANT + "/discovery/keys",
        exchange ->
            send(
                exchange,
                new JWKSet(V1_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8)));
    v1Metadata.start();
  }

  private static RSAKey rsaKey() {
    try {
      return new RSAKeyGenerator(2048).keyID("v1-key").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stopAll() throws IOException {
    KITS.forEach(Kit::close);
    if (v1Metadata != null) {
      v1Metadata.stop(0);
    }
    if (entra != null) {
      entra.shutdown();
    }
  }

  private static String v2Issuer(String tenant) {
    return entra.issuerUrl(tenant + "/v2.0").toString();
  }

  private static String v1Issuer() {
    return "http://localhost:" + v1Metadata.getAddress().getPort() + "/" + TENANT + "/";
  }

  private static String v1MetadataUrl() {
    return "http://127.0.0.1:"
        + v1Metadata.getAddress().getPort()
        + "/metadata/"
        + TENANT
        + "/.well-known/openid-configuration";
  }

  private static void send(HttpExchange exchange, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A v1 access token as Entra ID issues it: no azp, the client in appid. */
  private static String v1Token(String audience) throws JOSEException {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(v1Issuer())
            .subject("entra-subject")
            .audience(audience)
            .expirationTime(new Date(System.currentTimeMillis() + 600_000))
            .issueTime(new Date())
            .claim("ver", "1.0")
            .claim("tid", TENANT)
            .claim("scp", "Mcp.Tools")
            .claim("appid", "v1-client")
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(V1_KEY.getKeyID())
                .build(),
            claims);
    jwt.sign(new RSASSASigner(V1_KEY));
    return jwt.serialize();
  }

  /** A kit configured as the README's recipe says, plus {@code extra}. */
  private static Kit kit(String transport, Map<String, String> extra) {
    int port = ServerProcesses.freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("PORT", Integer.toString(port));
    environment.put("MCP_PUBLIC_URL", "http://localhost:" + port + "/mcp");
    environment.put("MCP_TRANSPORT", transport);
    environment.put("MCP_FEATURES", "examples");
    environment.putAll(extra);
    KitConfig config = KitConfig.load(ConfigSource.of(Map.of(), environment), false);
    Kit kit = Kit.start(config, config.issuer().orElseThrow());
    KITS.add(kit);
    return kit;
  }

  private static Kit v2Kit(String transport, String scopeClaims) {
    return kit(
        transport,
        Map.of(
            "OAUTH_ISSUER_URL",
            v2Issuer(TENANT),
            "OAUTH_AUDIENCE",
            API_APP,
            "OAUTH_REQUIRED_SCOPES",
            "Mcp.Tools",
            "OAUTH_SCOPE_CLAIMS",
            scopeClaims));
  }

  /** A v2 token of the mock; it names the client in azp, as Entra ID's v2 tokens do. */
  private static String token(
      String issuerId, String client, String audience, Map<String, Object> claims) {
    Map<String, Object> all = new LinkedHashMap<>(claims);
    all.putIfAbsent("ver", "2.0");
    all.putIfAbsent("tid", TENANT);
    all.putIfAbsent("oid", "00000000-0000-0000-0000-0000000000aa");
    return entra
        .issueToken(
            issuerId,
            client,
            new DefaultOAuth2TokenCallback(
                issuerId, "entra-subject", "JWT", List.of(audience), all, 600))
        .serialize();
  }

  private static String delegated(String audience) {
    return token(
        TENANT + "/v2.0", "delegated-client", audience, Map.of("scp", "Mcp.Tools Mcp.Read"));
  }

  private static String appOnly() {
    return token(TENANT + "/v2.0", "daemon-client", API_APP, Map.of("roles", List.of("Mcp.Tools")));
  }

  /** MCP 2026-07-28 {@code tools/call whoami}: its status and, on 200, what the kit saw. */
  private static RawHttp.Response whoami(Kit kit, String token) {
    return RawHttp.send(kit.port(), ModernRequests.call(token, "whoami", Map.of()));
  }

  private static JsonNode identity(RawHttp.Response response) throws IOException {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    String body = response.body();
    String json =
        body.trim().startsWith("{")
            ? body
            : body.lines()
                .filter(line -> line.startsWith("data:"))
                .map(line -> line.substring(5).trim())
                .reduce((first, last) -> last)
                .orElseThrow();
    return JSON.readTree(json).path("result").path("structuredContent");
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void v2_delegated_and_app_only_tokens_pass_with_the_recipe(String transport) throws Exception {
    Kit kit = v2Kit(transport, "scope,scp,roles");

    JsonNode user = identity(whoami(kit, delegated(API_APP)));
    JsonNode daemon = identity(whoami(kit, appOnly()));

    assertThat(user.path("clientId").asText()).isEqualTo("delegated-client");
    assertThat(user.path("issuer").asText()).isEqualTo(v2Issuer(TENANT));
    assertThat(user.path("scopes").toString()).contains("Mcp.Tools", "Mcp.Read");
    assertThat(daemon.path("clientId").asText()).isEqualTo("daemon-client");
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void the_audience_is_the_app_id_while_the_published_resource_stays_the_mcp_url(String transport)
      throws Exception {
    Kit kit = v2Kit(transport, "scope,scp,roles");
    String mcpUrl = "http://localhost:" + kit.port() + "/mcp";

    RawHttp.Response forTheUrl = whoami(kit, delegated(mcpUrl));
    HttpResponse<String> metadata =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + kit.port()
                            + "/.well-known/oauth-protected-resource/mcp"))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

    assertThat(forTheUrl.status()).isEqualTo(401);
    assertThat(forTheUrl.header("WWW-Authenticate").orElseThrow())
        .contains("error_description=\"Token validation failed: audience mismatch");
    JsonNode prm = JSON.readTree(metadata.body());
    assertThat(prm.path("resource").asText()).isEqualTo(mcpUrl);
    assertThat(prm.path("authorization_servers").toString()).contains(v2Issuer(TENANT));
    assertThat(metadata.body()).doesNotContain(API_APP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void roles_count_only_where_configured_and_another_tenant_is_refused(String transport)
      throws Exception {
    Kit withoutRoles = v2Kit(transport, "scope,scp");

    RawHttp.Response daemon = whoami(withoutRoles, appOnly());
    RawHttp.Response otherTenant =
        whoami(
            withoutRoles,
            token(
                OTHER_TENANT + "/v2.0",
                "delegated-client",
                API_APP,
                Map.of("scp", "Mcp.Tools", "tid", OTHER_TENANT)));

    assertThat(daemon.status()).as(daemon.body()).isEqualTo(403);
    assertThat(daemon.header("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"")
        .contains("scope=\"Mcp.Tools\"");
    assertThat(otherTenant.status()).as(otherTenant.body()).isEqualTo(401);
    assertThat(otherTenant.header("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    assertThat(identity(whoami(withoutRoles, delegated(API_APP))).path("clientId").asText())
        .isEqualTo("delegated-client");
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void a_v1_issuer_with_its_metadata_elsewhere_and_appid_as_the_client(String transport)
      throws Exception {
    Kit kit =
        kit(
            transport,
            Map.of(
                "OAUTH_ISSUER_URL",
                v1Issuer(),
                "OAUTH_ISSUER_METADATA_URL",
                v1MetadataUrl(),
                "OAUTH_AUDIENCE",
                V1_AUDIENCE,
                "OAUTH_REQUIRED_SCOPES",
                "Mcp.Tools"));

    JsonNode identity = identity(whoami(kit, v1Token(V1_AUDIENCE)));
    RawHttp.Response v2 = whoami(kit, delegated(V1_AUDIENCE));
    RawHttp.Response otherAudience = whoami(kit, v1Token(API_APP));

    assertThat(identity.path("clientId").asText()).isEqualTo("v1-client");
    assertThat(identity.path("issuer").asText()).isEqualTo(v1Issuer());
    assertThat(v2.status()).as("a v2 token at a v1 kit").isEqualTo(401);
    assertThat(v2.header("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    assertThat(otherAudience.status()).isEqualTo(401);
    assertThat(otherAudience.header("WWW-Authenticate").orElseThrow())
        .contains("Token validation failed: audience mismatch");
  }

  @Test
  void without_the_metadata_url_a_v1_issuer_is_not_found_and_startup_says_so() {
    Map<String, String> environment = new HashMap<>();
    environment.put("PORT", Integer.toString(ServerProcesses.freePort()));
    environment.put("OAUTH_ISSUER_URL", v1Issuer());
    environment.put("OAUTH_AUDIENCE", V1_AUDIENCE);
    environment.put("MCP_TRANSPORT", "undertow");
    KitConfig config = KitConfig.load(ConfigSource.of(Map.of(), environment), false);

    assertThatThrownBy(() -> KITS.add(Kit.start(config, config.issuer().orElseThrow())))
        .hasMessageContaining("Failed to fetch OIDC discovery document")
        .hasMessageContaining(v1Issuer() + ".well-known/openid-configuration");
  }
}
