package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.app.Kit;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator's view of the kit in-process, on each web server: a scripted mix of accepted,
 * refused and undecided requests against a real OIDC provider (mock-oauth2-server), then the exact
 * changes of the counters on the management listener's {@code /metrics}, and the audit line of each
 * decision.
 */
class ObservabilityIT {

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  private final HttpClient http = HttpClient.newHttpClient();
  private MockOAuth2Server issuer;
  private Kit kit;
  private LogCapture log;

  @AfterEach
  void stop() {
    if (kit != null) {
      kit.close();
    }
    if (issuer != null) {
      issuer.shutdown();
    }
    if (log != null) {
      log.close();
    }
  }

  private String start(String transport) {
    log = LogCapture.start();
    issuer = new MockOAuth2Server();
    issuer.start();
    int port = ServerProcesses.freePort();
    String resource = "http://localhost:" + port + "/mcp";
    Map<String, String> environment = new HashMap<>();
    environment.put("OAUTH_ISSUER_URL", issuer.issuerUrl("default").toString());
    environment.put("OAUTH_AUDIENCE", resource);
    environment.put("PORT", Integer.toString(port));
    environment.put("MCP_TRANSPORT", transport);
    environment.put("MCP_TOOL_SCOPES", "whoami=profile");
    environment.put("MANAGEMENT_PORT", "0");
    environment.put("AUDIT_LOG", "on");
    KitConfig config = KitConfig.load(ConfigSource.of(Map.of(), environment), false);
    kit = Kit.start(config, config.issuer().orElseThrow());
    return resource;
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void metrics_count_every_answer_and_decision_of_a_scripted_mix(String transport)
      throws Exception {
    String resource = start(transport);
    String token = token("default", resource, 600);
    String expired = token("default", resource, -3600);
    Map<String, Double> before = scrape();

    assertThat(post(null, INITIALIZE, Map.of()).statusCode()).isEqualTo(401);
    assertThat(post("not-a-jwt", INITIALIZE, Map.of()).statusCode()).isEqualTo(401);
    assertThat(post(expired, INITIALIZE, Map.of()).statusCode()).isEqualTo(401);
    HttpResponse<String> initialized = post(token, INITIALIZE, Map.of());
    assertThat(initialized.statusCode()).isEqualTo(200);
    assertThat(post(token, INITIALIZE, Map.of()).statusCode()).isEqualTo(200);
    HttpResponse<String> modern =
        post(
            token,
            ModernRequests.body("tools/list", ModernRequests.withMeta(Map.of())),
            Map.of("MCP-Protocol-Version", ModernRequests.VERSION, "Mcp-Method", "tools/list"));
    assertThat(modern.statusCode()).as(modern.body()).isEqualTo(200);
    String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> whoami =
        post(
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"whoami\",\"arguments\":{}}}",
            Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18"));
    assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(403);
    // The issuer goes away, and a token names a key the server has never seen: it cannot decide.
    String unknownKey = token("elsewhere", resource, 600);
    issuer.shutdown();
    HttpResponse<String> undecided = post(unknownKey, INITIALIZE, Map.of());
    assertThat(undecided.statusCode()).as(undecided.body()).isEqualTo(503);

    Map<String, Double> after = scrape();
    Map<String, Double> delta = delta(before, after);

    assertThat(only(delta, "mcp_auth_decisions_total"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "mcp_auth_decisions_total{outcome=\"no_credentials\"}", 1.0,
                "mcp_auth_decisions_total{outcome=\"invalid_jwt_format\"}", 1.0,
                "mcp_auth_decisions_total{outcome=\"token_expired\"}", 1.0,
                "mcp_auth_decisions_total{outcome=\"accepted\"}", 3.0,
                "mcp_auth_decisions_total{outcome=\"insufficient_scope\"}", 1.0,
                "mcp_auth_decisions_total{outcome=\"undecided\"}", 1.0));
    assertThat(only(delta, "http_server_requests_seconds_count"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                requests("2025", "200"), 2.0,
                requests("2026", "200"), 1.0,
                requests("none", "401"), 3.0,
                requests("2025", "403"), 1.0,
                requests("none", "503"), 1.0));
    // Lookups: one per request with a token; the first accepted request misses, every later one
    // with the same header hits (the tool's scope check decides on the request's verdict and does
    // not look up again); the refused and the unknown tokens miss.
    assertThat(only(delta, "mcp_token_cache_requests_total"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "mcp_token_cache_requests_total{result=\"hit\"}", 3.0,
                "mcp_token_cache_requests_total{result=\"miss\"}", 4.0));
    assertThat(after.get("mcp_jwks_fetches_total{outcome=\"success\"}")).isGreaterThanOrEqualTo(1);
    assertThat(delta.get("mcp_jwks_fetches_total{outcome=\"failure\"}")).isGreaterThanOrEqualTo(1);
    assertThat(after.get("mcp_sessions_open")).isEqualTo(2.0);
    assertThat(after.get("mcp_token_cache_size")).isEqualTo(1.0);
    assertThat(after.get("mcp_jwks_keys")).isEqualTo(1.0);
    assertThat(after.get("mcp_jwks_age_seconds")).isGreaterThanOrEqualTo(0.0);
    assertThat(after).containsKey("process_uptime_seconds").containsKey("jvm_threads_live_threads");
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void each_decision_is_audited_once_without_the_token(String transport) throws Exception {
    String resource = start(transport);
    String token = token("default", resource, 600);
    String expired = token("default", resource, -3600);
    String unknownKey = token("elsewhere", resource, 600);
    int mark = log.length();

    post(token, INITIALIZE, Map.of());
    post(expired, INITIALIZE, Map.of());
    issuer.shutdown();
    post(unknownKey, INITIALIZE, Map.of());

    List<String> lines =
        log.textFrom(mark)
            .lines()
            .filter(line -> line.contains("audit - authentication "))
            .toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .contains(
            "authentication verdict=accepted status=200 issuer="
                + issuer.issuerUrl("default")
                + " subject=ada client_id=kit-client http_method=POST mcp_method=initialize"
                + " era=2025 remote=127.0.0.1");
    assertThat(lines.get(1))
        .contains(
            "authentication verdict=rejected code=token_expired status=401 http_method=POST"
                + " era=none remote=127.0.0.1");
    assertThat(lines.get(2))
        .contains("authentication verdict=undecided status=503 http_method=POST")
        .doesNotContain("subject=");
    for (String sent : List.of(token, expired, unknownKey)) {
      for (String part : sent.split("\\.")) {
        assertThat(log.textFrom(mark)).doesNotContain(part);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private String token(String issuerId, String audience, long expirySeconds) {
    return issuer
        .issueToken(
            issuerId,
            "ada",
            audience,
            Map.of("scope", "mcp:tools", "client_id", "kit-client"),
            expirySeconds)
        .serialize();
  }

  private HttpResponse<String> post(String token, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + kit.port() + "/mcp"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, Double> scrape() throws Exception {
    return Scrapes.scrape(kit);
  }

  private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    return Scrapes.delta(before, after);
  }

  private static Map<String, Double> only(Map<String, Double> samples, String metric) {
    return Scrapes.only(samples, metric + "{");
  }

  private static String requests(String era, String status) {
    return "http_server_requests_seconds_count{mcp_era=\""
        + era
        + "\",method=\"POST\",route=\"mcp\",status=\""
        + status
        + "\"}";
  }
}
