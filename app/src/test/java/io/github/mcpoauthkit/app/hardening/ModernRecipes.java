package io.github.mcpoauthkit.app.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mcpoauthkit.app.features.CountingFeatures;
import io.github.mcpoauthkit.app.hardening.RawHttp.Header;
import io.github.mcpoauthkit.app.hardening.RawHttp.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generators behind the recipes of {@code adversarial-modern-requests.tsv}: each builds one MCP
 * 2026-07-28 request to {@code /mcp} at the moment it is sent, for the tools of {@code
 * CountingFeatures}. Unless a recipe says otherwise the caller is {@code alice}, with a valid token
 * and without the scope {@value CountingFeatures#SCOPE}.
 *
 * <p>The {@code requestState} recipes start from a state the server sealed for alice (got by
 * calling {@code count_then_ask}, which runs its handler once, before the count is read). Those
 * named {@code state_resealed_*} change a field of it and seal it again with the server's own key,
 * which the test configured ({@code MCP_REQUEST_STATE_KEY}): what only a holder of that key could
 * send, to show that every binding (expiry, principal, method, name, the answers' JSON) is checked
 * on its own, not only the seal.
 */
final class ModernRecipes {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final String alice;
  private final String bob;
  private final String admin;
  private final byte[] stateKey;
  private final Function<Request, RawHttp.Response> server;
  private final Map<String, Supplier<Request>> recipes = new LinkedHashMap<>();

  /**
   * @param alice a valid token of alice, without the scope of {@code count_scoped}
   * @param bob a valid token of bob
   * @param admin a valid token with the scope of {@code count_scoped}
   * @param stateKey the server's {@code MCP_REQUEST_STATE_KEY}
   * @param server sends a request to the server under test (for a real {@code requestState})
   */
  ModernRecipes(
      String alice,
      String bob,
      String admin,
      byte[] stateKey,
      Function<Request, RawHttp.Response> server) {
    this.alice = alice;
    this.bob = bob;
    this.admin = admin;
    this.stateKey = stateKey.clone();
    this.server = server;
    register();
  }

  Set<String> names() {
    return recipes.keySet();
  }

  Request build(String recipe) {
    Supplier<Request> generator = recipes.get(recipe);
    if (generator == null) {
      throw new IllegalArgumentException("no generator for recipe " + recipe);
    }
    return generator.get();
  }

  // ---------------------------------------------------------------- the recipes

  private void register() {
    // sanity: what a well-behaved client sends
    on("tools_list", () -> request("tools/list", Map.of()));
    on("server_discover", () -> request("server/discover", Map.of()));
    on("call_count", this::count);
    on("call_region", () -> region("eu", "eu"));
    on("call_base64_name", () -> replace(count(), "Mcp-Name", "=?base64?" + b64("count") + "?="));
    on("get_prompt", () -> request("prompts/get", Map.of("name", "count_prompt")));
    on("read_resource", () -> request("resources/read", Map.of("uri", CountingFeatures.RESOURCE)));
    on("scoped_call_with_scope", () -> ModernRequests.call(admin, "count_scoped", Map.of()));
    on("state_round_trip", () -> retry(alice, "count_then_ask", realState()));

    // Mcp-Method
    on("method_header_other_method", () -> replace(count(), "Mcp-Method", "tools/list"));
    on("method_header_missing", () -> remove(count(), "Mcp-Method"));
    on("method_header_twice", () -> add(count(), "Mcp-Method", "tools/call"));
    on("method_header_comma_list", () -> replace(count(), "Mcp-Method", "tools/call, tools/call"));
    on("method_header_upper_case", () -> replace(count(), "Mcp-Method", "TOOLS/CALL"));
    on(
        "method_header_base64",
        () -> replace(count(), "Mcp-Method", "=?base64?" + b64("tools/call") + "?="));
    on("method_header_non_ascii", () -> replace(count(), "Mcp-Method", RawHttp.utf8("tools/cäll")));
    on(
        "method_header_12kib",
        () -> replace(count(), "Mcp-Method", "tools/call" + "x".repeat(12 * 1024)));

    // Mcp-Name
    on("name_header_other_tool", () -> replace(count(), "Mcp-Name", "count_region"));
    on("name_header_missing", () -> remove(count(), "Mcp-Name"));
    on("name_header_twice", () -> add(count(), "Mcp-Name", "count"));
    on(
        "name_header_base64_other_tool",
        () -> replace(count(), "Mcp-Name", "=?base64?" + b64("count_scoped") + "?="));
    on("name_header_base64_junk", () -> replace(count(), "Mcp-Name", "=?base64?***?="));
    on("name_header_base64_not_utf8", () -> replace(count(), "Mcp-Name", "=?base64?/w==?="));
    on("name_header_base64_unterminated", () -> replace(count(), "Mcp-Name", "=?base64?Y291bnQ="));
    on("name_header_raw_utf8", () -> callNamed("cöunt", RawHttp.utf8("cöunt")));
    on("name_header_12kib", () -> replace(count(), "Mcp-Name", "count" + "x".repeat(12 * 1024)));
    on("name_header_20kib", () -> replace(count(), "Mcp-Name", "count" + "x".repeat(20 * 1024)));
    on(
        "name_header_other_prompt",
        () -> replace(request("prompts/get", Map.of("name", "count_prompt")), "Mcp-Name", "other"));
    on(
        "name_header_other_resource",
        () ->
            replace(
                request("resources/read", Map.of("uri", CountingFeatures.RESOURCE)),
                "Mcp-Name",
                "count://other"));
    on(
        "name_header_hides_a_scoped_tool",
        () -> replace(ModernRequests.call(alice, "count_scoped", Map.of()), "Mcp-Name", "count"));
    on(
        "name_header_names_a_scoped_tool",
        () -> replace(count(), "Mcp-Name", "count_scoped").withAuthorization(bearer(admin)));
    on("name_header_name_not_a_string", () -> withParam(count(), "name", 42));

    // MCP-Protocol-Version
    on("version_header_missing", () -> remove(count(), "MCP-Protocol-Version"));
    on("version_header_legacy", () -> replace(count(), "MCP-Protocol-Version", "2025-11-25"));
    on("version_header_twice", () -> add(count(), "MCP-Protocol-Version", "2026-07-28"));
    on(
        "version_header_non_ascii",
        () -> replace(count(), "MCP-Protocol-Version", RawHttp.utf8("2026-07-28é")));
    on(
        "version_unknown_in_both",
        () ->
            replace(
                withMeta(count(), meta -> meta.put(PROTOCOL, "2099-01-01")),
                "MCP-Protocol-Version",
                "2099-01-01"));
    on("version_header_only", () -> withMeta(count(), meta -> meta.remove(PROTOCOL)));

    // Mcp-Param-*
    on("param_header_other_value", () -> region("eu", "us"));
    on("param_header_missing", () -> remove(region("eu", "eu"), "Mcp-Param-Region"));
    on("param_header_twice", () -> add(region("eu", "eu"), "Mcp-Param-Region", "eu"));
    on("param_header_base64_other_value", () -> region("eu", "=?base64?" + b64("us") + "?="));
    on("param_header_non_ascii", () -> region("eu", RawHttp.utf8("eü")));

    // _meta
    on("meta_a_string", () -> withParam(count(), "_meta", "2026-07-28"));
    on("meta_null", () -> withParam(count(), "_meta", null));
    on("meta_an_array", () -> withParam(count(), "_meta", List.of(ModernRequests.meta())));
    on("meta_version_a_number", () -> withMeta(count(), meta -> meta.put(PROTOCOL, 20260728)));
    on("meta_version_empty", () -> withMeta(count(), meta -> meta.put(PROTOCOL, "")));
    on("meta_capabilities_missing", () -> withMeta(count(), meta -> meta.remove(CAPABILITIES)));
    on(
        "meta_capabilities_a_string",
        () -> withMeta(count(), meta -> meta.put(CAPABILITIES, "all")));
    on(
        "meta_capabilities_an_array",
        () -> withMeta(count(), meta -> meta.put(CAPABILITIES, List.of("elicitation"))));
    on("meta_nested_to_the_depth_limit", () -> metaNested(61));
    on("meta_nested_past_the_depth_limit", () -> metaNested(62));
    on(
        "meta_nested_5000_deep",
        () ->
            withBody(
                count(),
                body ->
                    body.replace(
                        "\"_meta\":{",
                        "\"_meta\":{\"x-junk\":" + ModernMutations.nestedArrays(5000) + ",")));
    on(
        "meta_over_the_body_limit",
        () -> withMeta(count(), meta -> meta.put("x-junk", "x".repeat(5 * 1024 * 1024))));
    on(
        "meta_duplicate_version_member",
        () ->
            withBody(
                count(),
                body ->
                    body.replace(
                        "\"" + PROTOCOL + "\":\"2026-07-28\"",
                        "\""
                            + PROTOCOL
                            + "\":\"2026-07-28\",\""
                            + PROTOCOL
                            + "\":\"2025-11-25\"")));
    on("params_an_array", () -> withBody(count(), body -> paramsReplaced(body, "[1,2]")));
    on("params_a_string", () -> withBody(count(), body -> paramsReplaced(body, "\"count\"")));

    // requestState
    on("state_altered", () -> retry(alice, "count_then_ask", flip(realState(), 3)));
    on("state_altered_mac", () -> retry(alice, "count_then_ask", flipMac(realState())));
    on("state_without_mac", () -> retry(alice, "count_then_ask", payloadOf(realState())));
    on(
        "state_sealed_with_another_key",
        () -> retry(alice, "count_then_ask", seal(payloadOf(realState()), new byte[32])));
    on("state_replayed_by_another_subject", () -> retry(bob, "count_then_ask", realState()));
    on("state_sent_to_another_tool", () -> retry(alice, "count", realState()));
    on(
        "state_sent_to_a_prompt",
        () ->
            request(
                "prompts/get",
                Map.of(
                    "name",
                    "count_prompt",
                    "inputResponses",
                    answer(),
                    "requestState",
                    realState())));
    on(
        "state_a_number",
        () -> withParam(retry(alice, "count_then_ask", "x.y"), "requestState", 42));
    on(
        "state_an_object",
        () -> withParam(retry(alice, "count_then_ask", "x.y"), "requestState", Map.of("s", "{}")));
    on("state_1mib", () -> retry(alice, "count_then_ask", "A".repeat(1024 * 1024) + ".AAAA"));
    on("state_not_base64", () -> retry(alice, "count_then_ask", "%%%%.%%%%"));
    on(
        "state_resealed_expired",
        () -> retry(alice, "count_then_ask", reseal(realState(), p -> p.put("exp", 1000L))));
    on(
        "state_resealed_for_another_principal",
        () ->
            retry(
                alice,
                "count_then_ask",
                reseal(realState(), p -> p.put("p", p.path("p").asText() + "x"))));
    on(
        "state_resealed_for_another_method",
        () -> retry(alice, "count_then_ask", reseal(realState(), p -> p.put("m", "prompts/get"))));
    on(
        "state_resealed_for_another_tool",
        () -> retry(alice, "count_then_ask", reseal(realState(), p -> p.put("n", "count"))));
    on(
        "state_resealed_answers_not_json",
        () -> retry(alice, "count_then_ask", reseal(realState(), p -> p.put("s", "not json"))));
    on(
        "state_resealed_answers_an_array",
        () -> retry(alice, "count_then_ask", reseal(realState(), p -> p.put("s", "[1]"))));
    on(
        "state_resealed_payload_not_json",
        () -> retry(alice, "count_then_ask", seal(b64url("garbage"), stateKey)));

    // methods and messages
    on("unknown_method", () -> request("tools/destroy", Map.of()));
    on("initialize_in_this_era", () -> request("initialize", Map.of()));
    on("ping_in_this_era", () -> request("ping", Map.of()));
    on("method_10kib", () -> request("x".repeat(10 * 1024), Map.of()));
    on(
        "method_a_number",
        () ->
            withBody(count(), body -> body.replace("\"method\":\"tools/call\"", "\"method\":42")));
    on("unknown_tool", () -> ModernRequests.call(alice, "nope", Map.of()));
    on("arguments_a_string", () -> withParam(count(), "arguments", "x"));
    on("arguments_against_the_schema", () -> ModernRequests.call(alice, "count_region", Map.of()));
    on("notification", () -> withBody(count(), body -> body.replaceFirst("\"id\":[0-9]+,", "")));
    on(
        "response_from_the_client",
        () -> withBody(count(), body -> "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
    on("batch", () -> withBody(count(), body -> "[" + body + "]"));
    on(
        "listen_without_event_stream",
        () -> replace(request("subscriptions/listen", Map.of()), "Accept", "application/json"));

    // authorization, content, method
    on("scoped_tool_without_scope", () -> ModernRequests.call(alice, "count_scoped", Map.of()));
    on("get_in_this_era", () -> count().withMethod("GET").withBody(""));
    on("accept_html", () -> replace(count(), "Accept", "text/html"));
    on("content_type_text", () -> count().withContentType("text/plain"));
  }

  private void on(String name, Supplier<Request> generator) {
    if (recipes.putIfAbsent(name, generator) != null) {
      throw new IllegalStateException("duplicate recipe " + name);
    }
  }

  // ---------------------------------------------------------------- requests

  private static final String PROTOCOL = "io.modelcontextprotocol/protocolVersion";
  private static final String CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";

  private Request request(String method, Map<String, Object> params) {
    return ModernRequests.request(alice, method, params);
  }

  private Request count() {
    return ModernRequests.call(alice, "count", Map.of());
  }

  /** {@code count_region} with the argument {@code region} and the header {@code header}. */
  private Request region(String region, String header) {
    return add(
        ModernRequests.call(alice, "count_region", Map.of("region", region)),
        "Mcp-Param-Region",
        header);
  }

  /**
   * {@code count} with {@code depth} nested arrays in {@code _meta}: the body's depth is {@code
   * depth + 3}, against the endpoint's limit of 64 ({@code McpJson.MAX_NESTING_DEPTH}).
   */
  private Request metaNested(int depth) {
    return withBody(
        count(),
        body ->
            body.replace(
                "\"_meta\":{",
                "\"_meta\":{\"x-junk\":" + ModernMutations.nestedArrays(depth) + ","));
  }

  private Request callNamed(String tool, String nameHeader) {
    return replace(ModernRequests.call(alice, tool, Map.of()), "Mcp-Name", nameHeader);
  }

  private static Map<String, Object> answer() {
    return Map.of("ok", Map.of("action", "accept", "content", Map.of("go", true)));
  }

  private Request retry(String token, String tool, String state) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", tool);
    params.put("arguments", Map.of());
    params.put("inputResponses", answer());
    params.put("requestState", state);
    return ModernRequests.request(token, "tools/call", params);
  }

  private static List<String> bearer(String token) {
    return List.of("Bearer " + token);
  }

  static Request replace(Request request, String name, String value) {
    List<Header> headers = new ArrayList<>();
    boolean replaced = false;
    for (Header header : request.headers()) {
      if (!header.name().equalsIgnoreCase(name)) {
        headers.add(header);
      } else if (!replaced) {
        headers.add(new Header(header.name(), value));
        replaced = true;
      }
    }
    if (!replaced) {
      headers.add(new Header(name, value));
    }
    return request.withHeaders(headers);
  }

  static Request remove(Request request, String name) {
    return request.withHeaders(
        request.headers().stream().filter(h -> !h.name().equalsIgnoreCase(name)).toList());
  }

  static Request add(Request request, String name, String value) {
    List<Header> headers = new ArrayList<>(request.headers());
    headers.add(new Header(name, value));
    return request.withHeaders(headers);
  }

  private static Request withBody(Request request, Function<String, String> edit) {
    return request.withBody(edit.apply(request.body()));
  }

  /** The request with {@code params.<name>} set to {@code value} (JSON null for null). */
  private static Request withParam(Request request, String name, Object value) {
    return withBody(
        request,
        body -> {
          ObjectNode message = (ObjectNode) tree(body);
          ((ObjectNode) message.path("params")).set(name, JSON.valueToTree(value));
          return message.toString();
        });
  }

  private static Request withMeta(Request request, Consumer<Map<String, Object>> edit) {
    return withBody(
        request,
        body -> {
          ObjectNode message = (ObjectNode) tree(body);
          ObjectNode params = (ObjectNode) message.path("params");
          @SuppressWarnings("unchecked")
          Map<String, Object> meta = JSON.convertValue(params.path("_meta"), Map.class);
          edit.accept(meta);
          params.set("_meta", JSON.valueToTree(meta));
          return message.toString();
        });
  }

  private static String paramsReplaced(String body, String params) {
    ObjectNode message = (ObjectNode) tree(body);
    message.set("params", tree(params));
    return message.toString();
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- requestState

  /** A state the server sealed for alice's {@code count_then_ask}. */
  private String realState() {
    RawHttp.Response first = server.apply(ModernRequests.call(alice, "count_then_ask", Map.of()));
    String state = tree(first.body()).at("/result/requestState").asText();
    if (state.isEmpty()) {
      throw new IllegalStateException("no requestState: " + first.status() + " " + first.body());
    }
    return state;
  }

  private static String payloadOf(String state) {
    return state.substring(0, state.lastIndexOf('.'));
  }

  private static String flip(String state, int at) {
    char c = state.charAt(at);
    return state.substring(0, at) + (c == 'A' ? 'B' : 'A') + state.substring(at + 1);
  }

  private static String flipMac(String state) {
    return flip(state, state.lastIndexOf('.') + 2);
  }

  /** {@code state}'s payload, changed by {@code edit} and sealed again with the server's key. */
  private String reseal(String state, Consumer<ObjectNode> edit) {
    byte[] json = Base64.getUrlDecoder().decode(payloadOf(state));
    ObjectNode payload = (ObjectNode) tree(new String(json, StandardCharsets.UTF_8));
    edit.accept(payload);
    return seal(b64url(payload.toString()), stateKey);
  }

  /** {@code payload} (base64url) with an HMAC-SHA256 seal, as the SDK's codec writes it. */
  private static String seal(String payload, byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return payload
          + "."
          + B64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Base64 as the {@code =?base64?…?=} header values carry it. */
  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64url(String text) {
    return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
