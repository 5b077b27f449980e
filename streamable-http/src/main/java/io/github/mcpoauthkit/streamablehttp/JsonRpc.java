package io.github.mcpoauthkit.streamablehttp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON-RPC 2.0 messages from request bodies and writes JSON-RPC error envelopes, so that a
 * client never sees anything but {@code {"jsonrpc":"2.0","id":…,"error":{…}}} for a protocol error.
 */
final class JsonRpc {

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INTERNAL_ERROR = -32603;

  /** Implementation-defined server error (JSON-RPC reserves -32000 to -32099). */
  static final int SERVER_ERROR = -32000;

  private JsonRpc() {}

  /** What a POST body holds. */
  sealed interface Parsed {}

  record Request(McpSchema.JSONRPCRequest message) implements Parsed {}

  record Notification(McpSchema.JSONRPCNotification message) implements Parsed {}

  record Response(McpSchema.JSONRPCResponse message) implements Parsed {}

  /** Not a usable message; {@code answer} says why, as a JSON-RPC error. */
  record Invalid(HttpAnswer answer) implements Parsed {}

  static Parsed parse(byte[] body) {
    JsonNode node;
    try {
      node = McpJson.objectMapper().readTree(body);
    } catch (JsonProcessingException e) {
      return invalid(
          400,
          JsonNodeFactory.instance.nullNode(),
          PARSE_ERROR,
          "Parse error: " + e.getOriginalMessage());
    } catch (IOException e) {
      return invalid(400, JsonNodeFactory.instance.nullNode(), PARSE_ERROR, "Parse error");
    }
    if (node == null || node.isMissingNode()) {
      return invalid(
          400, JsonNodeFactory.instance.nullNode(), PARSE_ERROR, "Parse error: empty body");
    }
    if (node.isArray()) {
      return invalid(
          400,
          JsonNodeFactory.instance.nullNode(),
          INVALID_REQUEST,
          "JSON-RPC batches are not supported (MCP 2025-06-18 removed them); send one message per"
              + " request");
    }
    if (!node.isObject()) {
      return invalid(
          400,
          JsonNodeFactory.instance.nullNode(),
          INVALID_REQUEST,
          "Invalid Request: not a JSON object");
    }
    JsonNode id = node.get("id");
    JsonNode idForErrors = validId(id) ? id : JsonNodeFactory.instance.nullNode();
    JsonNode version = node.get("jsonrpc");
    if (version == null || !version.isTextual() || !version.asText().equals("2.0")) {
      return invalid(400, idForErrors, INVALID_REQUEST, "Invalid Request: jsonrpc must be \"2.0\"");
    }
    if (id != null && !validId(id)) {
      return invalid(
          400, idForErrors, INVALID_REQUEST, "Invalid Request: id must be a string or an integer");
    }
    JsonNode method = node.get("method");
    try {
      if (method != null) {
        if (!method.isTextual() || method.asText().isEmpty()) {
          return invalid(
              400, idForErrors, INVALID_REQUEST, "Invalid Request: method must be a string");
        }
        JsonNode params = node.get("params");
        if (params != null && !params.isObject() && !params.isNull()) {
          return invalid(
              400, idForErrors, INVALID_REQUEST, "Invalid Request: params must be an object");
        }
        Object paramsValue = params == null || params.isNull() ? null : plain(params);
        if (id == null) {
          return new Notification(
              new McpSchema.JSONRPCNotification("2.0", method.asText(), paramsValue));
        }
        return new Request(
            new McpSchema.JSONRPCRequest("2.0", method.asText(), idValue(id), paramsValue));
      }
      if (id != null && (node.has("result") || node.has("error"))) {
        return new Response(
            McpJson.objectMapper().treeToValue(node, McpSchema.JSONRPCResponse.class));
      }
    } catch (IllegalArgumentException | JsonProcessingException e) {
      return invalid(400, idForErrors, INVALID_REQUEST, "Invalid Request: malformed message");
    }
    return invalid(
        400,
        idForErrors,
        INVALID_REQUEST,
        "Invalid Request: neither a request, a notification nor a response");
  }

  /**
   * The node as the plain Java values the SDK reads params as (maps, lists, strings, numbers,
   * booleans, null), walked directly: {@code ObjectMapper.convertValue} would serialise the tree
   * and parse it again, a tenth of a {@code tools/list}. Numbers keep the type the parser gave them
   * (Integer, Long, BigInteger, Double), as Jackson's own untyped mapping does. The depth is
   * bounded by the parser's nesting limit.
   */
  static Object plain(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>(mapCapacity(node.size()));
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        map.put(field.getKey(), plain(field.getValue()));
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode element : node) {
        list.add(plain(element));
      }
      return list;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return null;
  }

  private static int mapCapacity(int size) {
    return (int) Math.ceil(size / 0.75);
  }

  private static boolean validId(JsonNode id) {
    return id != null && (id.isTextual() || id.isIntegralNumber());
  }

  private static Object idValue(JsonNode id) {
    if (id.isTextual()) {
      return id.asText();
    }
    return id.canConvertToLong() ? (Object) id.asLong() : id.bigIntegerValue();
  }

  static Invalid invalid(int status, JsonNode id, int code, String message) {
    return new Invalid(error(status, id, code, message));
  }

  /** A JSON-RPC error envelope as an HTTP answer. */
  static HttpAnswer error(int status, JsonNode id, int code, String message) {
    return HttpAnswer.json(status, Map.of(), envelope(id, code, message));
  }

  /** A JSON-RPC error envelope for a request whose id is unknown. */
  static HttpAnswer error(int status, int code, String message) {
    return error(status, JsonNodeFactory.instance.nullNode(), code, message);
  }

  /** A JSON-RPC error envelope for the request with this id. */
  static HttpAnswer error(int status, Object id, int code, String message) {
    return error(status, McpJson.objectMapper().valueToTree(id), code, message);
  }

  static String envelope(JsonNode id, int code, String message) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("jsonrpc", "2.0");
    root.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
    ObjectNode error = root.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return root.toString();
  }
}
