package io.github.mcpoauthkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP behaviour of MCP 2026-07-28 on the same endpoint as the legacy era, for every web
 * adapter: stateless requests that carry their version in {@code _meta} and headers, the header
 * rules of basic/transports (400 {@code HeaderMismatch} -32020 for a header that lies about the
 * body, Base64 sentinels decoded), the error statuses (-32022 unsupported version, 404 for an
 * unknown method), no sessions (405 for GET and DELETE, a stale {@code Mcp-Session-Id} ignored and
 * never echoed), the authorization rules of that revision (one complete 403 challenge decided from
 * the validated {@code Mcp-Name}, scope hierarchies, no {@code offline_access}), sealed {@code
 * requestState} bound to the caller, the tool and an expiry, per-request event streams whose
 * closing cancels the work, and {@code subscriptions/listen} limited per subject.
 *
 * <p>The server's 2026-07-28 era offers the tools {@code echo}, {@code whoami}, {@code admin_only}
 * (scope {@value McpHttpContract#ADMIN_SCOPE}, implied by {@value McpHttpContract#ROOT_SCOPE}),
 * {@code confirm} (asks for input {@code ok}, then answers {@code confirmed: <state> <action>}),
 * {@code notify} (reports progress, then answers), {@code stall} (reports progress until
 * cancelled), {@code header_echo} (parameter {@code region} mirrored in {@code Mcp-Param-Region})
 * and {@code touch} (announces a changed tool list).
 *
 * @see <a
 *     href="https://modelcontextprotocol.io/specification/2026-07-28/basic/transports">Transports</a>
 * @see <a
 *     href="https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization">Authorization</a>
 */
public interface McpModernHttpContract extends McpModernHttpFixture {

  /** The stateless revision. */
  String MODERN = "2026-07-28";

  // ---------------------------------------------------------------- Stateless requests

  @Test
  default void a_modern_tools_list_is_served_without_a_session_and_marked_private() {
    Reply reply = send(modern(token("alice", ""), "tools/list", Map.of()));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Mcp-Session-Id")).isEmpty();
    JsonNode result = reply.json().path("result");
    assertThat(result.path("resultType").asText()).isEqualTo("complete");
    assertThat(result.path("cacheScope").asText()).isEqualTo("private");
    assertThat(result.path("ttlMs").isIntegralNumber()).isTrue();
    assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").asText()).isNotBlank();
    List<String> names = new ArrayList<>();
    result.path("tools").forEach(tool -> names.add(tool.path("name").asText()));
    assertThat(names).contains("echo", "whoami", "admin_only", "confirm");
    assertThat(send(modern(token("alice", ""), "tools/list", Map.of())).json().at("/result/tools"))
        .as("the same order every time")
        .isEqualTo(result.path("tools"));
  }

  @Test
  default void a_modern_request_with_a_stale_session_id_is_served_and_no_id_is_echoed() {
    Reply reply =
        send(
            modern(token("alice", ""), "tools/call", call("echo", "hi"))
                .header("Mcp-Session-Id", "stale-session-from-yesterday"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().at("/result/content/0/text").asText()).isEqualTo("hi");
    assertThat(reply.header("Mcp-Session-Id")).isEmpty();
  }

  @Test
  default void every_modern_request_authenticates_and_the_caller_reaches_the_handler() {
    Reply anonymous = send(modern(null, "tools/list", Map.of()));
    Reply alice = send(modern(token("alice", ""), "tools/call", call("whoami", "")));

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.challenge().params()).containsKey("resource_metadata");
    assertThat(alice.json().at("/result/content/0/text").asText()).isEqualTo("alice");
  }

  @Test
  default void server_discover_names_every_supported_revision_of_this_era() {
    Reply reply = send(modern(token("alice", ""), "server/discover", Map.of()));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(texts(reply.json().at("/result/supportedVersions"))).contains(MODERN);
    assertThat(reply.json().at("/result/capabilities/tools").isObject()).isTrue();
  }

  @Test
  default void a_modern_notification_gets_202() {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("jsonrpc", "2.0");
    message.put("method", "notifications/cancelled");
    message.put("params", Map.of("requestId", 1, "_meta", meta()));
    Reply reply =
        send(
            base(token("alice", ""), RawHttp.write(message))
                .header("MCP-Protocol-Version", MODERN)
                .header("Mcp-Method", "notifications/cancelled"));

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.body()).isEmpty();
  }

  // ---------------------------------------------------------------- Header rules

  @Test
  default void an_mcp_method_header_that_differs_from_the_body_gets_400_header_mismatch() {
    Reply reply =
        send(
            modern(token("alice", ""), "tools/list", Map.of())
                .setHeader("Mcp-Method", "prompts/list"));

    assertHeaderMismatch(reply);
  }

  @Test
  default void a_missing_mcp_method_header_gets_400_header_mismatch() {
    HttpRequest.Builder request =
        base(token("alice", ""), body(RawHttp.nextId(), "tools/list", Map.of("_meta", meta())))
            .header("MCP-Protocol-Version", MODERN);

    assertHeaderMismatch(send(request));
  }

  @Test
  default void a_missing_or_different_protocol_version_header_gets_400_header_mismatch() {
    HttpRequest.Builder missing =
        base(token("alice", ""), body(RawHttp.nextId(), "tools/list", Map.of("_meta", meta())))
            .header("Mcp-Method", "tools/list");
    HttpRequest.Builder different =
        base(token("alice", ""), body(RawHttp.nextId(), "tools/list", Map.of("_meta", meta())))
            .header("Mcp-Method", "tools/list")
            .header("MCP-Protocol-Version", "2025-11-25");

    assertHeaderMismatch(send(missing));
    assertHeaderMismatch(send(different));
  }

  @Test
  default void an_mcp_name_that_differs_from_the_tool_or_is_missing_gets_400_header_mismatch() {
    Reply lying =
        send(
            modern(token("alice", ""), "tools/call", call("echo", "hi"))
                .setHeader("Mcp-Name", "whoami"));
    HttpRequest.Builder missing =
        base(token("alice", ""), body(RawHttp.nextId(), "tools/call", call("echo", "hi")))
            .header("MCP-Protocol-Version", MODERN)
            .header("Mcp-Method", "tools/call");

    assertHeaderMismatch(lying);
    assertHeaderMismatch(send(missing));
  }

  @Test
  default void a_base64_mcp_name_is_decoded_and_a_malformed_one_refused() {
    String encoded =
        "=?base64?"
            + Base64.getEncoder().encodeToString("echo".getBytes(StandardCharsets.UTF_8))
            + "?=";
    Reply decoded =
        send(
            modern(token("alice", ""), "tools/call", call("echo", "hi"))
                .setHeader("Mcp-Name", encoded));
    Reply unpadded =
        send(
            modern(token("alice", ""), "tools/call", call("echo", "hi"))
                .setHeader("Mcp-Name", "=?base64?ZWNobw?="));

    assertThat(decoded.status()).isEqualTo(200);
    assertThat(decoded.json().at("/result/content/0/text").asText()).isEqualTo("hi");
    assertHeaderMismatch(unpadded);
  }

  @Test
  default void a_parameter_header_must_mirror_its_argument() {
    Map<String, Object> params = Map.of("name", "header_echo", "arguments", Map.of("region", "eu"));
    Reply mirrored =
        send(modern(token("alice", ""), "tools/call", params).header("Mcp-Param-Region", "eu"));
    Reply lying =
        send(modern(token("alice", ""), "tools/call", params).header("Mcp-Param-Region", "us"));
    Reply missing = send(modern(token("alice", ""), "tools/call", params));

    assertThat(mirrored.status()).isEqualTo(200);
    assertThat(mirrored.json().at("/result/content/0/text").asText()).isEqualTo("region eu");
    assertHeaderMismatch(lying);
    assertHeaderMismatch(missing);
  }

  @Test
  default void an_unsupported_version_gets_400_naming_the_supported_ones() {
    long id = RawHttp.nextId();
    Map<String, Object> meta = new LinkedHashMap<>(meta());
    meta.put("io.modelcontextprotocol/protocolVersion", "2099-01-01");
    Reply reply =
        send(
            base(token("alice", ""), body(id, "server/discover", Map.of("_meta", meta)))
                .header("MCP-Protocol-Version", "2099-01-01")
                .header("Mcp-Method", "server/discover"));

    assertThat(reply.status()).isEqualTo(400);
    JsonNode error = reply.json().path("error");
    assertThat(reply.json().path("id").asLong()).isEqualTo(id);
    assertThat(error.path("code").asInt()).isEqualTo(-32022);
    assertThat(texts(error.at("/data/supported"))).contains(MODERN);
    assertThat(error.at("/data/requested").asText()).isEqualTo("2099-01-01");
  }

  @Test
  default void an_unknown_method_or_a_legacy_only_one_gets_404_method_not_found() {
    for (String method : List.of("no/such/method", "initialize", "ping", "logging/setLevel")) {
      Reply reply = send(modern(token("alice", ""), method, Map.of()));

      assertThat(reply.status()).as(method).isEqualTo(404);
      assertThat(reply.json().at("/error/code").asInt()).as(method).isEqualTo(-32601);
    }
  }

  @Test
  default void missing_client_capabilities_in_meta_get_400_invalid_params() {
    Map<String, Object> meta = new LinkedHashMap<>(meta());
    meta.remove("io.modelcontextprotocol/clientCapabilities");
    Reply reply =
        send(
            base(token("alice", ""), body(RawHttp.nextId(), "tools/list", Map.of("_meta", meta)))
                .header("MCP-Protocol-Version", MODERN)
                .header("Mcp-Method", "tools/list"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().at("/error/code").asInt()).isEqualTo(-32602);
  }

  @Test
  default void get_and_delete_without_a_legacy_session_get_405() {
    for (String method : List.of("GET", "DELETE")) {
      Reply plain =
          send(
              RawHttp.to(endpoint())
                  .header("Authorization", "Bearer " + token("alice", ""))
                  .header("Accept", "text/event-stream")
                  .method(method, HttpRequest.BodyPublishers.noBody()));
      Reply modern =
          send(
              RawHttp.to(endpoint())
                  .header("Authorization", "Bearer " + token("alice", ""))
                  .header("Accept", "text/event-stream")
                  .header("MCP-Protocol-Version", MODERN)
                  .method(method, HttpRequest.BodyPublishers.noBody()));

      assertThat(plain.status()).as(method).isEqualTo(405);
      assertThat(plain.header("Allow")).as(method).hasValueSatisfying(a -> a.contains("POST"));
      assertThat(modern.status()).as(method + " with " + MODERN).isEqualTo(405);
    }
  }

  @Test
  default void a_preflight_allows_the_modern_headers_and_the_parameter_headers_it_asks_for() {
    Reply reply =
        send(
            RawHttp.to(endpoint())
                .header("Origin", origin())
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "mcp-method, mcp-name, mcp-param-region")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

    assertThat(reply.status()).isEqualTo(204);
    String allowed = reply.header("Access-Control-Allow-Headers").orElse("").toLowerCase();
    assertThat(allowed).contains("mcp-method", "mcp-name", "mcp-param-region");
  }

  // ---------------------------------------------------------------- Authorization

  @Test
  default void a_tool_the_token_lacks_scope_for_gets_one_complete_403_from_the_mcp_name() {
    Reply reply = send(modern(token("alice", "a"), "tools/call", call("admin_only", "")));

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.challenge().params())
        .containsEntry("error", "insufficient_scope")
        .containsEntry("scope", "a " + McpHttpContract.ADMIN_SCOPE);
  }

  @Test
  default void a_header_naming_a_scoped_tool_for_another_body_is_refused_as_a_mismatch() {
    Reply reply =
        send(
            modern(token("alice", ""), "tools/call", call("echo", "hi"))
                .setHeader("Mcp-Name", "admin_only"));

    assertHeaderMismatch(reply);
  }

  @Test
  default void a_broader_scope_calls_the_scoped_tool_and_offline_access_is_never_asked_for() {
    Reply root =
        send(
            modern(
                token("alice", McpHttpContract.ROOT_SCOPE), "tools/call", call("admin_only", "")));
    Reply offline =
        send(modern(token("alice", "offline_access a"), "tools/call", call("admin_only", "")));

    assertThat(root.status()).isEqualTo(200);
    assertThat(root.json().at("/result/content/0/text").asText()).isEqualTo("admin done");
    assertThat(offline.status()).isEqualTo(403);
    assertThat(offline.challenge().params())
        .containsEntry("scope", "a " + McpHttpContract.ADMIN_SCOPE);
  }

  // ---------------------------------------------------------------- Multi round-trip requests

  @Test
  default void a_sealed_request_state_brings_the_callers_answer_back_to_the_tool() {
    String token = token("alice", "");
    JsonNode first = send(modern(token, "tools/call", call("confirm", "order-7"))).json();

    assertThat(first.at("/result/resultType").asText()).isEqualTo("input_required");
    assertThat(first.at("/result/inputRequests/ok/method").asText())
        .isEqualTo("elicitation/create");
    String state = first.at("/result/requestState").asText();
    assertThat(state).isNotBlank().doesNotContain("order-7");

    Reply second = send(modern(token, "tools/call", retry("confirm", "order-7", state)));

    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().at("/result/content/0/text").asText())
        .isEqualTo("confirmed: asked order-7 accept");
  }

  @Test
  default void a_request_state_replayed_by_another_subject_is_refused_before_the_tool() {
    String state = sealedState("alice");

    assertStateRefused(send(modern(token("bob", ""), "tools/call", retry("confirm", "x", state))));
  }

  @Test
  default void an_altered_request_state_is_refused_before_the_tool() {
    String state = sealedState("alice");
    int dot = state.lastIndexOf('.');
    String altered =
        state.substring(0, 2)
            + (state.charAt(2) == 'A' ? 'B' : 'A')
            + state.substring(3, dot)
            + state.substring(dot);

    assertStateRefused(
        send(modern(token("alice", ""), "tools/call", retry("confirm", "x", altered))));
    assertStateRefused(
        send(modern(token("alice", ""), "tools/call", retry("confirm", "x", state + "x"))));
  }

  @Test
  default void an_expired_request_state_is_refused_before_the_tool() {
    String state = sealedState("alice");
    advanceRequestStateClock(Duration.ofMinutes(11));
    try {
      assertStateRefused(
          send(modern(token("alice", ""), "tools/call", retry("confirm", "x", state))));
    } finally {
      advanceRequestStateClock(Duration.ofMinutes(-11));
    }
  }

  @Test
  default void a_request_state_sent_to_another_tool_is_refused() {
    String state = sealedState("alice");
    Map<String, Object> params = new LinkedHashMap<>(retry("echo", "x", state));

    assertStateRefused(send(modern(token("alice", ""), "tools/call", params)));
  }

  // ---------------------------------------------------------------- Streams

  @Test
  default void progress_travels_on_the_requests_own_stream_and_json_only_clients_get_the_result() {
    Map<String, Object> params = new LinkedHashMap<>(call("notify", ""));
    Map<String, Object> meta = new LinkedHashMap<>(meta());
    meta.put("progressToken", "p-1");
    params.put("_meta", meta);

    Reply streamed = send(modern(token("alice", ""), "tools/call", params));
    Reply json =
        send(
            modern(token("alice", ""), "tools/call", params)
                .setHeader("Accept", "application/json"));

    assertThat(streamed.mediaType()).isEqualTo("text/event-stream");
    List<JsonNode> messages = new ArrayList<>();
    streamed.events().forEach(event -> messages.add(event.json()));
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).path("method").asText()).isEqualTo("notifications/progress");
    assertThat(messages.get(0).at("/params/progressToken").asText()).isEqualTo("p-1");
    assertThat(messages.get(1).at("/result/content/0/text").asText()).isEqualTo("notified");
    assertThat(json.mediaType()).isEqualTo("application/json");
    assertThat(json.json().at("/result/content/0/text").asText()).isEqualTo("notified");
  }

  @Test
  default void closing_a_response_stream_cancels_the_requests_work() throws Exception {
    long before = cancelledModernCalls();
    Map<String, Object> params = new LinkedHashMap<>(call("stall", ""));
    Map<String, Object> meta = new LinkedHashMap<>(meta());
    meta.put("progressToken", "stall-1");
    params.put("_meta", meta);
    HttpResponse<InputStream> response =
        RawHttp.open(
            modern(token("alice", ""), "tools/call", params)
                .timeout(Duration.ofMinutes(1))
                .build());
    try (OpenStream stream = new OpenStream(response)) {
      assertThat(awaitModernStall(Duration.ofSeconds(10))).isTrue();
      assertThat(stream.awaitEvents(1, Duration.ofSeconds(10))).isNotEmpty();
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (cancelledModernCalls() == before && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(cancelledModernCalls()).isGreaterThan(before);
  }

  @Test
  default void a_subscription_acknowledges_then_carries_the_changes_it_asked_for()
      throws Exception {
    String token = token("carol", "");
    Map<String, Object> params =
        Map.of("notifications", Map.of("toolsListChanged", true), "_meta", meta());
    HttpResponse<InputStream> response =
        RawHttp.open(
            modern(token, "subscriptions/listen", params).timeout(Duration.ofMinutes(1)).build());
    try (OpenStream stream = new OpenStream(response)) {
      assertThat(response.statusCode()).isEqualTo(200);
      List<SseEvent> ack = stream.awaitEvents(1, Duration.ofSeconds(10));
      assertThat(ack).isNotEmpty();
      assertThat(ack.get(0).json().path("method").asText())
          .isEqualTo("notifications/subscriptions/acknowledged");

      send(modern(token, "tools/call", call("touch", "")));

      List<SseEvent> events = stream.awaitEvents(2, Duration.ofSeconds(10));
      assertThat(events).hasSizeGreaterThanOrEqualTo(2);
      JsonNode change = events.get(1).json();
      assertThat(change.path("method").asText()).isEqualTo("notifications/tools/list_changed");
      assertThat(change.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asText())
          .isNotBlank();
    }
  }

  @Test
  default void one_subject_keeps_a_bounded_number_of_subscriptions_open() throws Exception {
    String token = token("dave", "");
    Map<String, Object> params =
        Map.of("notifications", Map.of("toolsListChanged", true), "_meta", meta());
    List<OpenStream> open = new ArrayList<>();
    try {
      for (int i = 0; i < maxSubscriptionsPerSubject(); i++) {
        OpenStream stream =
            new OpenStream(
                RawHttp.open(
                    modern(token, "subscriptions/listen", params)
                        .timeout(Duration.ofMinutes(1))
                        .build()));
        open.add(stream);
        assertThat(stream.awaitEvents(1, Duration.ofSeconds(10))).isNotEmpty();
      }

      // Opened, not sent: were the limit not kept, this answer would be a stream that never ends.
      HttpResponse<InputStream> refused =
          RawHttp.open(
              modern(token, "subscriptions/listen", params).timeout(Duration.ofMinutes(1)).build());
      try (OpenStream body = new OpenStream(refused)) {
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(body.endsWithin(Duration.ofSeconds(10))).isTrue();
        assertThat(body.text()).contains("limit");
      }
      Reply otherSubject =
          send(
              modern(token("erin", ""), "tools/list", Map.of())
                  .setHeader("Accept", "application/json"));

      assertThat(otherSubject.status()).isEqualTo(200);
    } finally {
      for (OpenStream stream : open) {
        stream.close();
      }
    }
  }

  // ---------------------------------------------------------------- Helpers

  private String endpoint() {
    return baseUrl() + URI.create(mcpUrl()).getRawPath();
  }

  private String origin() {
    URI resource = URI.create(mcpUrl());
    return resource.getScheme() + "://" + resource.getRawAuthority();
  }

  /** The {@code _meta} every 2026-07-28 request carries. */
  private static Map<String, Object> meta() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("io.modelcontextprotocol/protocolVersion", MODERN);
    meta.put(
        "io.modelcontextprotocol/clientCapabilities",
        Map.of("elicitation", Map.of("form", Map.of())));
    meta.put(
        "io.modelcontextprotocol/clientInfo", Map.of("name", "mcp-http-contract", "version", "1"));
    return meta;
  }

  private static String body(long id, String method, Map<String, Object> params) {
    return RawHttp.request(id, method, params);
  }

  private HttpRequest.Builder base(String token, String body) {
    HttpRequest.Builder request =
        RawHttp.to(endpoint())
            .header("Content-Type", "application/json")
            .header("Accept", RawHttp.JSON_OR_EVENT_STREAM)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  /** A 2026-07-28 request as a client sends it: {@code _meta} and every header. */
  private HttpRequest.Builder modern(String token, String method, Map<String, Object> params) {
    Map<String, Object> withMeta = new LinkedHashMap<>(params);
    withMeta.putIfAbsent("_meta", meta());
    HttpRequest.Builder request =
        base(token, body(RawHttp.nextId(), method, withMeta))
            .header("MCP-Protocol-Version", MODERN)
            .header("Mcp-Method", method);
    Object name =
        switch (method) {
          case "tools/call", "prompts/get" -> params.get("name");
          case "resources/read" -> params.get("uri");
          default -> null;
        };
    return name == null ? request : request.header("Mcp-Name", String.valueOf(name));
  }

  private static Map<String, Object> call(String tool, String text) {
    return Map.of("name", tool, "arguments", Map.of("text", text));
  }

  private static Map<String, Object> retry(String tool, String text, String state) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", tool);
    params.put("arguments", Map.of("text", text));
    params.put("inputResponses", Map.of("ok", Map.of("action", "accept", "content", Map.of())));
    params.put("requestState", state);
    return params;
  }

  private String sealedState(String subject) {
    JsonNode first = send(modern(token(subject, ""), "tools/call", call("confirm", "x"))).json();
    String state = first.at("/result/requestState").asText();
    assertThat(state).isNotBlank();
    return state;
  }

  private static Reply send(HttpRequest.Builder request) {
    return RawHttp.send(request.build());
  }

  private static void assertHeaderMismatch(Reply reply) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(400);
    assertThat(reply.json().at("/error/code").asInt()).as("%s", reply).isEqualTo(-32020);
    assertThat(reply.json().has("id")).isTrue();
  }

  private static void assertStateRefused(Reply reply) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(400);
    assertThat(reply.json().at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(reply.json().at("/error/message").asText()).contains("requestState");
    assertThat(reply.body()).doesNotContain("confirmed");
  }

  private static List<String> texts(JsonNode array) {
    assertThat(array.isArray()).as("%s is an array", array).isTrue();
    List<String> texts = new ArrayList<>();
    array.forEach(element -> texts.add(element.asText()));
    return texts;
  }
}
