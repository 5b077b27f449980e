package io.github.mcpoauthkit.streamablehttp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.modern.McpSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SDK's JSON mapper, remembering the conversions that recur on every MCP 2026-07-28 request
 * (the records of that era's schema, {@code io.modelcontextprotocol.modern.McpSchema}): each one
 * carries its client capabilities and client info in {@code _meta}, and the SDK turns both maps
 * into records with {@code convertValue} (serialised and parsed again, about a tenth of a {@code
 * tools/list}). A client sends the same two maps every time, so an equal map gets the record made
 * for the first one.
 *
 * <p>The same holds for the answer of every {@code tools/list}: the SDK turns the result record
 * into a map with {@code convertValue}, and most of that work is the tools, the same records each
 * time (the server's own, not the client's). Each tool is converted once, to a map that cannot be
 * changed, and the rest of the result (cursor, TTL, cache scope, {@code _meta}) as before; the map
 * that comes out is the one Jackson makes, key order included. Each tool's map also keeps its JSON
 * ({@link SerializedMap}), so that writing the answer copies it instead of walking it again.
 *
 * <p>The params of list requests become their record directly ({@link #paginatedRequest}): two
 * fields, where Jackson's round trip cost as much as the listing itself.
 *
 * <p>Only records of the SDK's schema, which the SDK and the kit only read, are remembered; at most
 * {@value #MAX_ENTRIES} source maps per type, each of at most {@value #MAX_WEIGHT} entries,
 * elements and characters together, so that clients cannot make it hold more than about a megabyte:
 * beyond that, conversions are done as before and not remembered. Everything else goes to the
 * delegate unchanged. Thread-safe.
 */
final class RecurringValuesMcpJsonMapper implements McpJsonMapper {

  static final int MAX_ENTRIES = 256;

  /** The most a remembered map may weigh: entries, elements and characters together. */
  static final int MAX_WEIGHT = 2048;

  private static final Set<Class<?>> RECURRING =
      Set.of(McpSchema.ClientCapabilities.class, McpSchema.Implementation.class);

  /** The most tools remembered: a server's own tools, so a bound against a changing tool list. */
  static final int MAX_TOOLS = 1024;

  private final McpJsonMapper delegate;
  private final Map<Class<?>, Map<Map<?, ?>, Object>> converted = new ConcurrentHashMap<>();
  private final Map<McpSchema.Tool, Map<String, Object>> tools = new ConcurrentHashMap<>();

  RecurringValuesMcpJsonMapper(McpJsonMapper delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    RECURRING.forEach(type -> converted.put(type, new ConcurrentHashMap<>()));
  }

  @Override
  public <T> T convertValue(Object from, Class<T> type) {
    if (type == McpSchema.PaginatedRequest.class && from instanceof Map<?, ?> params) {
      McpSchema.PaginatedRequest request = paginatedRequest(params);
      if (request != null) {
        return type.cast(request);
      }
    }
    Map<Map<?, ?>, Object> known = converted.get(type);
    if (known == null || !(from instanceof Map<?, ?> map)) {
      return delegate.convertValue(from, type);
    }
    Object value = known.get(map);
    if (value != null) {
      return type.cast(value);
    }
    T made = delegate.convertValue(from, type);
    if (made != null && known.size() < MAX_ENTRIES && weight(map, MAX_WEIGHT) >= 0) {
      // The map is the request's own, read once and never changed after parsing.
      known.putIfAbsent(map, made);
    }
    return made;
  }

  /**
   * The params of every list request ({@code tools/list}, {@code prompts/list}, ...) as the record
   * Jackson makes of them, without serialising and parsing them again: a string or absent {@code
   * cursor}, an object or absent {@code _meta} (the request's own map, which nothing changes after
   * parsing), other keys ignored. Anything else (a cursor that is a number, a {@code _meta} that is
   * not an object) is left to Jackson, which coerces or refuses it: {@code null} here.
   */
  static McpSchema.PaginatedRequest paginatedRequest(Map<?, ?> params) {
    Object cursor = params.get("cursor");
    Object meta = params.get("_meta");
    if ((cursor == null || cursor instanceof String)
        && (meta == null || meta instanceof Map<?, ?> map && stringKeys(map))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) meta;
      return new McpSchema.PaginatedRequest((String) cursor, fields);
    }
    return null;
  }

  private static boolean stringKeys(Map<?, ?> map) {
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        return false;
      }
    }
    return true;
  }

  /**
   * What is left of {@code budget} after the value's entries, elements and characters, or a
   * negative number once it is spent (the walk stops there).
   */
  static int weight(Object value, int budget) {
    int left = budget - 1;
    if (left < 0) {
      return left;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        left = weight(entry.getKey(), left);
        left = left < 0 ? left : weight(entry.getValue(), left);
        if (left < 0) {
          return left;
        }
      }
      return left;
    }
    if (value instanceof List<?> list) {
      for (Object element : list) {
        left = weight(element, left);
        if (left < 0) {
          return left;
        }
      }
      return left;
    }
    if (value instanceof String text) {
      return left - text.length();
    }
    return left;
  }

  @Override
  public <T> T convertValue(Object from, TypeRef<T> type) {
    if (from instanceof McpSchema.ListToolsResult result && !result.tools().isEmpty()) {
      T shell =
          delegate.convertValue(
              new McpSchema.ListToolsResult(
                  List.of(),
                  result.nextCursor(),
                  result.ttlMs(),
                  result.cacheScope(),
                  result.resultType(),
                  result.meta()),
              type);
      if (shell instanceof Map<?, ?> map && map.containsKey("tools")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) map;
        List<Object> converted = new ArrayList<>(result.tools().size());
        for (McpSchema.Tool tool : result.tools()) {
          converted.add(tool(tool));
        }
        // The key is already there, first, as Jackson wrote it: replacing keeps the order.
        fields.put("tools", converted);
        return shell;
      }
    }
    return delegate.convertValue(from, type);
  }

  private Map<String, Object> tool(McpSchema.Tool tool) {
    Map<String, Object> known = tools.get(tool);
    if (known != null) {
      return known;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields =
        (Map<String, Object>)
            frozen(delegate.convertValue(tool, new TypeRef<Map<String, Object>>() {}));
    Map<String, Object> made;
    try {
      made = new SerializedMap(fields, delegate.writeValueAsString(fields));
    } catch (IOException e) {
      return fields; // written the ordinary way, then
    }
    if (tools.size() < MAX_TOOLS) {
      tools.putIfAbsent(tool, made);
    }
    return made;
  }

  /** The value with every map and list in it made unmodifiable, order kept. */
  static Object frozen(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>(map.size() * 2);
      map.forEach((key, element) -> copy.put(key, frozen(element)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(element -> copy.add(frozen(element)));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  @Override
  public <T> T readValue(String content, Class<T> type) throws IOException {
    return delegate.readValue(content, type);
  }

  @Override
  public <T> T readValue(byte[] content, Class<T> type) throws IOException {
    return delegate.readValue(content, type);
  }

  @Override
  public <T> T readValue(String content, TypeRef<T> type) throws IOException {
    return delegate.readValue(content, type);
  }

  @Override
  public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
    return delegate.readValue(content, type);
  }

  @Override
  public String writeValueAsString(Object value) throws IOException {
    return delegate.writeValueAsString(value);
  }

  @Override
  public byte[] writeValueAsBytes(Object value) throws IOException {
    return delegate.writeValueAsBytes(value);
  }
}
