package io.github.mcpoauthkit.adapter.undertow;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.GracefulShutdown;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protected MCP server on Undertow, as an HTTP client sees it. */
class UndertowMcpServerIT {

  private static final int MAX_HEADER_BYTES = ResourceServerSettings.DEFAULT_MAX_HEADER_BYTES;

  private static McpFixture fixture;
  private static UndertowMcpServer server;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    fixture = new McpFixture();
    server = UndertowMcpServer.start(fixture.handler, "127.0.0.1", 0, MAX_HEADER_BYTES);
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.close();
    fixture.close();
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static HttpRequest.Builder mcp(String token) {
    return HttpRequest.newBuilder(uri("/mcp"))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json, text/event-stream");
  }

  private static HttpRequest.Builder post(String token, String sessionId, String json) {
    return mcp(token)
        .header("Content-Type", "application/json")
        .header("Mcp-Session-Id", sessionId)
        .header("MCP-Protocol-Version", McpFixture.PROTOCOL_VERSION)
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> initialize(String token) throws Exception {
    return send(
        mcp(token)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\""
                        + McpFixture.PROTOCOL_VERSION
                        + "\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}"))
            .build());
  }

  /** A session past initialize and notifications/initialized. */
  private static String session(String token) throws Exception {
    String id = initialize(token).headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> initialized =
        send(
            post(token, id, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .build());
    assertThat(initialized.statusCode()).isEqualTo(202);
    return id;
  }

  private static Set<String> headerNames(HttpResponse<?> response) {
    return response.headers().map().keySet().stream()
        .map(name -> name.toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }

  @Test
  void a_request_without_a_token_gets_401_with_the_metadata_challenge_and_nothing_added()
      throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/mcp"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer resource_metadata=\"" + McpFixture.METADATA_URL + "\"");
    assertThat(response.body())
        .isEqualTo("{\"error_description\":\"No bearer token in the Authorization header\"}");
    assertThat(headerNames(response))
        .containsExactlyInAnyOrder(
            "www-authenticate", "content-type", "cache-control", "content-length", "date");
    assertThat(response.headers().firstValueAsLong("Content-Length"))
        .hasValue(response.body().getBytes(UTF_8).length);
  }

  @Test
  void the_protected_resource_metadata_names_the_resource_and_its_issuer() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri("/.well-known/oauth-protected-resource/mcp")).build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body())
        .contains("\"resource\":\"" + McpFixture.RESOURCE + "\"")
        .contains("\"authorization_servers\":[\"" + McpFixture.ISSUER.value() + "\"]");
  }

  @Test
  void initialize_answers_200_with_a_session_id() throws Exception {
    HttpResponse<String> response = initialize(fixture.token());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Mcp-Session-Id")).isPresent();
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body())
        .contains("\"protocolVersion\":\"" + McpFixture.PROTOCOL_VERSION + "\"")
        .contains("\"serverInfo\":{\"name\":\"test\"");
  }

  @Test
  void a_tool_call_is_answered_as_an_event_stream() throws Exception {
    String token = fixture.token();
    String session = session(token);

    HttpResponse<String> response =
        send(
            post(
                    token,
                    session,
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
                        + "\"name\":\"echo\",\"arguments\":{\"text\":\"hello undertow\"}}}")
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
    // A handler that is done before the stream opens is sent whole, with its length; one that is
    // still running is streamed chunked. Either way the framing must match the body.
    response
        .headers()
        .firstValue("Content-Length")
        .ifPresent(
            length ->
                assertThat(Integer.parseInt(length))
                    .isEqualTo(response.body().getBytes(UTF_8).length));
    assertThat(response.body()).contains("event: message\n");
    String data =
        response
            .body()
            .lines()
            .filter(line -> line.startsWith("data: {"))
            .findFirst()
            .orElseThrow();
    assertThat(data)
        .contains("\"id\":2")
        .contains("\"result\"")
        .contains("\"text\":\"hello undertow\"");
  }

  @Test
  void get_opens_an_event_stream_that_stays_open() throws Exception {
    String token = fixture.token();
    String session = session(token);

    HttpResponse<InputStream> response =
        http.send(
            mcp(token)
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", McpFixture.PROTOCOL_VERSION)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());

    try (InputStream events = response.body()) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
      assertThat(response.headers().firstValue("Mcp-Session-Id")).contains(session);
      // The priming event of MCP 2025-11-25 arrives at once.
      assertThat(new String(events.readNBytes(4), UTF_8)).isEqualTo("id: ");
      assertThat(RawHttp.readLine(events)).matches("\\d+");
      assertThat(RawHttp.readLine(events)).isEqualTo("data: ");
      assertThat(RawHttp.readLine(events)).isEmpty();
      CompletableFuture<Integer> more =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return events.read();
                } catch (IOException e) {
                  return -2;
                }
              });
      assertThat(more).isNotCompleted();
      Thread.sleep(500);
      assertThat(more).as("the stream is still open").isNotCompleted();
    }
  }

  @Test
  void delete_ends_the_session_which_is_then_unknown() throws Exception {
    String token = fixture.token();
    String session = session(token);

    HttpResponse<String> deleted =
        send(mcp(token).header("Mcp-Session-Id", session).DELETE().build());
    HttpResponse<String> after =
        send(
            post(
                    token,
                    session,
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{}}")
                .build());

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.headers().firstValue("Content-Length")).isEmpty();
    assertThat(deleted.body()).isEmpty();
    assertThat(after.statusCode()).isEqualTo(404);
    assertThat(after.body()).contains("Session not found");
  }

  @Test
  void a_20_kib_authorization_header_gets_431() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/mcp"))
                .header("Authorization", "Bearer " + "a".repeat(20 * 1024))
                .GET()
                .build());

    assertThat(response.statusCode()).isEqualTo(431);
    assertThat(response.body()).contains("Request Header Fields Too Large");
  }

  @Test
  void the_header_limit_counts_every_header_line_to_the_byte() throws Exception {
    String request = requestWithHeaderSection(MAX_HEADER_BYTES);
    String oneByteMore = requestWithHeaderSection(MAX_HEADER_BYTES + 1);

    assertThat(RawHttp.exchange(server.port(), request)).startsWith("HTTP/1.1 200 ");
    assertThat(RawHttp.exchange(server.port(), oneByteMore)).startsWith("HTTP/1.1 431 ");
  }

  /** GET /health whose header section (field lines and the final CRLF) is {@code size} bytes. */
  private static String requestWithHeaderSection(int size) {
    String start = "Host: 127.0.0.1\r\nConnection: close\r\nX-Padding: ";
    String end = "\r\n\r\n";
    String headers = start + "p".repeat(size - start.length() - end.length()) + end;
    assertThat(headers).hasSize(size);
    return "GET /health HTTP/1.1\r\n" + headers;
  }

  @Test
  void a_header_section_beyond_four_times_the_limit_is_cut_off_by_undertow_with_400()
      throws Exception {
    String response =
        RawHttp.exchange(
            server.port(),
            requestWithHeaderSection(
                MAX_HEADER_BYTES * UndertowMcpServer.HARD_HEADER_LIMIT_FACTOR + 512));

    assertThat(response)
        .startsWith("HTTP/1.1 400 Bad Request\r\n")
        .contains("Connection: close\r\n")
        .endsWith("\r\n\r\n");
  }

  @Test
  void the_body_limit_is_the_handlers_not_undertows_2_mib_default() throws Exception {
    String token = fixture.token();
    String session = session(token);
    String text = "t".repeat(3 * 1024 * 1024);

    HttpResponse<String> response =
        send(
            post(
                    token,
                    session,
                    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{"
                        + "\"name\":\"echo\",\"arguments\":{\"text\":\""
                        + text
                        + "\"}}}")
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"text\":\"" + text + "\"");
  }

  @Test
  void a_5_mib_body_gets_413() throws Exception {
    HttpResponse<String> response =
        send(
            mcp(fixture.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5 * 1024 * 1024]))
                .build());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("Payload Too Large");
  }

  @Test
  void a_client_that_expects_100_continue_gets_it_before_sending_its_body() throws Exception {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    try (var socket = RawHttp.connect(server.port())) {
      socket.setSoTimeout(5_000);
      var out = socket.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + fixture.token()
                  + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                  + "Expect: 100-continue\r\nContent-Length: "
                  + body.length()
                  + "\r\n\r\n")
              .getBytes(UTF_8));
      out.flush();

      assertThat(RawHttp.readLine(socket.getInputStream())).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(RawHttp.readLine(socket.getInputStream())).isEmpty();
      out.write(body.getBytes(UTF_8));
      out.flush();
      assertThat(RawHttp.readLine(socket.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
    }
  }

  private static String initializeBody(int id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
        + "\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
  }

  private static String initializeRequest(String body) {
    return "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + fixture.token()
        + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
        + "Content-Length: "
        + body.length()
        + "\r\n\r\n";
  }

  /** Reads one response with a Content-Length: its status line, a blank line, its body. */
  private static String readResponse(java.io.InputStream in) throws Exception {
    String status = RawHttp.readLine(in);
    int length = -1;
    for (String line = RawHttp.readLine(in); !line.isEmpty(); line = RawHttp.readLine(in)) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    assertThat(length).as("Content-Length of " + status).isNotNegative();
    return status + "\n\n" + new String(in.readNBytes(length), UTF_8);
  }

  @Test
  void a_body_that_arrives_in_pieces_after_its_headers_is_answered() throws Exception {
    String body = initializeBody(7);
    try (var socket = RawHttp.connect(server.port())) {
      socket.setSoTimeout(5_000);
      var out = socket.getOutputStream();
      out.write(initializeRequest(body).getBytes(UTF_8));
      out.flush();
      Thread.sleep(200);
      out.write(body.substring(0, 20).getBytes(UTF_8));
      out.flush();
      Thread.sleep(200);
      out.write(body.substring(20).getBytes(UTF_8));
      out.flush();

      assertThat(readResponse(socket.getInputStream()))
          .startsWith("HTTP/1.1 200 OK\n\n")
          .contains("\"id\":7", "\"result\":");
    }
  }

  @Test
  void pipelined_requests_are_answered_in_order_on_one_connection() throws Exception {
    StringBuilder requests = new StringBuilder();
    for (int id = 1; id <= 3; id++) {
      String body = initializeBody(id);
      requests.append(initializeRequest(body)).append(body);
    }
    try (var socket = RawHttp.connect(server.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(requests.toString().getBytes(UTF_8));
      socket.getOutputStream().flush();

      for (int id = 1; id <= 3; id++) {
        assertThat(readResponse(socket.getInputStream()))
            .startsWith("HTTP/1.1 200 OK\n\n")
            .contains("\"id\":" + id + ",");
      }
    }
  }

  @Test
  void a_body_refused_before_100_continue_is_not_waited_for() throws Exception {
    String response =
        RawHttp.exchange(
            server.port(),
            "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + fixture.token()
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                + "Expect: 100-continue\r\nContent-Length: 5242880\r\n\r\n");

    assertThat(response)
        .startsWith("HTTP/1.1 413 ")
        .contains("Connection: close\r\n")
        .contains("Payload Too Large");
  }

  @Test
  void a_foreign_origin_gets_403() throws Exception {
    HttpResponse<String> response =
        send(
            mcp(fixture.token())
                .header("Origin", "http://evil.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("Origin not allowed");
  }

  @Test
  void connections_stay_open_between_requests() throws Exception {
    try (var socket = RawHttp.connect(server.port())) {
      var out = socket.getOutputStream();
      var in = socket.getInputStream();
      for (int i = 0; i < 2; i++) {
        out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(UTF_8));
        out.flush();
        assertThat(RawHttp.readLine(in)).isEqualTo("HTTP/1.1 200 OK");
        int length = -1;
        for (String line = RawHttp.readLine(in); !line.isEmpty(); line = RawHttp.readLine(in)) {
          assertThat(line.toLowerCase(Locale.ROOT)).doesNotStartWith("connection:");
          if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
          }
        }
        assertThat(new String(in.readNBytes(length), UTF_8)).contains("\"status\":\"UP\"");
      }
    }
  }

  @Test
  void a_graceful_stop_ends_open_event_streams_cleanly_and_stops_accepting_connections()
      throws Exception {
    try (McpFixture other = new McpFixture()) {
      UndertowMcpServer closing =
          UndertowMcpServer.start(other.handler, "127.0.0.1", 0, MAX_HEADER_BYTES);
      int port = closing.port();
      String token = other.token();
      HttpResponse<String> initialized =
          send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                  .header("Authorization", "Bearer " + token)
                  .header("Accept", "application/json, text/event-stream")
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                              + "\"params\":{\"protocolVersion\":\"2025-11-25\","
                              + "\"capabilities\":{},"
                              + "\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}"))
                  .build());
      HttpResponse<InputStream> stream =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                  .header("Authorization", "Bearer " + token)
                  .header("Accept", "text/event-stream")
                  .header(
                      "Mcp-Session-Id",
                      initialized.headers().firstValue("Mcp-Session-Id").orElseThrow())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream events = stream.body()) {
        assertThat(new String(events.readNBytes(4), UTF_8)).isEqualTo("id: ");

        long started = System.nanoTime();
        new GracefulShutdown(other.handler, closing, UndertowMcpServer.SHUTDOWN_GRACE)
            .stop(Duration.ZERO);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(took).isLessThan(UndertowMcpServer.SHUTDOWN_GRACE.toMillis() / 2);
        assertThat(CompletableFuture.supplyAsync(() -> drain(events)))
            .as("the event stream ends as an event stream ends, not with a reset")
            .succeedsWithin(Duration.ofSeconds(5))
            .isEqualTo("ended");
      }
      assertThat(
              CompletableFuture.supplyAsync(
                  () -> {
                    try (var socket = RawHttp.connect(port)) {
                      return "connected to " + socket.getRemoteSocketAddress();
                    } catch (IOException e) {
                      return "refused";
                    }
                  }))
          .succeedsWithin(Duration.ofSeconds(10))
          .isEqualTo("refused");
    }
  }

  private static String drain(InputStream events) {
    try {
      events.readAllBytes();
      return "ended";
    } catch (IOException e) {
      return "cut off: " + e;
    }
  }
}
