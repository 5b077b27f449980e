package io.github.mcpoauthkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The HTTP behaviour every web adapter of a stateful protected MCP server must show, checked with
 * raw HTTP/1.1 against a running server: protected resource metadata (RFC 9728), bearer challenges
 * (RFC 6750 §3), token checks, Origin and CORS, and MCP Streamable HTTP with sessions (MCP
 * 2025-11-25 basic/transports). An adapter's test class implements {@link McpHttpFixture} for its
 * server; a difference between two adapters is a bug.
 *
 * <p>The server must offer the tools {@code echo}, {@code whoami}, {@code admin_only} (which needs
 * scope {@value #ADMIN_SCOPE}, implied by {@value #ROOT_SCOPE} in the server's scope hierarchy) and
 * {@code notify} (which sends a log notification, and a progress notification when asked with a
 * {@code progressToken}, before it answers) and {@code gated} (which sends a log notification, then
 * waits until {@code open_gate} is called before it answers), require no scope for other requests,
 * and keep the library's default limits except those the fixture names ({@link #maxSessions()},
 * {@link #connectionIdleTimeout()}). Every test opens its own sessions and ends those that would
 * crowd the server, so one server may serve the whole class.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports">MCP
 *     Streamable HTTP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 §3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728">RFC 9728</a>
 */
public interface McpHttpContract extends McpHttpFixture {

  /** The scope the {@code admin_only} tool needs. */
  String ADMIN_SCOPE = "mcp:admin";

  /** A broader scope that implies {@value #ADMIN_SCOPE} (MCP 2026-07-28 scope hierarchies). */
  String ROOT_SCOPE = "mcp:root";

  /** The newest MCP version, offered for versions the server does not know. */
  String LATEST_VERSION = "2025-11-25";

  /** An origin that no server under test allows. */
  String FOREIGN_ORIGIN = "http://evil.example";

  // ---------------------------------------------------------------- Discovery (RFC 9728)

  @Test
  default void a_rebound_host_name_is_refused_with_403_even_with_a_valid_token() throws Exception {
    // java.net.http will not send a forged Host header, so this request goes over a plain socket,
    // exactly as the conformance suite's DNS-rebinding scenario sends it.
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"rebinding\",\"version\":\"1\"}}}";
    java.net.URI base = java.net.URI.create(baseUrl());
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      String request =
          "POST "
              + java.net.URI.create(mcpUrl()).getPath()
              + " HTTP/1.1\r\nHost: evil.example.com\r\nOrigin: http://evil.example.com\r\n"
              + "Authorization: Bearer "
              + token("alice", "")
              + "\r\nContent-Type: application/json\r\n"
              + "Accept: application/json, text/event-stream\r\nConnection: close\r\n"
              + "Content-Length: "
              + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
              + "\r\n\r\n"
              + body;
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
      java.io.InputStream in = socket.getInputStream();
      while (!head.toString(java.nio.charset.StandardCharsets.UTF_8).contains("\r\n\r\n")) {
        int next = in.read();
        if (next < 0) {
          break;
        }
        head.write(next);
      }
      String answer = head.toString(java.nio.charset.StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 403");
      assertThat(answer).doesNotContain("Mcp-Session-Id").doesNotContain("mcp-session-id");
    }
  }

  @Test
  default void protected_resource_metadata_is_served_at_both_well_known_paths() {
    for (String url : List.of(metadataUrl(), origin() + "/.well-known/oauth-protected-resource")) {
      String path = URI.create(url).getRawPath();
      Reply reply = RawHttp.send(RawHttp.to(baseUrl() + path).GET().build());

      assertThat(reply.status()).as(path).isEqualTo(200);
      assertThat(reply.mediaType()).as(path).isEqualTo("application/json");
      JsonNode document = reply.json();
      assertThat(document.path("resource").asText()).as(path).isEqualTo(mcpUrl());
      assertThat(texts(document.path("authorization_servers"))).containsExactly(issuer());
      assertThat(texts(document.path("bearer_methods_supported"))).containsExactly("header");
      assertThat(texts(document.path("scopes_supported"))).contains(ADMIN_SCOPE);
      assertThat(document.path("resource_name").asText()).isNotBlank();
      for (Map.Entry<String, JsonNode> field : document.properties()) {
        JsonNode value = field.getValue();
        assertThat(value.isNull() || (value.isContainerNode() && value.isEmpty()))
            .as("%s of %s is null or empty", field.getKey(), path)
            .isFalse();
      }
    }
  }

  // ---------------------------------------------------------------- Challenges (RFC 6750 §3)

  @Test
  default void a_post_without_token_gets_401_naming_the_metadata_without_an_error() {
    Reply reply =
        RawHttp.send(jsonPost(RawHttp.request(RawHttp.nextId(), "tools/list", Map.of())).build());

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.header("WWW-Authenticate"))
        .hasValue("Bearer resource_metadata=\"" + metadataUrl() + "\"");
    Challenge challenge = reply.challenge();
    assertThat(challenge.params()).doesNotContainKeys("error", "error_description");
    assertThat(reply.json())
        .as("no error code in the body either")
        .isEqualTo(
            RawHttp.JSON
                .createObjectNode()
                .put("error_description", "No bearer token in the Authorization header"));
    Reply metadata =
        RawHttp.send(
            RawHttp.to(
                    baseUrl() + URI.create(challenge.params().get("resource_metadata")).getPath())
                .GET()
                .build());
    assertThat(metadata.status()).isEqualTo(200);
  }

  @Test
  default void get_and_delete_without_token_get_401_even_with_a_valid_session() {
    McpSession session = open("alice", LATEST_VERSION);
    for (String method : List.of("GET", "DELETE")) {
      Reply reply =
          RawHttp.send(
              RawHttp.to(endpoint())
                  .header("Mcp-Session-Id", session.id())
                  .header("MCP-Protocol-Version", session.protocolVersion())
                  .header("Accept", "text/event-stream")
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build());

      assertThat(reply.status()).as(method).isEqualTo(401);
      assertThat(reply.challenge().params())
          .containsEntry("resource_metadata", metadataUrl())
          .doesNotContainKey("error");
    }
  }

  @Test
  default void a_valid_session_id_without_token_gets_401_since_sessions_never_authenticate() {
    McpSession session = open("alice", LATEST_VERSION);

    Reply reply =
        RawHttp.send(
            jsonPost(RawHttp.request(RawHttp.nextId(), "tools/list", Map.of()))
                .header("Mcp-Session-Id", session.id())
                .header("MCP-Protocol-Version", session.protocolVersion())
                .build());

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.challenge().params()).containsEntry("resource_metadata", metadataUrl());
  }

  @Test
  default void basic_credentials_get_401_without_an_error() {
    Reply reply =
        RawHttp.send(
            jsonPost(RawHttp.request(RawHttp.nextId(), "tools/list", Map.of()))
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0")
                .build());

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.challenge().scheme()).isEqualToIgnoringCase("Bearer");
    assertThat(reply.challenge().params())
        .containsEntry("resource_metadata", metadataUrl())
        .doesNotContainKeys("error", "error_description");
  }

  @Test
  default void an_expired_token_gets_401_invalid_token_token_expired() {
    Reply reply = initializeWith(expiredToken("alice"));

    assertInvalidToken(reply, "Token expired");
    assertThat(reply.json())
        .isEqualTo(
            RawHttp.JSON
                .createObjectNode()
                .put("error", "invalid_token")
                .put("error_description", "Token expired"));
  }

  @Test
  default void a_token_for_another_audience_gets_401_audience_mismatch() {
    assertInvalidToken(
        initializeWith(otherAudienceToken("alice")), "Token validation failed: audience mismatch");
  }

  @Test
  default void an_opaque_token_gets_401_not_a_valid_jwt() {
    assertInvalidToken(initializeWith("2YotnFZFEjr1zCsicMWpAA"), "Token is not a valid JWT format");
  }

  @Test
  default void an_8_kib_token_is_processed_and_rejected_for_its_real_reason() {
    String large = "x".repeat(8 * 1024);

    assertInvalidToken(initializeWith(large), "Token is not a valid JWT format");
  }

  @Test
  default void a_header_section_over_16_kib_is_refused_with_431() {
    Reply reply = initializeWith("x".repeat(20 * 1024));

    assertThat(reply.status()).isEqualTo(431);
  }

  @Test
  default void a_token_with_an_altered_signature_gets_401_invalid_token() {
    String token = token("alice", "");
    int lastDot = token.lastIndexOf('.');
    String altered = token.substring(0, lastDot + 1) + "A" + token.substring(lastDot + 2);
    if (altered.equals(token)) {
      altered = token.substring(0, lastDot + 1) + "B" + token.substring(lastDot + 2);
    }

    Reply reply = initializeWith(altered);

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.challenge().params()).containsEntry("error", "invalid_token");
  }

  @Test
  default void a_token_with_an_unknown_key_gets_401_while_the_key_set_is_reachable() {
    Reply reply = initializeWith(tokenWithUnknownKey("alice"));

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.challenge().params()).containsEntry("error", "invalid_token");
  }

  @Test
  default void two_authorization_headers_get_400_invalid_request() {
    String authorization = "Bearer " + token("alice", "");

    Reply reply =
        RawHttp.send(
            jsonPost(RawHttp.request(RawHttp.nextId(), "tools/list", Map.of()))
                .header("Authorization", authorization)
                .header("Authorization", authorization)
                .build());

    assertInvalidRequest(reply);
  }

  @Test
  default void an_access_token_in_the_query_gets_400_invalid_request() {
    String token = token("alice", "");
    String initialize =
        RawHttp.request(RawHttp.nextId(), "initialize", RawHttp.initializeParams(LATEST_VERSION));

    Reply withHeader =
        RawHttp.send(
            jsonPost(endpoint() + "?access_token=" + token, initialize)
                .header("Authorization", "Bearer " + token)
                .build());
    Reply alone = RawHttp.send(jsonPost(endpoint() + "?access_token=" + token, initialize).build());

    assertInvalidRequest(withHeader);
    assertInvalidRequest(alone);
  }

  @Test
  default void an_access_token_in_a_form_body_gets_400_invalid_request() {
    String token = token("alice", "");

    Reply reply =
        RawHttp.send(
            RawHttp.to(endpoint())
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", RawHttp.JSON_OR_EVENT_STREAM)
                .POST(HttpRequest.BodyPublishers.ofString("access_token=" + token))
                .build());

    assertInvalidRequest(reply);
  }

  @Test
  default void a_tool_needing_a_scope_the_token_lacks_gets_403_with_the_step_up_scopes() {
    McpSession session = openWithToken(token("alice", "a"), LATEST_VERSION);

    Reply reply =
        RawHttp.send(
            post(session, RawHttp.request(RawHttp.nextId(), "tools/call", toolCall("admin_only")))
                .build());

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.challenge().scheme()).isEqualToIgnoringCase("Bearer");
    assertThat(reply.challenge().params())
        .containsEntry("error", "insufficient_scope")
        .containsEntry("scope", "a " + ADMIN_SCOPE)
        .containsEntry("resource_metadata", metadataUrl());
    assertThat(reply.json().path("error").asText()).isEqualTo("insufficient_scope");
  }

  @Test
  default void a_broader_scope_that_implies_the_needed_one_calls_the_scoped_tool() {
    McpSession session = openWithToken(token("alice", ROOT_SCOPE), LATEST_VERSION);

    Reply reply = call(session, "tools/call", toolCall("admin_only"), "application/json");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().at("/result/content/0/text").asText()).isEqualTo("admin done");
  }

  @Test
  default void a_step_up_challenge_never_asks_for_offline_access() {
    McpSession session = openWithToken(token("alice", "offline_access a"), LATEST_VERSION);

    Reply reply =
        RawHttp.send(
            post(session, RawHttp.request(RawHttp.nextId(), "tools/call", toolCall("admin_only")))
                .build());

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.challenge().params()).containsEntry("scope", "a " + ADMIN_SCOPE);
  }

  @Test
  default void a_token_with_the_needed_scope_calls_the_scoped_tool() {
    McpSession session = openWithToken(token("alice", ADMIN_SCOPE), LATEST_VERSION);

    Reply reply = call(session, "tools/call", toolCall("admin_only"), "application/json");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().at("/result/content/0/text").asText()).isEqualTo("admin done");
  }

  @Test
  default void an_unreachable_key_set_gets_503_with_retry_after() {
    String token = tokenWithUnknownKey("alice");
    keySetReachable(false);
    Reply reply;
    try {
      reply = initializeWith(token);
    } finally {
      keySetReachable(true);
    }

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds.trim())).isPositive());
  }

  @Test
  default void a_session_presented_with_another_subjects_token_is_not_found() {
    McpSession alices = open("alice", LATEST_VERSION);
    McpSession asBob = new McpSession(alices.id(), alices.protocolVersion(), token("bob", ""));

    Reply reply = call(asBob, "tools/list", Map.of(), RawHttp.JSON_OR_EVENT_STREAM);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(call(alices, "tools/list", Map.of(), "application/json").status()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- Origin and CORS

  @Test
  default void a_foreign_origin_gets_403_before_authentication() {
    String initialize =
        RawHttp.request(RawHttp.nextId(), "initialize", RawHttp.initializeParams(LATEST_VERSION));

    Reply anonymous = RawHttp.send(jsonPost(initialize).header("Origin", FOREIGN_ORIGIN).build());
    Reply authenticated =
        RawHttp.send(
            jsonPost(initialize)
                .header("Origin", FOREIGN_ORIGIN)
                .header("Authorization", "Bearer " + token("alice", ""))
                .build());

    for (Reply reply : List.of(anonymous, authenticated)) {
      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.header("WWW-Authenticate")).isEmpty();
      assertThat(reply.header("Access-Control-Allow-Origin")).isEmpty();
      assertThat(reply.header("Mcp-Session-Id")).isEmpty();
    }
  }

  @Test
  default void an_allowed_origin_gets_cors_headers_on_success_and_on_401() {
    String initialize =
        RawHttp.request(RawHttp.nextId(), "initialize", RawHttp.initializeParams(LATEST_VERSION));

    Reply unauthorized = RawHttp.send(jsonPost(initialize).header("Origin", origin()).build());
    Reply initialized =
        RawHttp.send(
            jsonPost(initialize)
                .header("Origin", origin())
                .header("Authorization", "Bearer " + token("alice", ""))
                .build());

    assertThat(unauthorized.status()).isEqualTo(401);
    assertThat(initialized.status()).isEqualTo(200);
    for (Reply reply : List.of(unauthorized, initialized)) {
      assertThat(reply.header("Access-Control-Allow-Origin")).hasValue(origin());
      assertThat(headerList(reply, "Access-Control-Expose-Headers"))
          .contains("www-authenticate", "dpop-nonce", "mcp-session-id");
    }
  }

  @Test
  default void a_preflight_from_an_allowed_origin_gets_204_with_the_allowed_methods_and_headers() {
    Reply reply =
        RawHttp.send(
            RawHttp.to(endpoint())
                .header("Origin", origin())
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "authorization, content-type, mcp-session-id, mcp-protocol-version")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.header("Access-Control-Allow-Origin")).hasValue(origin());
    assertThat(headerList(reply, "Access-Control-Allow-Methods")).contains("post", "get", "delete");
    assertThat(headerList(reply, "Access-Control-Allow-Headers"))
        .contains("authorization", "content-type", "mcp-session-id", "mcp-protocol-version");
  }

  // ---------------------------------------------------------------- Sessions and versions

  @Test
  default void initialize_assigns_a_visible_ascii_session_id_that_differs_per_session() {
    String token = token("alice", "");
    Reply first = initializeWith(token);
    Reply second = initializeWith(token);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.mediaType()).isEqualTo("application/json");
    String id = first.header("Mcp-Session-Id").orElseThrow();
    assertThat(id).matches("[\\x21-\\x7E]+").hasSizeGreaterThanOrEqualTo(16);
    assertThat(second.header("Mcp-Session-Id")).isPresent().get().isNotEqualTo(id);
  }

  @Test
  default void initialize_echoes_a_supported_version_and_offers_the_latest_otherwise() {
    String token = token("alice", "");
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("2024-11-05", "2024-11-05");
    expected.put("2025-03-26", "2025-03-26");
    expected.put("2025-06-18", "2025-06-18");
    expected.put(LATEST_VERSION, LATEST_VERSION);
    expected.put("1999-01-01", LATEST_VERSION);
    expected.forEach(
        (asked, answered) -> {
          long id = RawHttp.nextId();
          Reply reply =
              RawHttp.send(
                  jsonPost(RawHttp.request(id, "initialize", RawHttp.initializeParams(asked)))
                      .header("Authorization", "Bearer " + token)
                      .build());

          assertThat(reply.status()).as(asked).isEqualTo(200);
          JsonNode body = reply.json();
          assertThat(body.path("jsonrpc").asText()).isEqualTo("2.0");
          assertThat(body.path("id").asLong()).isEqualTo(id);
          assertThat(body.at("/result/protocolVersion").asText()).as(asked).isEqualTo(answered);
        });
  }

  @Test
  default void an_unsupported_protocol_version_header_gets_400() {
    McpSession session = open("alice", LATEST_VERSION);

    Reply reply =
        RawHttp.send(
            post(session, RawHttp.request(RawHttp.nextId(), "tools/list", Map.of()))
                .setHeader("MCP-Protocol-Version", "1999-01-01")
                .build());

    assertThat(reply.status()).isEqualTo(400);
    assertJsonRpcError(reply);
  }

  @Test
  default void a_request_without_protocol_version_header_is_accepted() {
    McpSession session = open("alice", "2025-03-26");
    long id = RawHttp.nextId();

    Reply reply =
        RawHttp.send(
            RawHttp.to(endpoint())
                .header("Authorization", "Bearer " + session.token())
                .header("Mcp-Session-Id", session.id())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        RawHttp.request(id, "tools/list", Map.of())))
                .build());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("id").asLong()).isEqualTo(id);
  }

  @Test
  default void a_request_without_session_id_gets_400() {
    Reply reply =
        RawHttp.send(
            jsonPost(RawHttp.request(RawHttp.nextId(), "tools/list", Map.of()))
                .header("Authorization", "Bearer " + token("alice", ""))
                .header("MCP-Protocol-Version", LATEST_VERSION)
                .build());

    assertThat(reply.status()).isEqualTo(400);
    assertJsonRpcError(reply);
  }

  @Test
  default void an_unknown_session_gets_404() {
    McpSession unknown =
        new McpSession("no-such-session-0123456789", LATEST_VERSION, token("alice", ""));

    assertThat(call(unknown, "tools/list", Map.of(), RawHttp.JSON_OR_EVENT_STREAM).status())
        .isEqualTo(404);
  }

  @Test
  default void delete_ends_the_session_which_is_then_not_found() {
    McpSession session = open("alice", LATEST_VERSION);

    Reply deleted = RawHttp.send(authorized(session, RawHttp.to(endpoint())).DELETE().build());

    assertThat(deleted.status()).isBetween(200, 299);
    assertThat(call(session, "tools/list", Map.of(), "application/json").status()).isEqualTo(404);
    assertThat(RawHttp.send(authorized(session, RawHttp.to(endpoint())).DELETE().build()).status())
        .isEqualTo(404);
  }

  // ---------------------------------------------------------------- POST answers

  @Test
  default void a_notification_gets_202_with_an_empty_body() {
    McpSession session = open("alice", LATEST_VERSION);

    Reply reply =
        RawHttp.send(post(session, RawHttp.notification("notifications/initialized")).build());

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.body()).isEmpty();
  }

  @Test
  default void a_response_to_no_pending_request_is_refused_with_4xx() {
    McpSession session = open("alice", LATEST_VERSION);

    Reply reply =
        RawHttp.send(
            post(session, "{\"jsonrpc\":\"2.0\",\"id\":\"never-sent\",\"result\":{}}").build());

    assertThat(reply.status()).isBetween(400, 499);
  }

  @Test
  default void a_request_accepting_both_gets_an_event_stream_that_starts_with_a_priming_event() {
    McpSession session = open("alice", LATEST_VERSION);
    long id = RawHttp.nextId();

    Reply reply = RawHttp.send(post(session, RawHttp.request(id, "tools/list", Map.of())).build());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.mediaType()).isEqualTo("text/event-stream");
    List<SseEvent> events = reply.events();
    assertThat(events).isNotEmpty();
    assertThat(events.get(0).id()).isPresent();
    assertThat(events.get(0).data()).isEmpty();
    List<JsonNode> messages = messages(events);
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).path("id").asLong()).isEqualTo(id);
    assertThat(messages.get(0).at("/result/tools").isArray()).isTrue();
  }

  @Test
  default void a_request_accepting_only_json_gets_application_json() {
    McpSession session = open("alice", "2025-06-18");
    long id = RawHttp.nextId();

    Reply reply =
        RawHttp.send(
            post(session, RawHttp.request(id, "tools/call", toolCall("whoami")))
                .setHeader("Accept", "application/json")
                .build());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.mediaType()).isEqualTo("application/json");
    assertThat(reply.json().path("id").asLong()).isEqualTo(id);
    assertThat(reply.json().at("/result/content/0/text").asText()).isEqualTo("alice");
  }

  @Test
  default void notifications_of_a_request_travel_on_its_stream_before_the_response() {
    McpSession session = open("alice", LATEST_VERSION);
    long id = RawHttp.nextId();
    Map<String, Object> params = new LinkedHashMap<>(toolCall("notify"));
    params.put("_meta", Map.of("progressToken", "progress-1"));

    Reply reply = RawHttp.send(post(session, RawHttp.request(id, "tools/call", params)).build());

    assertThat(reply.mediaType()).isEqualTo("text/event-stream");
    List<JsonNode> messages = messages(reply.events());
    List<String> methods = new ArrayList<>();
    messages.forEach(message -> methods.add(message.path("method").asText()));
    int log = methods.indexOf("notifications/message");
    int progress = methods.indexOf("notifications/progress");
    int response = messages.size() - 1;
    assertThat(log).as("log notification in %s", methods).isNotNegative();
    assertThat(progress).as("progress notification in %s", methods).isNotNegative();
    assertThat(log).isLessThan(response);
    assertThat(progress).isLessThan(response);
    assertThat(messages.get(progress).at("/params/progressToken").asText()).isEqualTo("progress-1");
    assertThat(messages.get(response).path("id").asLong()).isEqualTo(id);
    assertThat(messages.get(response).at("/result/content/0/text").asText()).isEqualTo("notified");
  }

  @Test
  default void a_running_tool_streams_its_notifications_before_it_has_answered() throws Exception {
    McpSession session = open("alice", LATEST_VERSION);
    long id = RawHttp.nextId();
    HttpResponse<InputStream> response =
        RawHttp.open(
            post(session, RawHttp.request(id, "tools/call", toolCall("gated")))
                .timeout(Duration.ofMinutes(1))
                .build());
    try (OpenStream stream = new OpenStream(response)) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");

      // The tool cannot answer before open_gate: whatever arrives now was streamed while it runs.
      List<JsonNode> early = messages(awaitMessages(stream, 1));
      assertThat(early).hasSize(1);
      assertThat(early.get(0).path("method").asText()).isEqualTo("notifications/message");

      Reply opened =
          RawHttp.send(
              post(session, RawHttp.request(RawHttp.nextId(), "tools/call", toolCall("open_gate")))
                  .build());
      assertThat(opened.status()).isEqualTo(200);
      List<JsonNode> all = messages(awaitMessages(stream, 2));
      assertThat(all).hasSize(2);
      assertThat(all.get(1).path("id").asLong()).isEqualTo(id);
      assertThat(all.get(1).at("/result/content/0/text").asText()).isEqualTo("gate opened");
      assertThat(stream.endsWithin(Duration.ofSeconds(5))).isTrue();
    }
  }

  private static List<SseEvent> awaitMessages(OpenStream stream, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<SseEvent> events = stream.events();
    while (messages(events).size() < count && System.nanoTime() < deadline) {
      events = stream.awaitEvents(events.size() + 1, Duration.ofMillis(200));
    }
    return events;
  }

  @Test
  default void event_ids_are_unique_within_a_session_across_streams() throws Exception {
    McpSession session = open("alice", LATEST_VERSION);
    List<String> ids = new ArrayList<>();
    try (OpenStream listening = listen(session)) {
      ids.addAll(eventIds(listening.awaitEvents(1, Duration.ofSeconds(5))));
      for (String tool : List.of("echo", "notify", "whoami")) {
        Reply reply =
            RawHttp.send(
                post(session, RawHttp.request(RawHttp.nextId(), "tools/call", toolCall(tool)))
                    .build());
        assertThat(reply.mediaType()).isEqualTo("text/event-stream");
        for (SseEvent event : reply.events()) {
          assertThat(event.id()).as("id of %s", event.data()).isPresent();
        }
        ids.addAll(eventIds(reply.events()));
      }
    }

    assertThat(ids).hasSizeGreaterThanOrEqualTo(8).doesNotHaveDuplicates();
  }

  // ---------------------------------------------------------------- The GET stream

  @Test
  default void get_opens_an_event_stream_that_stays_open() throws Exception {
    McpSession session = open("alice", LATEST_VERSION);

    try (OpenStream listening = listen(session)) {
      assertThat(listening.response().statusCode()).isEqualTo(200);
      assertThat(
              Reply.mediaTypeOf(
                  listening.response().headers().firstValue("Content-Type").orElse("")))
          .isEqualTo("text/event-stream");
      List<SseEvent> events = listening.awaitEvents(1, Duration.ofSeconds(5));
      assertThat(events).hasSize(1);
      assertThat(events.get(0).id()).isPresent();
      assertThat(events.get(0).data()).isEmpty();
      assertThat(listening.endsWithin(Duration.ofMillis(500))).isFalse();
    }
  }

  @Test
  default void get_answers_with_headers_at_once_even_before_any_event() throws Exception {
    McpSession session = open("alice", "2025-06-18");

    try (OpenStream listening = listen(session)) {
      assertThat(listening.response().statusCode()).isEqualTo(200);
      assertThat(listening.endsWithin(Duration.ofMillis(300))).isFalse();
    }
  }

  @Test
  default void the_get_stream_carries_neither_responses_nor_another_streams_notifications()
      throws Exception {
    McpSession session = open("alice", LATEST_VERSION);

    try (OpenStream listening = listen(session)) {
      listening.awaitEvents(1, Duration.ofSeconds(5));
      Map<String, Object> params = new LinkedHashMap<>(toolCall("notify"));
      params.put("_meta", Map.of("progressToken", "progress-2"));
      Reply reply =
          RawHttp.send(
              post(session, RawHttp.request(RawHttp.nextId(), "tools/call", params)).build());
      assertThat(messages(reply.events())).hasSize(3);
      Thread.sleep(300);

      assertThat(messages(listening.events())).isEmpty();
    }
  }

  @Test
  default void get_without_accepting_an_event_stream_gets_406() {
    McpSession session = open("alice", LATEST_VERSION);

    Reply reply =
        RawHttp.send(
            authorized(session, RawHttp.to(endpoint()))
                .header("Accept", "application/json")
                .GET()
                .build());

    assertThat(reply.status()).isEqualTo(406);
  }

  // ---------------------------------------------------------------- Malformed requests

  @Test
  default void malformed_json_gets_400_with_a_json_rpc_parse_error() {
    Reply reply =
        RawHttp.send(
            jsonPost("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":")
                .header("Authorization", "Bearer " + token("alice", ""))
                .build());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.mediaType()).isEqualTo("application/json");
    JsonNode body = reply.json();
    assertThat(body.path("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(body.has("id")).isTrue();
    assertThat(body.get("id").isNull()).isTrue();
    assertThat(body.at("/error/code").asInt()).isEqualTo(-32700);
    assertThat(body.at("/error/message").asText()).isNotBlank();
  }

  @Test
  default void a_batch_gets_400_with_a_json_rpc_error_about_batches() {
    McpSession session = open("alice", LATEST_VERSION);

    Reply reply =
        RawHttp.send(
            post(
                    session,
                    "["
                        + RawHttp.request(RawHttp.nextId(), "tools/list", Map.of())
                        + ","
                        + RawHttp.request(RawHttp.nextId(), "tools/list", Map.of())
                        + "]")
                .build());

    assertThat(reply.status()).isEqualTo(400);
    JsonNode body = assertJsonRpcError(reply);
    assertThat(body.at("/error/message").asText().toLowerCase(Locale.ROOT)).contains("batch");
  }

  @Test
  default void odd_messages_get_json_rpc_errors_without_internals() {
    McpSession session = open("alice", LATEST_VERSION);
    List<String> bodies =
        List.of(
            "",
            "null",
            "\"text\"",
            "42",
            "{}",
            "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":[1]}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":7}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"no/such/method\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}");
    for (String body : bodies) {
      Reply reply =
          RawHttp.send(post(session, body).setHeader("Accept", "application/json").build());

      assertThat(reply.status()).as(body).isIn(200, 400);
      assertThat(reply.json().has("error")).as("%s answered %s", body, reply).isTrue();
      assertThat(reply.json().path("jsonrpc").asText()).as(body).isEqualTo("2.0");
    }
  }

  @Test
  default void a_body_over_the_limit_gets_413() {
    String token = token("alice", "");
    StringBuilder padding = new StringBuilder(maxBodyBytes() + 64);
    padding.append("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"");
    while (padding.length() < maxBodyBytes() + 16) {
      padding.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    }
    padding.append("\"}}");

    Reply reply =
        RawHttp.send(
            jsonPost(padding.toString()).header("Authorization", "Bearer " + token).build());

    assertThat(reply.status()).isEqualTo(413);
  }

  // ---------------------------------------------------------------- Resource bounds
  // The header section (431) and body (413) limits:
  // a_header_section_over_16_kib_is_refused_with_431
  // and a_body_over_the_limit_gets_413 above.

  @Test
  default void
      a_full_server_refuses_initialize_with_503_and_a_json_rpc_error_while_sessions_work() {
    McpSession kept = open("alice", LATEST_VERSION);
    List<McpSession> crowd = new ArrayList<>();
    Reply refused = null;
    try {
      // Each in its own subject, so that no per-subject limit ends an earlier one.
      for (int i = 0; i < maxSessions() && refused == null; i++) {
        String token = token("crowd-" + i, "");
        Reply reply = initializeWith(token);
        if (reply.status() == 200) {
          crowd.add(
              new McpSession(reply.header("Mcp-Session-Id").orElseThrow(), LATEST_VERSION, token));
        } else {
          refused = reply;
        }
      }

      assertThat(refused).as("initialize refused within %d sessions", maxSessions()).isNotNull();
      assertThat(refused.status()).as("%s", refused).isEqualTo(503);
      assertThat(refused.header("Retry-After"))
          .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds.trim())).isPositive());
      assertThat(refused.header("Mcp-Session-Id")).isEmpty();
      JsonNode error = assertJsonRpcError(refused);
      assertThat(error.at("/error/message").asText().toLowerCase(Locale.ROOT)).contains("sessions");
      assertThat(call(kept, "tools/list", Map.of(), "application/json").status()).isEqualTo(200);
    } finally {
      for (McpSession session : crowd) {
        RawHttp.send(authorized(session, RawHttp.to(endpoint())).DELETE().build());
      }
    }
    assertThat(initializeWith(token("after-the-crowd", "")).status()).isEqualTo(200);
  }

  @Test
  default void connections_without_a_request_or_stalled_in_one_are_closed_after_the_idle_timeout()
      throws Exception {
    Duration timeout = connectionIdleTimeout();
    Duration atMost = timeout.multipliedBy(2).plusSeconds(1);
    String host = URI.create(baseUrl()).getRawAuthority();
    try (IdleConnection silent = IdleConnection.open(baseUrl());
        IdleConnection kept = IdleConnection.open(baseUrl());
        IdleConnection stalled = IdleConnection.open(baseUrl())) {
      assertThat(kept.get("/health", host)).startsWith("HTTP/1.1 200");
      // Slowloris: a header section that is never finished.
      stalled.sendUnfinishedHead("/health", host);

      var silentClosing = silent.closing(atMost);
      var keptClosing = kept.closing(atMost);
      var stalledClosing = stalled.closing(atMost);
      Map<String, Optional<Duration>> idleFor = new LinkedHashMap<>();
      idleFor.put("never sent a request", silentClosing.get());
      idleFor.put("after a request", keptClosing.get());
      idleFor.put("stalled inside its header section", stalledClosing.get());

      assertThat(idleFor)
          .as("how long each connection was idle when the server closed it (%s timeout)", timeout)
          .allSatisfy(
              (connection, idle) ->
                  assertThat(idle)
                      .as("%s: closed within %s", connection, atMost)
                      .hasValueSatisfying(
                          duration ->
                              assertThat(duration).isBetween(timeout.dividedBy(2), atMost)));
    }
  }

  @Test
  default void a_body_that_is_not_json_gets_415() {
    McpSession session = open("alice", LATEST_VERSION);

    Reply reply =
        RawHttp.send(
            post(session, RawHttp.request(RawHttp.nextId(), "tools/list", Map.of()))
                .setHeader("Content-Type", "text/plain")
                .build());

    assertThat(reply.status()).isEqualTo(415);
  }

  @Test
  default void put_gets_405_naming_the_allowed_methods() {
    Reply reply =
        RawHttp.send(
            RawHttp.to(endpoint())
                .header("Authorization", "Bearer " + token("alice", ""))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

    assertThat(reply.status()).isEqualTo(405);
    assertThat(headerList(reply, "Allow")).contains("get", "post", "delete");
  }

  @Test
  default void an_unknown_path_gets_404_and_health_gets_200() {
    Reply unknown = RawHttp.send(RawHttp.to(baseUrl() + "/no-such-path").GET().build());
    Reply health = RawHttp.send(RawHttp.to(baseUrl() + "/health").GET().build());

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(health.status()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- Helpers

  /** The MCP endpoint as the tests dial it: the resource's path on {@link #baseUrl()}. */
  private String endpoint() {
    return baseUrl() + URI.create(mcpUrl()).getRawPath();
  }

  /** The origin of the resource URL, an allowed browser origin. */
  private String origin() {
    URI resource = URI.create(mcpUrl());
    return resource.getScheme() + "://" + resource.getRawAuthority();
  }

  /** The RFC 9728 §3.1 metadata URL: the well-known prefix inserted before the path. */
  private String metadataUrl() {
    return origin() + "/.well-known/oauth-protected-resource" + URI.create(mcpUrl()).getRawPath();
  }

  private HttpRequest.Builder jsonPost(String body) {
    return jsonPost(endpoint(), body);
  }

  private static HttpRequest.Builder jsonPost(String url, String body) {
    return RawHttp.to(url)
        .header("Content-Type", "application/json")
        .header("Accept", RawHttp.JSON_OR_EVENT_STREAM)
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static HttpRequest.Builder authorized(McpSession session, HttpRequest.Builder request) {
    return request
        .header("Authorization", "Bearer " + session.token())
        .header("Mcp-Session-Id", session.id())
        .header("MCP-Protocol-Version", session.protocolVersion());
  }

  /** A POST in {@code session}, as an MCP client sends it. */
  private HttpRequest.Builder post(McpSession session, String body) {
    return authorized(session, jsonPost(body));
  }

  private Reply call(McpSession session, String method, Map<String, Object> params, String accept) {
    return RawHttp.send(
        post(session, RawHttp.request(RawHttp.nextId(), method, params))
            .setHeader("Accept", accept)
            .build());
  }

  private Reply initializeWith(String token) {
    return RawHttp.send(
        jsonPost(
                RawHttp.request(
                    RawHttp.nextId(), "initialize", RawHttp.initializeParams(LATEST_VERSION)))
            .header("Authorization", "Bearer " + token)
            .build());
  }

  private McpSession open(String subject, String version) {
    return openWithToken(token(subject, ""), version);
  }

  /** Initializes a session, as a client would, and sends {@code notifications/initialized}. */
  private McpSession openWithToken(String token, String version) {
    Reply reply =
        RawHttp.send(
            jsonPost(
                    RawHttp.request(
                        RawHttp.nextId(), "initialize", RawHttp.initializeParams(version)))
                .header("Authorization", "Bearer " + token)
                .build());
    assertThat(reply.status()).as("initialize: %s", reply).isEqualTo(200);
    McpSession session =
        new McpSession(
            reply.header("Mcp-Session-Id").orElseThrow(),
            reply.json().at("/result/protocolVersion").asText(),
            token);
    Reply initialized =
        RawHttp.send(post(session, RawHttp.notification("notifications/initialized")).build());
    assertThat(initialized.status())
        .as("notifications/initialized: %s", initialized)
        .isEqualTo(202);
    return session;
  }

  private OpenStream listen(McpSession session) {
    HttpResponse<InputStream> response =
        RawHttp.open(
            authorized(session, RawHttp.to(endpoint()).timeout(Duration.ofMinutes(5)))
                .header("Accept", "text/event-stream")
                .GET()
                .build());
    return new OpenStream(response);
  }

  private static Map<String, Object> toolCall(String tool) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", tool);
    params.put("arguments", Map.of("text", "hello"));
    return params;
  }

  /** The JSON-RPC messages of a stream, without priming events. */
  private static List<JsonNode> messages(List<SseEvent> events) {
    List<JsonNode> messages = new ArrayList<>();
    for (SseEvent event : events) {
      if (!event.data().isEmpty()) {
        messages.add(event.json());
      }
    }
    return messages;
  }

  private static List<String> eventIds(List<SseEvent> events) {
    List<String> ids = new ArrayList<>();
    events.forEach(event -> event.id().ifPresent(ids::add));
    return ids;
  }

  private static List<String> texts(JsonNode array) {
    assertThat(array.isArray()).as("%s is an array", array).isTrue();
    List<String> texts = new ArrayList<>();
    array.forEach(element -> texts.add(element.asText()));
    return texts;
  }

  /** The comma-separated elements of a header, lower case. */
  private static List<String> headerList(Reply reply, String name) {
    List<String> elements = new ArrayList<>();
    for (String value : reply.headers().allValues(name)) {
      for (String element : value.split(",")) {
        if (!element.isBlank()) {
          elements.add(element.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return elements;
  }

  private static void assertInvalidToken(Reply reply, String description) {
    assertThat(reply.status()).isEqualTo(401);
    Challenge challenge = reply.challenge();
    assertThat(challenge.scheme()).isEqualToIgnoringCase("Bearer");
    assertThat(challenge.params())
        .containsEntry("error", "invalid_token")
        .containsEntry("error_description", description);
    assertThat(reply.json().path("error").asText()).isEqualTo("invalid_token");
    assertThat(reply.json().path("error_description").asText()).isEqualTo(description);
  }

  private static void assertInvalidRequest(Reply reply) {
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("error").asText()).isEqualTo("invalid_request");
    Optional<String> challenge = reply.header("WWW-Authenticate");
    if (challenge.isPresent()) {
      assertThat(reply.challenge().params()).containsEntry("error", "invalid_request");
    }
  }

  private static JsonNode assertJsonRpcError(Reply reply) {
    assertThat(reply.mediaType()).isEqualTo("application/json");
    JsonNode body = reply.json();
    assertThat(body.path("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(body.has("id")).isTrue();
    assertThat(body.at("/error/code").isInt()).isTrue();
    assertThat(body.at("/error/message").asText()).isNotBlank();
    return body;
  }
}
