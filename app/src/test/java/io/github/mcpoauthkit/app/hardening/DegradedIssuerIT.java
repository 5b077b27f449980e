package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.mcpoauthkit.app.Kit;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each trusted issuer fails and recovers alone, on both web servers: issuer A is
 * mock-oauth2-server's {@code tenant-a}, issuer B a {@link ForgeryIssuer} that the test stops and
 * restarts on the same port. While B cannot be reached, its tokens that need keys the server does
 * not hold are answered 503 with {@code Retry-After}, A's tokens pass, and the replica stays ready;
 * once B is back, its tokens pass without a restart. With {@code OAUTH_START_DEGRADED} the same
 * holds for a B that is down when the server starts (without it, startup stops: {@link
 * MultiIssuerIT}), and for the first issuer itself: the server starts, serves its protected
 * resource metadata and challenges, answers tokens 503 and the issuer's mirrored metadata 503 until
 * the issuer is reached.
 */
class DegradedIssuerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RSAKey KEY_B1 = rsa("b-1");
  private static final RSAKey KEY_B2 = rsa("b-2");
  private static final Duration RECOVERY = Duration.ofSeconds(45);

  private static MockOAuth2Server issuerA;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeAll
  static void startA() {
    issuerA = new MockOAuth2Server();
    issuerA.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterAll
  static void stopA() {
    if (issuerA != null) {
      issuerA.shutdown();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable resource : resources.reversed()) {
      resource.close();
    }
    resources.clear();
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void while_one_issuer_is_down_only_its_unknown_keys_get_503_and_it_recovers_without_restart(
      String transport) throws Exception {
    ForgeryIssuer issuerB = forgeryIssuer(KEY_B1);
    Kit kit = kit(transport, issuerB, Map.of());
    RawHttp.Response before = whoami(kit, issuerB.token(KEY_B1, resource(kit)));
    assertThat(before.status()).as(before.body()).isEqualTo(200);

    issuerB.stop();
    String newKey = issuerB.token(KEY_B2, resource(kit));
    // The first refresh for the new kid may fall within the rate-limit window of the last fetch
    // (401 unknown key, the endpoint not asked); the next ones ask it, and it is down.
    RawHttp.Response unavailable = awaitStatus(() -> whoami(kit, newKey), 503, Set.of(401));
    RawHttp.Response fromA = whoami(kit, tokenOfA(kit));
    HttpResponse<String> ready = get(kit, "/health/ready");

    assertThat(unavailable.header("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
    assertThat(unavailable.body()).contains("\"error\":\"temporarily_unavailable\"");
    assertThat(unavailable.header("WWW-Authenticate")).isEmpty();
    assertThat(fromA.status())
        .as("A's tokens pass while B is down: " + fromA.body())
        .isEqualTo(200);
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);

    issuerB.publish(KEY_B2);
    issuerB.restart();
    RawHttp.Response recovered = awaitStatus(() -> whoami(kit, newKey), 200, Set.of(503));

    assertThat(recovered.body()).contains(issuerB.issuer());
    assertThat(whoami(kit, tokenOfA(kit)).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void an_issuer_down_at_startup_degrades_only_its_tokens_until_it_is_reached_in_the_background(
      String transport) throws Exception {
    ForgeryIssuer issuerB = forgeryIssuer(KEY_B1);
    issuerB.stop();
    LogCapture log = LogCapture.start();
    resources.add(log);

    Kit kit = kit(transport, issuerB, Map.of("OAUTH_START_DEGRADED", "true"));
    String tokenOfB = issuerB.token(KEY_B1, resource(kit));
    RawHttp.Response fromB = whoami(kit, tokenOfB);
    RawHttp.Response fromA = whoami(kit, tokenOfA(kit));
    RawHttp.Response none =
        RawHttp.send(
            kit.port(), ModernRequests.call("-", "whoami", Map.of()).withAuthorization(List.of()));
    HttpResponse<String> ready = get(kit, "/health/ready");
    HttpResponse<String> metadata = get(kit, "/.well-known/oauth-protected-resource/mcp");

    assertThat(log.text())
        .contains("Issuer " + issuerB.issuer() + " unreachable at startup")
        .contains(issuerB.issuer() + "/.well-known/openid-configuration")
        .contains("connection refused")
        .contains(
            "starting degraded: tokens of " + issuerB.issuer() + " get 503 until it is reachable");
    assertThat(fromB.status()).as(fromB.body()).isEqualTo(503);
    assertThat(fromB.header("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 30));
    assertThat(fromB.body()).contains("\"error\":\"temporarily_unavailable\"");
    assertThat(fromA.status()).as(fromA.body()).isEqualTo(200);
    assertThat(none.status()).as("no credentials: the usual challenge").isEqualTo(401);
    assertThat(none.header("WWW-Authenticate").orElseThrow()).contains("resource_metadata=");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(JSON.readTree(ready.body()).toString())
        .contains("\"" + issuerB.issuer() + "\":{\"signingKeys\":0,\"connecting\":true");
    JsonNode servers = JSON.readTree(metadata.body()).path("authorization_servers");
    assertThat(servers.size()).isEqualTo(2);
    assertThat(servers.get(0).asText()).isEqualTo(issuerA.issuerUrl("tenant-a").toString());
    assertThat(servers.get(1).asText()).isEqualTo(issuerB.issuer());

    issuerB.restart();
    RawHttp.Response recovered = awaitStatus(() -> whoami(kit, tokenOfB), 200, Set.of(503));

    assertThat(recovered.body()).contains(issuerB.issuer());
    assertThat(log.text()).contains("Issuer " + issuerB.issuer() + " reachable again");
    assertThat(get(kit, "/health/ready").body()).doesNotContain("connecting");
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void the_first_issuer_down_at_startup_is_served_503_until_it_is_reached_in_the_background(
      String transport) throws Exception {
    ForgeryIssuer issuer = forgeryIssuer(KEY_B1);
    issuer.stop();
    int port = ServerProcesses.freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("OAUTH_ISSUER_URL", issuer.issuer());
    environment.put("OAUTH_AUDIENCE", "http://localhost:" + port + "/mcp");
    environment.put("PORT", Integer.toString(port));
    environment.put("MCP_TRANSPORT", transport);
    environment.put("MCP_FEATURES", "examples");
    environment.put("OAUTH_HTTP_CONNECT_TIMEOUT", "2s");
    environment.put("OAUTH_START_DEGRADED", "true");
    Kit kit = start(environment);
    String token = issuer.token(KEY_B1, resource(kit));

    RawHttp.Response pending = whoami(kit, token);
    RawHttp.Response none =
        RawHttp.send(
            kit.port(), ModernRequests.call("-", "whoami", Map.of()).withAuthorization(List.of()));
    HttpResponse<String> ready = get(kit, "/health/ready");
    HttpResponse<String> metadata = get(kit, "/.well-known/oauth-protected-resource/mcp");
    HttpResponse<String> mirror = get(kit, "/.well-known/oauth-authorization-server");

    assertThat(pending.status()).as(pending.body()).isEqualTo(503);
    assertThat(pending.header("Retry-After")).isPresent();
    assertThat(pending.body()).contains("\"error\":\"temporarily_unavailable\"");
    assertThat(none.status()).as("no credentials: the usual challenge").isEqualTo(401);
    assertThat(none.header("WWW-Authenticate").orElseThrow()).contains("resource_metadata=");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("\"connecting\":true");
    assertThat(metadata.statusCode()).isEqualTo(200);
    JsonNode servers = JSON.readTree(metadata.body()).path("authorization_servers");
    assertThat(servers.size()).isEqualTo(1);
    assertThat(servers.get(0).asText()).isEqualTo(issuer.issuer());
    assertThat(mirror.statusCode()).as("the issuer's own metadata is not known yet").isEqualTo(503);
    assertThat(mirror.headers().firstValue("Retry-After")).isPresent();

    issuer.restart();
    RawHttp.Response recovered = awaitStatus(() -> whoami(kit, token), 200, Set.of(503));
    HttpResponse<String> mirrored = get(kit, "/.well-known/oauth-authorization-server");

    assertThat(recovered.body()).contains(issuer.issuer());
    assertThat(mirrored.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(mirrored.body()).path("issuer").asText()).isEqualTo(issuer.issuer());
    assertThat(get(kit, "/health/ready").body()).doesNotContain("connecting");
  }

  // ---------------------------------------------------------------- fixtures

  private ForgeryIssuer forgeryIssuer(RSAKey key) {
    ForgeryIssuer issuer = new ForgeryIssuer(List.of(key));
    resources.add(issuer);
    return issuer;
  }

  private Kit kit(String transport, ForgeryIssuer issuerB, Map<String, String> extra) {
    int port = ServerProcesses.freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("OAUTH_ISSUER_URL", issuerA.issuerUrl("tenant-a").toString());
    environment.put("OAUTH_ADDITIONAL_ISSUERS", issuerB.issuer());
    environment.put("OAUTH_AUDIENCE", "http://localhost:" + port + "/mcp");
    environment.put("PORT", Integer.toString(port));
    environment.put("MCP_TRANSPORT", transport);
    environment.put("MCP_FEATURES", "examples");
    // A refresh for an unknown kid may ask the issuer again after 1 s instead of 30 s.
    environment.put("OAUTH_JWKS_RATE_LIMIT", "1s");
    environment.put("OAUTH_HTTP_CONNECT_TIMEOUT", "2s");
    environment.putAll(extra);
    return start(environment);
  }

  private Kit start(Map<String, String> environment) {
    KitConfig config = KitConfig.load(ConfigSource.of(Map.of(), environment), false);
    Kit kit = Kit.start(config, config.issuer().orElseThrow());
    resources.add(kit);
    return kit;
  }

  private static String resource(Kit kit) {
    return "http://localhost:" + kit.port() + "/mcp";
  }

  private static String tokenOfA(Kit kit) {
    return issuerA
        .issueToken("tenant-a", "client-of-a", resource(kit), Map.of("scope", "mcp"), 600)
        .serialize();
  }

  private static RawHttp.Response whoami(Kit kit, String token) {
    return RawHttp.send(kit.port(), ModernRequests.call(token, "whoami", Map.of()));
  }

  private static HttpResponse<String> get(Kit kit, String path) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + kit.port() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /**
   * Sends until the answer has {@code status}, within {@link #RECOVERY}; any other answer than one
   * of {@code meanwhile} fails at once.
   */
  private static RawHttp.Response awaitStatus(
      Supplier<RawHttp.Response> send, int status, Set<Integer> meanwhile)
      throws InterruptedException {
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    Set<Integer> seen = new LinkedHashSet<>();
    while (true) {
      RawHttp.Response response = send.get();
      if (response.status() == status) {
        return response;
      }
      seen.add(response.status());
      assertThat(seen).as("answers before %d: %s", status, response.body()).isSubsetOf(meanwhile);
      assertThat(System.nanoTime())
          .as("%d within %s (meanwhile %s)", status, RECOVERY, seen)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
