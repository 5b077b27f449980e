package io.github.mcpoauthkit.streamablehttp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.modern.McpSchema;
import java.io.IOException;
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

  private final McpJsonMapper delegate;
  private final Map<Class<?>, Map<Map<?, ?>, Object>> converted = new ConcurrentHashMap<>();

  RecurringValuesMcpJsonMapper(McpJsonMapper delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    RECURRING.forEach(type -> converted.put(type, new ConcurrentHashMap<>()));
  }

  @Override
  public <T> T convertValue(Object from, Class<T> type) {
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
    return delegate.convertValue(from, type);
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
