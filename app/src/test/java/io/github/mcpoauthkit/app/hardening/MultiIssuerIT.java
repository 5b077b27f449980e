package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mcpoauthkit.app.Kit;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several trusted issuers ({@code OAUTH_ADDITIONAL_ISSUERS}) in the whole server, on both web
 * servers: mock-oauth2-server's issuers {@code tenant-a} and {@code tenant-b}, each with keys of
 * its own, both trusted; {@code tenant-c} on the same server, not trusted. Each trusted issuer's
 * tokens pass and are judged by its own keys; a token naming an untrusted issuer is refused as an
 * issuer mismatch before any key is looked at; a token naming one trusted issuer but signed by
 * another's key is refused; the protected resource metadata lists both, the first one first.
 */
class MultiIssuerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static MockOAuth2Server issuers;
  private static final List<Kit> KITS = new ArrayList<>();

  @BeforeAll
  static void start() {
    issuers = new MockOAuth2Server();
    issuers.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterAll
  static void stop() {
    KITS.forEach(Kit::close);
    if (issuers != null) {
      issuers.shutdown();
    }
  }

  private static String issuer(String id) {
    return issuers.issuerUrl(id).toString();
  }

  private static Kit kit(String transport, Map<String, String> extra) {
    int port = ServerProcesses.freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("OAUTH_ISSUER_URL", issuer("tenant-a"));
    environment.put("OAUTH_AUDIENCE", "http://localhost:" + port + "/mcp");
    environment.put("PORT", Integer.toString(port));
    environment.put("MCP_TRANSPORT", transport);
    environment.put("MCP_FEATURES", "examples");
    environment.putAll(extra);
    KitConfig config = KitConfig.load(ConfigSource.of(Map.of(), environment), false);
    Kit kit = Kit.start(config, config.issuer().orElseThrow());
    KITS.add(kit);
    return kit;
  }

  private static String token(String issuerId, Kit kit, Map<String, Object> claims) {
    return issuers
        .issueToken(
            issuerId,
            "client-of-" + issuerId,
            "http://localhost:" + kit.port() + "/mcp",
            claims,
            600)
        .serialize();
  }

  private static RawHttp.Response whoami(Kit kit, String token) {
    return RawHttp.send(kit.port(), ModernRequests.call(token, "whoami", Map.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void tokens_of_each_trusted_issuer_pass_and_others_are_refused(String transport)
      throws Exception {
    Kit kit = kit(transport, Map.of("OAUTH_ADDITIONAL_ISSUERS", issuer("tenant-b")));

    RawHttp.Response fromA = whoami(kit, token("tenant-a", kit, Map.of("scope", "mcp")));
    RawHttp.Response fromB = whoami(kit, token("tenant-b", kit, Map.of("scope", "mcp")));
    RawHttp.Response fromC = whoami(kit, token("tenant-c", kit, Map.of("scope", "mcp")));
    // Signed by tenant-c's key but claiming tenant-b: B's keys judge it, and refuse it.
    RawHttp.Response claimingB =
        whoami(kit, token("tenant-c", kit, Map.of("scope", "mcp", "iss", issuer("tenant-b"))));

    assertThat(fromA.status()).as(fromA.body()).isEqualTo(200);
    assertThat(fromA.body()).contains(issuer("tenant-a"));
    assertThat(fromB.status()).as(fromB.body()).isEqualTo(200);
    assertThat(fromB.body()).contains(issuer("tenant-b")).contains("client-of-tenant-b");
    assertThat(fromC.status()).isEqualTo(401);
    assertThat(fromC.header("WWW-Authenticate").orElseThrow())
        .contains("error_description=\"Token validation failed: issuer mismatch\"");
    assertThat(claimingB.status()).isEqualTo(401);
    assertThat(claimingB.header("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"")
        .doesNotContain("issuer mismatch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void an_issuer_with_audiences_of_its_own_is_held_to_them_and_only_it(String transport) {
    Kit kit =
        kit(
            transport,
            Map.of(
                "OAUTH_ADDITIONAL_ISSUERS",
                issuer("tenant-b"),
                "OAUTH_ISSUER_AUDIENCES",
                issuer("tenant-b") + "=api://tenant-b,api://b-too"));
    String mcpUrl = "http://localhost:" + kit.port() + "/mcp";

    RawHttp.Response bForItsApp = whoami(kit, tokenFor("tenant-b", "api://b-too"));
    RawHttp.Response bForTheUrl = whoami(kit, tokenFor("tenant-b", mcpUrl));
    RawHttp.Response aForTheUrl = whoami(kit, tokenFor("tenant-a", mcpUrl));
    RawHttp.Response aForBsApp = whoami(kit, tokenFor("tenant-a", "api://tenant-b"));

    assertThat(bForItsApp.status()).as(bForItsApp.body()).isEqualTo(200);
    assertThat(bForTheUrl.status()).isEqualTo(401);
    assertThat(bForTheUrl.header("WWW-Authenticate").orElseThrow()).contains("audience mismatch");
    assertThat(aForTheUrl.status()).as(aForTheUrl.body()).isEqualTo(200);
    assertThat(aForBsApp.status()).isEqualTo(401);
    assertThat(aForBsApp.header("WWW-Authenticate").orElseThrow()).contains("audience mismatch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void an_issuer_with_scope_claims_of_its_own_is_read_by_them_and_only_it(String transport) {
    Kit kit =
        kit(
            transport,
            Map.of(
                "OAUTH_ADDITIONAL_ISSUERS",
                issuer("tenant-b"),
                "OAUTH_REQUIRED_SCOPES",
                "mcp",
                "OAUTH_ISSUER_SCOPE_CLAIMS",
                issuer("tenant-b") + "=roles"));

    RawHttp.Response bByRoles =
        whoami(kit, token("tenant-b", kit, Map.of("roles", List.of("mcp"))));
    RawHttp.Response bByScope = whoami(kit, token("tenant-b", kit, Map.of("scope", "mcp")));
    RawHttp.Response aByScope = whoami(kit, token("tenant-a", kit, Map.of("scope", "mcp")));
    RawHttp.Response aByRoles =
        whoami(kit, token("tenant-a", kit, Map.of("roles", List.of("mcp"))));

    assertThat(bByRoles.status()).as(bByRoles.body()).isEqualTo(200);
    assertThat(aByScope.status()).as(aByScope.body()).isEqualTo(200);
    for (RawHttp.Response refused : List.of(bByScope, aByRoles)) {
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.header("WWW-Authenticate").orElseThrow())
          .contains("error=\"insufficient_scope\"");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void only_the_introspected_issuer_is_asked_and_it_alone_sees_opaque_tokens(String transport)
      throws Exception {
    Kit kit =
        kit(
            transport,
            Map.of(
                "OAUTH_ADDITIONAL_ISSUERS", issuer("tenant-b"),
                "OAUTH_VERIFICATION", "introspection",
                "OAUTH_INTROSPECTION_ISSUER", issuer("tenant-b"),
                "OAUTH_INTROSPECTION_CLIENT_ID", "mcp-resource-server",
                "OAUTH_INTROSPECTION_CLIENT_SECRET", "rs-secret"));
    drainRecordedRequests();

    RawHttp.Response fromA = whoami(kit, token("tenant-a", kit, Map.of("scope", "mcp")));
    List<String> afterA = drainRecordedRequests();
    RawHttp.Response fromB = whoami(kit, token("tenant-b", kit, Map.of("scope", "mcp")));
    List<String> afterB = drainRecordedRequests();
    RawHttp.Response opaque = whoami(kit, "an-opaque-token-" + kit.port());
    List<String> afterOpaque = drainRecordedRequests();

    assertThat(fromA.status()).as(fromA.body()).isEqualTo(200);
    assertThat(afterA).as("tenant-a's JWT is verified with its keys, not introspected").isEmpty();
    assertThat(fromB.status()).as(fromB.body()).isEqualTo(200);
    assertThat(fromB.body()).contains(issuer("tenant-b"));
    assertThat(afterB).containsExactly("POST /tenant-b/introspect");
    assertThat(opaque.status()).isEqualTo(401);
    assertThat(afterOpaque)
        .as("an opaque token goes to the introspected issuer only")
        .containsExactly("POST /tenant-b/introspect");
  }

  /** The requests mock-oauth2-server received since the last call, as "METHOD /path". */
  private static List<String> drainRecordedRequests() {
    List<String> seen = new ArrayList<>();
    while (true) {
      RecordedRequest request;
      try {
        request = issuers.takeRequest(200, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        // mock-oauth2-server's way of saying that no request came within the timeout
        return seen;
      }
      seen.add(request.getMethod() + " " + request.getRequestUrl().encodedPath());
    }
  }

  private static String tokenFor(String issuerId, String audience) {
    return issuers
        .issueToken(issuerId, "client-of-" + issuerId, audience, Map.of("scope", "mcp"), 600)
        .serialize();
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void the_metadata_lists_every_trusted_issuer_the_first_one_first(String transport)
      throws Exception {
    Kit kit = kit(transport, Map.of("OAUTH_ADDITIONAL_ISSUERS", issuer("tenant-b")));

    HttpResponse<String> metadata =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + kit.port()
                                + "/.well-known/oauth-protected-resource/mcp"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> readiness =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + kit.port() + "/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    JsonNode servers = JSON.readTree(metadata.body()).path("authorization_servers");
    assertThat(servers.size()).isEqualTo(2);
    assertThat(servers.get(0).asText()).isEqualTo(issuer("tenant-a"));
    assertThat(servers.get(1).asText()).isEqualTo(issuer("tenant-b"));
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body()).contains(issuer("tenant-b"));
  }

  @Test
  void an_unreachable_additional_issuer_stops_startup_naming_it() {
    String unreachable = "http://127.0.0.1:" + ServerProcesses.freePort() + "/nobody";

    assertThatThrownBy(
            () ->
                kit(
                    "undertow",
                    Map.of(
                        "OAUTH_ADDITIONAL_ISSUERS",
                        unreachable,
                        "OAUTH_HTTP_CONNECT_TIMEOUT",
                        "1s")))
        .hasMessageContaining("Failed to fetch OIDC discovery document")
        .hasMessageContaining(unreachable);
  }
}
