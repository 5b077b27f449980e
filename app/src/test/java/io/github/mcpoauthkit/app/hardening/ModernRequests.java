package io.github.mcpoauthkit.app.hardening;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mcpoauthkit.app.hardening.RawHttp.Header;
import io.github.mcpoauthkit.app.hardening.RawHttp.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MCP 2026-07-28 requests as a well-behaved client sends them, for the hardening tests to start
 * from: every request carries its version, capabilities and client info in {@code _meta}, and the
 * headers {@code MCP-Protocol-Version}, {@code Mcp-Method} and, for a named primitive, {@code
 * Mcp-Name}. The tools are those of {@code CountingFeatures}.
 */
final class ModernRequests {

  static final String VERSION = "2026-07-28";
  static final String ACCEPT = "application/json, text/event-stream";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong IDS = new AtomicLong(100);

  private ModernRequests() {}

  /** The {@code _meta} of a client that can answer form elicitations. */
  static Map<String, Object> meta() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
    meta.put(
        "io.modelcontextprotocol/clientCapabilities",
        Map.of("elicitation", Map.of("form", Map.of())));
    meta.put("io.modelcontextprotocol/clientInfo", Map.of("name", "adversary", "version", "1"));
    return meta;
  }

  /** {@code params} with {@link #meta()} added unless it has a {@code _meta} of its own. */
  static Map<String, Object> withMeta(Map<String, Object> params) {
    Map<String, Object> all = new LinkedHashMap<>(params);
    all.putIfAbsent("_meta", meta());
    return all;
  }

  /** A JSON-RPC request with a fresh id. */
  static String body(String method, Map<String, Object> params) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("jsonrpc", "2.0");
    message.put("id", IDS.incrementAndGet());
    message.put("method", method);
    message.put("params", params);
    return json(message);
  }

  /** The headers that describe a request for {@code method} of {@code name} (null: none). */
  static List<Header> headers(String method, String name) {
    List<Header> headers = new ArrayList<>();
    headers.add(new Header("Accept", ACCEPT));
    headers.add(new Header("MCP-Protocol-Version", VERSION));
    headers.add(new Header("Mcp-Method", method));
    if (name != null) {
      headers.add(new Header("Mcp-Name", name));
    }
    return headers;
  }

  /** A consistent request: {@code _meta} added to {@code params}, headers that tell the truth. */
  static Request request(String token, String method, Map<String, Object> params) {
    Object name =
        switch (method) {
          case "tools/call", "prompts/get" -> params.get("name");
          case "resources/read" -> params.get("uri");
          default -> null;
        };
    return new Request(
        "POST",
        List.of("Bearer " + token),
        null,
        "application/json",
        headers(method, name instanceof String text ? text : null),
        body(method, withMeta(params)));
  }

  /** {@code tools/call} of {@code tool} with {@code arguments}. */
  static Request call(String token, String tool, Map<String, Object> arguments) {
    return request(token, "tools/call", Map.of("name", tool, "arguments", arguments));
  }

  /**
   * A request of the token corpus as a 2026-07-28 {@code tools/call} of {@code count}, with the
   * same credentials, query and content type; a body other than the corpus's {@code initialize} (a
   * form) is kept.
   */
  static Request fromTokenRecipe(Request legacy) {
    String body =
        legacy.body().equals(Recipes.INITIALIZE)
            ? body("tools/call", withMeta(Map.of("name", "count", "arguments", Map.of())))
            : legacy.body();
    return legacy.withHeaders(headers("tools/call", "count")).withBody(body);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
