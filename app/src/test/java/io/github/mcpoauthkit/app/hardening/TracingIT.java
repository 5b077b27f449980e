package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.mcpoauthkit.app.Kit;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import io.github.mcpoauthkit.port.driven.Tracing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Traces as an operator gets them: the kit configured by the standard {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT} posts its spans over OTLP/HTTP to a collector (here a loopback JDK
 * HTTP server that keeps every protobuf body posted to {@code /v1/traces}), under the trace the
 * caller named in its {@code traceparent} header or in MCP 2026-07-28's {@code _meta}; without the
 * variable, the packaged server never loads an OpenTelemetry class.
 */
class TracingIT {

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final String HEADER_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String HEADER_SPAN = "00f067aa0ba902b7";
  private static final String META_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String META_SPAN = "b7ad6b7169203331";
  private static final String REFUSED_TRACE = "11112222333344445555666677778888";

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<byte[]> exported = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private MockOAuth2Server issuer;
  private HttpServer collector;
  private Kit kit;
  private KitProcess process;
  @TempDir Path directory;

  @AfterEach
  void stop() {
    if (kit != null) {
      kit.close();
    }
    if (process != null) {
      process.close();
    }
    if (collector != null) {
      collector.stop(0);
    }
    if (issuer != null) {
      issuer.shutdown();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void spans_reach_the_otlp_collector_under_the_callers_trace(String transport) throws Exception {
    startCollector();
    String resource = startKit(transport);
    assertThat(kit.tracing()).isNotSameAs(Tracing.NONE);
    String token = token(resource, 600);

    HttpResponse<String> initialized =
        post(
            token,
            INITIALIZE,
            Map.of("traceparent", "00-" + HEADER_TRACE + "-" + HEADER_SPAN + "-01"));
    Map<String, Object> meta = new LinkedHashMap<>(ModernRequests.meta());
    meta.put("traceparent", "00-" + META_TRACE + "-" + META_SPAN + "-01");
    HttpResponse<String> modern =
        post(
            token,
            ModernRequests.body("tools/list", Map.of("_meta", meta)),
            Map.of("MCP-Protocol-Version", ModernRequests.VERSION, "Mcp-Method", "tools/list"));
    HttpResponse<String> refused =
        post(
            token(resource, -3600),
            INITIALIZE,
            Map.of("traceparent", "00-" + REFUSED_TRACE + "-" + HEADER_SPAN + "-01"));
    HttpResponse<String> malformed =
        post(token, INITIALIZE, Map.of("traceparent", "00-not-a-trace-context"));
    // The stop exports what is queued.
    kit.close();
    kit = null;

    assertThat(initialized.statusCode()).isEqualTo(200);
    assertThat(modern.statusCode()).as(modern.body()).isEqualTo(200);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(malformed.statusCode()).isEqualTo(200);
    assertThat(contentTypes).isNotEmpty().allMatch(type -> type.equals("application/x-protobuf"));
    byte[] all = concat(exported);
    // Trace and span ids are raw bytes in OTLP's protobuf; names and attribute values are UTF-8.
    assertThat(indexOf(all, HexFormat.of().parseHex(HEADER_TRACE))).isNotNegative();
    assertThat(indexOf(all, HexFormat.of().parseHex(HEADER_SPAN))).isNotNegative();
    assertThat(indexOf(all, HexFormat.of().parseHex(META_TRACE))).isNotNegative();
    assertThat(indexOf(all, HexFormat.of().parseHex(META_SPAN))).isNotNegative();
    assertThat(indexOf(all, HexFormat.of().parseHex(REFUSED_TRACE))).isNotNegative();
    String text = new String(all, StandardCharsets.ISO_8859_1);
    assertThat(text)
        .contains("mcp.authenticate")
        .contains("initialize")
        .contains("tools/list")
        .contains("mcp_meta")
        .contains("http_header")
        .contains("token_expired")
        .contains("kit-it")
        .doesNotContain(token.split("\\.")[1])
        .doesNotContain("kit-client");
  }

  @Test
  void without_an_endpoint_the_packaged_server_never_loads_opentelemetry() throws Exception {
    String classes = classesLoadedByThePackagedServer(Map.of());

    assertThat(classes)
        .contains("io.github.mcpoauthkit.app.Kit")
        .doesNotContain("io.opentelemetry");
  }

  @Test
  void with_an_endpoint_the_packaged_server_loads_the_sdk() throws Exception {
    startCollector();

    String classes =
        classesLoadedByThePackagedServer(
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:" + collector.getAddress().getPort()));

    assertThat(classes).contains("io.opentelemetry.sdk.trace.SdkTracerProvider");
  }

  // ---------------------------------------------------------------- helpers

  /** The class-loading log of the packaged server, started, asked once, and stopped. */
  private String classesLoadedByThePackagedServer(Map<String, String> extra) throws Exception {
    issuer = new MockOAuth2Server();
    issuer.start();
    int port = ServerProcesses.freePort();
    String resource = "http://localhost:" + port + "/mcp";
    Path log = directory.resolve("classes.log");
    Map<String, String> environment = new HashMap<>(extra);
    environment.put("OAUTH_ISSUER_URL", issuer.issuerUrl("default").toString());
    environment.put("OAUTH_AUDIENCE", resource);
    environment.put("PORT", Integer.toString(port));
    environment.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log);
    process = KitProcess.start(KitProcess.packagedTransport(), environment, directory);
    process.awaitListening(port, Duration.ofSeconds(60));
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token(resource, 600))
                .header("traceparent", "00-" + HEADER_TRACE + "-" + HEADER_SPAN + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    process.terminate();
    assertThat(process.awaitExit(Duration.ofSeconds(30))).as(process.stderr()).contains(0);
    return Files.readString(log);
  }

  private void startCollector() throws IOException {
    collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          try (exchange) {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            exported.add(exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
          }
        });
    collector.start();
  }

  private String startKit(String transport) {
    issuer = new MockOAuth2Server();
    issuer.start();
    int port = ServerProcesses.freePort();
    String resource = "http://localhost:" + port + "/mcp";
    Map<String, String> environment = new HashMap<>();
    environment.put("OAUTH_ISSUER_URL", issuer.issuerUrl("default").toString());
    environment.put("OAUTH_AUDIENCE", resource);
    environment.put("PORT", Integer.toString(port));
    environment.put("MCP_TRANSPORT", transport);
    environment.put(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort());
    environment.put("OTEL_SERVICE_NAME", "kit-it");
    KitConfig config = KitConfig.load(ConfigSource.of(Map.of(), environment), false);
    kit = Kit.start(config, config.issuer().orElseThrow());
    return resource;
  }

  private String token(String audience, long expirySeconds) {
    return issuer
        .issueToken(
            "default",
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
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    parts.forEach(all::writeBytes);
    return all.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
