package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mcpoauthkit.app.Kit;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Token introspection (RFC 7662) in the whole server, on both web servers. mock-oauth2-server is
 * the issuer (discovery, keys, and its own {@code introspection_endpoint}); a loopback stub stands
 * in for an endpoint that answers what each test needs, counts its calls and fails on demand. Every
 * introspection failure of issue 16 is refused with its status: {@code active:false}, a missing
 * {@code exp}, another audience or issuer (401 with the JWT's codes), the endpoint answering 500,
 * too slowly, or 10 MB (503 with {@code Retry-After}, never an accept). No token reaches the log.
 */
class IntrospectionIT {

  private static final List<String> TRANSPORTS = List.of("helidon", "undertow");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static MockOAuth2Server issuer;
  private static HttpServer endpoint;
  private static LogCapture log;
  private static final Map<String, Kit> KITS = new LinkedHashMap<>();
  private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
  private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    log = LogCapture.start();
    issuer = new MockOAuth2Server();
    issuer.start(InetAddress.getLoopbackAddress(), 0);
    endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext("/introspect", IntrospectionIT::introspect);
    endpoint.setExecutor(Executors.newCachedThreadPool());
    endpoint.start();
  }

  @AfterAll
  static void stop() {
    KITS.values().forEach(Kit::close);
    if (endpoint != null) {
      endpoint.stop(0);
    }
    if (issuer != null) {
      issuer.shutdown();
    }
    if (log != null) {
      String everything = log.text();
      log.close();
      assertThat(everything).contains("Token introspection (hybrid");
      for (String token : List.of("opaque-active-", "opaque-inactive-", "opaque-slow-")) {
        assertThat(everything).as("the log names a token").doesNotContain(token);
      }
    }
  }

  private static String issuerUrl() {
    return issuer.issuerUrl("default").toString();
  }

  private static String resource(Kit kit) {
    return "http://localhost:" + kit.port() + "/mcp";
  }

  /** The stub endpoint: the answer depends on the token's prefix. */
  private static void introspect(HttpExchange exchange) throws IOException {
    String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> fields = new HashMap<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String token = fields.getOrDefault("token", "");
    AUTHORIZATIONS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    CALLS.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
    Map<String, Object> answer = new LinkedHashMap<>();
    String kind = token.replaceAll("-[^-]*$", "");
    int port = Integer.parseInt(token.substring(token.lastIndexOf('-') + 1));
    String resource = "http://localhost:" + port + "/mcp";
    switch (kind) {
      case "opaque-active", "opaque-no-exp", "opaque-other-aud", "opaque-other-issuer" -> {
        answer.put("active", true);
        answer.put(
            "iss", kind.equals("opaque-other-issuer") ? "https://evil.example" : issuerUrl());
        answer.put("sub", "alice");
        answer.put(
            "aud", kind.equals("opaque-other-aud") ? "https://elsewhere.example/mcp" : resource);
        if (!kind.equals("opaque-no-exp")) {
          answer.put("exp", Instant.now().getEpochSecond() + 300);
        }
        answer.put("scope", "mcp:tools");
        answer.put("client_id", "opaque-client");
        answer.put("token_type", "Bearer");
      }
      case "opaque-inactive" -> answer.put("active", false);
      case "opaque-500" -> {
        exchange.sendResponseHeaders(500, -1);
        exchange.close();
        return;
      }
      case "opaque-slow" -> {
        try {
          Thread.sleep(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        answer.put("active", false);
      }
      case "opaque-huge" -> {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write("{\"active\":true,\"filler\":\"".getBytes(StandardCharsets.US_ASCII));
          byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
          for (int i = 0; i < 160; i++) {
            out.write(chunk);
          }
          out.write("\"}".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // The kit stops reading at its cap and closes: expected.
        }
        return;
      }
      default -> answer.put("active", false);
    }
    byte[] body = JSON.writeValueAsBytes(answer);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    } catch (IOException e) {
      // A caller that gave up (the slow row) closed first.
    }
  }

  /** A hybrid kit asking the stub, or with {@code ownEndpoint} the mock's own endpoint, for all. */
  private static Kit kit(String transport, boolean ownEndpoint) {
    return kit(transport, ownEndpoint, Map.of());
  }

  /** As above, with {@code settings} added; a kit of its own for each set of settings. */
  private static synchronized Kit kit(
      String transport, boolean ownEndpoint, Map<String, String> settings) {
    return KITS.computeIfAbsent(
        transport + (ownEndpoint ? "/mock-endpoint" : "/stub") + settings,
        key -> {
          int port = ServerProcesses.freePort();
          Map<String, String> environment = new HashMap<>();
          environment.put("OAUTH_ISSUER_URL", issuerUrl());
          environment.put("OAUTH_AUDIENCE", "http://localhost:" + port + "/mcp");
          environment.put("PORT", Integer.toString(port));
          environment.put("MCP_TRANSPORT", transport);
          environment.put("MCP_FEATURES", "examples");
          environment.put("AUDIT_LOG", "on");
          environment.put("OAUTH_INTROSPECTION_CLIENT_ID", "mcp-resource-server");
          environment.put("OAUTH_INTROSPECTION_CLIENT_SECRET", "rs-secret");
          if (ownEndpoint) {
            environment.put("OAUTH_VERIFICATION", "introspection");
          } else {
            environment.put("OAUTH_VERIFICATION", "hybrid");
            environment.put(
                "OAUTH_INTROSPECTION_ENDPOINT",
                "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/introspect");
            environment.put("OAUTH_INTROSPECTION_TIMEOUT", "500ms");
          }
          environment.putAll(settings);
          KitConfig config = KitConfig.load(ConfigSource.of(Map.of(), environment), false);
          return Kit.start(config, config.issuer().orElseThrow());
        });
  }

  private static String jwt(String audience) {
    return issuer
        .issueToken(
            "default",
            "jwt-client",
            audience,
            Map.of("scope", "mcp:tools", "client_id", "jwt-client"),
            600)
        .serialize();
  }

  private static RawHttp.Response initialize(Kit kit, String token) {
    return RawHttp.send(
        kit.port(),
        new RawHttp.Request(
            List.of("Bearer " + token), null, "application/json", Recipes.INITIALIZE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void hybrid_verifies_jwts_locally_and_introspects_opaque_tokens_once_per_cache_life(
      String transport) throws Exception {
    Kit kit = kit(transport, false);
    String opaque = "opaque-active-" + kit.port();
    int authorizations = AUTHORIZATIONS.size();

    RawHttp.Response local = initialize(kit, jwt(resource(kit)));
    RawHttp.Response first = initialize(kit, opaque);
    RawHttp.Response again = initialize(kit, opaque);
    RawHttp.Response modern =
        RawHttp.send(kit.port(), ModernRequests.call(opaque, "whoami", Map.of()));

    assertThat(local.status()).as(local.body()).isEqualTo(200);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
    assertThat(modern.status()).as(modern.body()).isEqualTo(200);
    assertThat(modern.body()).contains("opaque-client").contains("alice");
    assertThat(CALLS.get(opaque).get()).as("one call, then the cache").isEqualTo(1);
    assertThat(AUTHORIZATIONS.subList(authorizations, AUTHORIZATIONS.size()))
        .as("client_secret_basic on the wire, and no call for the JWT")
        .containsExactly(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        "mcp-resource-server:rs-secret".getBytes(StandardCharsets.UTF_8)));
  }

  record Row(String kind, int status, RejectionCode code) {}

  @TestFactory
  Stream<DynamicNode> every_introspection_failure_is_refused_with_its_status() {
    List<Row> rows =
        List.of(
            new Row("opaque-inactive", 401, RejectionCode.TOKEN_INACTIVE),
            new Row("opaque-no-exp", 401, RejectionCode.EXPIRY_MISSING),
            new Row("opaque-other-aud", 401, RejectionCode.AUDIENCE_MISMATCH),
            new Row("opaque-other-issuer", 401, RejectionCode.ISSUER_MISMATCH),
            new Row("opaque-500", 503, null),
            new Row("opaque-slow", 503, null),
            new Row("opaque-huge", 503, null));
    return TRANSPORTS.stream()
        .flatMap(
            transport ->
                rows.stream()
                    .map(
                        row ->
                            DynamicTest.dynamicTest(
                                transport + ": " + row.kind(), () -> refused(transport, row))));
  }

  private static void refused(String transport, Row row) throws Exception {
    Kit kit = kit(transport, false);
    int mark = log.length();
    long started = System.nanoTime();

    RawHttp.Response response = initialize(kit, row.kind() + "-" + kit.port());

    long millis = (System.nanoTime() - started) / 1_000_000;
    String context = row + " on " + transport + ": " + response.body();
    assertThat(response.status()).as(context).isEqualTo(row.status());
    assertThat(response.body()).as(context).doesNotContainIgnoringCase("exception");
    if (row.code() == null) {
      assertThat(response.header("Retry-After")).as(context).isPresent();
      assertThat(JSON.readTree(response.body()).path("error").asText())
          .isEqualTo("temporarily_unavailable");
      assertThat(millis).as(context + ": bounded by the 500 ms timeout").isLessThan(4_000);
    } else {
      assertThat(response.header("WWW-Authenticate").orElseThrow())
          .as(context)
          .contains("error=\"invalid_token\"");
      assertThat(log.textFrom(mark)).contains("code=" + row.code().code());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void metrics_count_each_call_by_outcome_the_cache_and_the_limit_and_jwts_apart(String transport)
      throws Exception {
    // One call at a time, and a timeout long enough to send a second token while it is taken.
    Kit kit =
        kit(
            transport,
            false,
            Map.of(
                "MANAGEMENT_PORT", "0",
                "OAUTH_INTROSPECTION_MAX_CONCURRENT", "1",
                "OAUTH_INTROSPECTION_TIMEOUT", "3s",
                "OAUTH_INTROSPECTION_NEGATIVE_CACHE_TTL", "60s"));
    String active = "opaque-active-" + kit.port();
    String inactive = "opaque-inactive-" + kit.port();
    String slow = "opaque-slow-" + kit.port();
    String jwt = jwt(resource(kit));
    Map<String, Double> before = Scrapes.scrape(kit);

    assertThat(initialize(kit, jwt).status()).isEqualTo(200);
    assertThat(initialize(kit, jwt).status()).isEqualTo(200);
    assertThat(initialize(kit, active).status()).isEqualTo(200);
    assertThat(initialize(kit, active).status()).isEqualTo(200);
    assertThat(initialize(kit, "opaque-other-aud-" + kit.port()).status()).isEqualTo(401);
    assertThat(initialize(kit, "opaque-500-" + kit.port()).status()).isEqualTo(503);
    CompletableFuture<RawHttp.Response> held =
        CompletableFuture.supplyAsync(() -> initialize(kit, slow));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!CALLS.containsKey(slow) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    RawHttp.Response limited = initialize(kit, inactive);
    assertThat(limited.status()).as(limited.body()).isEqualTo(503);
    assertThat(held.get(20, TimeUnit.SECONDS).status()).isEqualTo(503);
    assertThat(initialize(kit, inactive).status()).isEqualTo(401);
    assertThat(initialize(kit, inactive).status()).isEqualTo(401);

    Map<String, Double> after = Scrapes.scrape(kit);
    Map<String, Double> delta = Scrapes.delta(before, after);

    assertThat(Scrapes.only(delta, "mcp_introspection_"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "mcp_introspection_calls_total{outcome=\"active\"}", 2.0,
                "mcp_introspection_calls_total{outcome=\"inactive\"}", 1.0,
                "mcp_introspection_calls_total{outcome=\"failed\"}", 2.0,
                "mcp_introspection_cache_hits_total", 2.0,
                "mcp_introspection_limited_total", 1.0,
                "mcp_introspection_cache_size", 3.0));
    assertThat(after).containsEntry("mcp_introspection_shared_total", 0.0);
    assertThat(Scrapes.only(delta, "mcp_token_cache_requests_total"))
        .as("the JWT cache counts the JWT only, not the introspected tokens")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "mcp_token_cache_requests_total{result=\"hit\"}", 1.0,
                "mcp_token_cache_requests_total{result=\"miss\"}", 1.0));
    assertThat(Scrapes.labelValues(after, "mcp_introspection_"))
        .containsExactlyInAnyOrder("active", "inactive", "failed");
    assertThat(Scrapes.labelValues(after, "mcp_token_cache_"))
        .containsExactlyInAnyOrder("hit", "miss");
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void introspection_only_works_with_mock_oauth2_servers_own_endpoint(String transport) {
    Kit kit = kit(transport, true);

    RawHttp.Response good = initialize(kit, jwt(resource(kit)));
    RawHttp.Response garbage = initialize(kit, "not-a-token-the-issuer-knows");

    assertThat(good.status()).as(good.body()).isEqualTo(200);
    assertThat(garbage.status()).isEqualTo(401);
    assertThat(garbage.header("WWW-Authenticate").orElseThrow())
        .contains("error_description=\"" + RejectionCode.TOKEN_INACTIVE.defaultMessage());
  }
}
