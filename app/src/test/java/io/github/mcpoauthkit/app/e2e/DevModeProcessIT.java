package io.github.mcpoauthkit.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/mcp-oauth-kit.jar --dev} as a newcomer runs it: the jar the package phase
 * built, a separate JVM, the banner on stdout, SIGTERM to stop.
 */
class DevModeProcessIT {

  /** {@code 2026-12-04T17:41:12.871Z WARN DevMode - message}, as simplelogger.properties says. */
  private static final String LOG_LINE =
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)"
          + " (TRACE|DEBUG|INFO|WARN|ERROR) [\\w$.]+ - .*";

  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration SHUTDOWN = Duration.ofSeconds(15);
  private static final Pattern CURL =
      Pattern.compile(
          "^curl -i -X POST (http://localhost:\\d+/mcp) -H \"Authorization: Bearer"
              + " ([A-Za-z0-9_.-]+)\" -H \"Content-Type: application/json\" -H \"Accept:"
              + " application/json, text/event-stream\" -d '(\\{.*\\})'$");

  @TempDir Path workingDirectory;

  // Its own threads: the common pool may have one worker, which a blocking read would take.
  private final ExecutorService readers = Executors.newCachedThreadPool();
  private Process process;

  @AfterEach
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    readers.shutdownNow();
  }

  @Test
  void prints_a_banner_whose_curl_works_and_stops_cleanly_on_sigterm() throws Exception {
    String log = runBannerCurlAndSigterm(Map.of());
    // One log in one format, Helidon's and the JDK's lines included (java.util.logging's own
    // two-line format and Helidon's "no logging implementation" notice were mixed in before).
    assertThat(log.lines().toList())
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).matches(LOG_LINE));
  }

  @Test
  void logs_one_json_object_per_line_with_log_format_json_audit_line_included() throws Exception {
    String log = runBannerCurlAndSigterm(Map.of("LOG_FORMAT", "json", "AUDIT_LOG", "on"));

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : log.lines().toList()) {
      JsonNode node = json.readTree(line);
      assertThat(node.isObject()).as(line).isTrue();
      assertThat(node.path("time").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(node.path("level").asText())
          .as(line)
          .isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
      assertThat(node.path("logger").asText()).as(line).isNotEmpty();
      lines.add(node);
    }
    List<JsonNode> audit =
        lines.stream()
            .filter(n -> n.path("logger").asText().equals("io.github.mcpoauthkit.audit"))
            .toList();
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).path("verdict").asText()).isEqualTo("accepted");
    // The banner's token is the development client's own (client credentials).
    assertThat(audit.get(0).path("subject").asText()).isEqualTo("mcp-dev-client");
    assertThat(audit.get(0).path("mcp_method").asText()).isEqualTo("initialize");
    assertThat(audit.get(0).path("status").asText()).isEqualTo("200");
  }

  /** Starts {@code --dev}, runs the banner's curl, stops it with SIGTERM; its standard error. */
  private String runBannerCurlAndSigterm(Map<String, String> settings) throws Exception {
    int port = ServerProcesses.freePort();
    Map<String, String> environment = new java.util.HashMap<>(settings);
    environment.put("PORT", Integer.toString(port));
    process = start(environment, "--dev");
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));

    CompletableFuture<List<String>> banner =
        CompletableFuture.supplyAsync(
            () -> {
              List<String> lines = new ArrayList<>();
              try {
                String line;
                int rules = 0;
                while ((line = stdout.readLine()) != null) {
                  lines.add(line);
                  if (line.startsWith("=====") && ++rules == 3) {
                    return lines;
                  }
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return lines;
            },
            readers);
    List<String> lines;
    try {
      lines = banner.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
      throw new AssertionError("no banner within " + STARTUP + "; stderr:\n" + stderr.get(), e);
    }
    String text = String.join("\n", lines);
    System.out.println("--- banner printed by java -jar mcp-oauth-kit.jar --dev ---\n" + text);

    assertThat(text).contains("DEVELOPMENT MODE").contains("LOCAL USE ONLY");
    Matcher curl =
        lines.stream()
            .map(CURL::matcher)
            .filter(Matcher::matches)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no curl line in:\n" + text));
    assertThat(curl.group(1)).isEqualTo("http://localhost:" + port + "/mcp");
    assertThat(text)
        .contains(" --cli http://localhost:" + port + "/mcp --transport http --header ")
        .contains("claude mcp add --transport http kit http://localhost:" + port + "/mcp");

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(curl.group(1)))
                    .header("Authorization", "Bearer " + curl.group(2))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(curl.group(3)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"serverInfo\"");

    // SIGTERM through the process handle: Process.destroy() would also close the pipe the log is
    // still being read from while the server stops.
    process.toHandle().destroy();
    assertThat(process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS))
        .as("the server stops within %s of SIGTERM", SHUTDOWN)
        .isTrue();
    assertThat(process.exitValue()).isZero();
    // Nothing the user cannot act on: no JDK deprecation warnings about a library's internals.
    String log = stderr.get(5, TimeUnit.SECONDS);
    assertThat(log)
        .doesNotContain("sun.misc.Unsafe")
        .doesNotContain("WARNING: A terminally deprecated method");
    return log;
  }

  @Test
  void refuses_a_host_that_is_not_loopback() throws Exception {
    process =
        start(
            Map.of("PORT", Integer.toString(ServerProcesses.freePort()), "HOST", "0.0.0.0"),
            "--dev");

    String stderr = finish(process);

    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr).contains("HOST '0.0.0.0' is not a loopback address");
  }

  @Test
  void refuses_an_issuer_url_in_dev_mode() throws Exception {
    process =
        start(
            Map.of(
                "PORT",
                Integer.toString(ServerProcesses.freePort()),
                "OAUTH_DEV",
                "true",
                "OAUTH_ISSUER_URL",
                "https://issuer.example"));

    String stderr = finish(process);

    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr).contains("OAUTH_ISSUER_URL and --dev/OAUTH_DEV exclude each other");
  }

  @Test
  void the_artifact_users_run_carries_no_conformance_feature_set() throws Exception {
    process =
        start(
            Map.of(
                "PORT",
                Integer.toString(ServerProcesses.freePort()),
                "MCP_FEATURES",
                "conformance"),
            "--dev");

    String stderr = finish(process);

    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(stderr.lines().reduce((first, second) -> second))
        .contains(
            "Startup failed: MCP_FEATURES names 'conformance', which is not on the classpath;"
                + " available: examples");
  }

  private Process start(Map<String, String> environment, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ServerProcesses.java());
    command.add("-jar");
    command.add(ServerProcesses.artifact().toString());
    command.addAll(List.of(arguments));
    return ServerProcesses.isolated(command, environment, workingDirectory).start();
  }

  private String finish(Process process) throws Exception {
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    drain(process.getInputStream());
    assertThat(process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).isTrue();
    return stderr.get(5, TimeUnit.SECONDS);
  }

  private CompletableFuture<String> drain(InputStream stream) {
    return ServerProcesses.drain(stream, readers);
  }
}
