package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecurringValuesMcpJsonMapperTest {

  private final McpJsonMapper mapper =
      new RecurringValuesMcpJsonMapper(new JacksonMcpJsonMapper(McpJson.objectMapper()));

  private static Map<String, Object> info(String name) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", name);
    info.put("version", "1.0");
    return info;
  }

  @Test
  void an_equal_map_gets_the_record_made_for_the_first() {
    McpSchema.Implementation first =
        mapper.convertValue(info("client"), McpSchema.Implementation.class);
    McpSchema.Implementation again =
        mapper.convertValue(info("client"), McpSchema.Implementation.class);
    McpSchema.Implementation other =
        mapper.convertValue(info("other"), McpSchema.Implementation.class);

    assertThat(first.name()).isEqualTo("client");
    assertThat(again).isSameAs(first);
    assertThat(other.name()).isEqualTo("other");
  }

  @Test
  void capabilities_convert_as_jackson_converts_them() {
    Map<String, Object> capabilities =
        Map.of("elicitation", Map.of("form", Map.of()), "roots", Map.of("listChanged", true));

    McpSchema.ClientCapabilities converted =
        mapper.convertValue(capabilities, McpSchema.ClientCapabilities.class);

    assertThat(converted)
        .isEqualTo(
            McpJson.objectMapper().convertValue(capabilities, McpSchema.ClientCapabilities.class));
    assertThat(mapper.convertValue(Map.copyOf(capabilities), McpSchema.ClientCapabilities.class))
        .isSameAs(converted);
  }

  @Test
  void empty_capabilities_are_remembered_too() {
    McpSchema.ClientCapabilities first =
        mapper.convertValue(new LinkedHashMap<>(), McpSchema.ClientCapabilities.class);

    assertThat(mapper.convertValue(new LinkedHashMap<>(), McpSchema.ClientCapabilities.class))
        .isSameAs(first);
  }

  @Test
  void heavy_maps_are_converted_but_not_remembered() {
    Map<String, Object> heavy = info("x".repeat(RecurringValuesMcpJsonMapper.MAX_WEIGHT));

    McpSchema.Implementation first = mapper.convertValue(heavy, McpSchema.Implementation.class);

    assertThat(first.name()).hasSize(RecurringValuesMcpJsonMapper.MAX_WEIGHT);
    assertThat(mapper.convertValue(info(first.name()), McpSchema.Implementation.class))
        .isEqualTo(first)
        .isNotSameAs(first);
  }

  @Test
  void no_more_than_the_bound_is_remembered() {
    for (int i = 0; i < RecurringValuesMcpJsonMapper.MAX_ENTRIES; i++) {
      mapper.convertValue(info("client-" + i), McpSchema.Implementation.class);
    }

    McpSchema.Implementation late =
        mapper.convertValue(info("late"), McpSchema.Implementation.class);

    assertThat(mapper.convertValue(info("late"), McpSchema.Implementation.class))
        .isEqualTo(late)
        .isNotSameAs(late);
    assertThat(mapper.convertValue(info("client-0"), McpSchema.Implementation.class))
        .isSameAs(mapper.convertValue(info("client-0"), McpSchema.Implementation.class));
  }

  @Test
  void weight_counts_entries_elements_and_characters() {
    assertThat(RecurringValuesMcpJsonMapper.weight(Map.of("ab", List.of("c", 1)), 100))
        .isEqualTo(100 - 1 - 3 - 1 - 2 - 1);
    assertThat(RecurringValuesMcpJsonMapper.weight(List.of("x".repeat(50)), 10)).isNegative();
  }

  @Test
  void other_types_and_sources_go_to_jackson() {
    assertThat(
            mapper.convertValue(Map.of("cursor", "c"), McpSchema.PaginatedRequest.class).cursor())
        .isEqualTo("c");
    McpSchema.Implementation record =
        new McpSchema.Implementation("n", null, "1", null, null, null);
    assertThat(mapper.convertValue(record, McpSchema.Implementation.class)).isEqualTo(record);
  }

  private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {};

  private static McpSchema.Tool tool(String name) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", Map.of("who", Map.of("type", "string", "description", "a name")));
    schema.put("required", List.of("who"));
    return McpSchema.Tool.builder(name, schema)
        .title("The " + name + " tool")
        .description("Says something")
        .annotations(new McpSchema.ToolAnnotations(null, true, null, null, null))
        .meta(Map.of("vendor/key", 1))
        .build();
  }

  private static McpSchema.ListToolsResult listing(List<McpSchema.Tool> tools) {
    return McpSchema.ListToolsResult.builder(tools)
        .nextCursor("next")
        .ttlMs(30_000)
        .cacheScope(McpSchema.CacheScope.PRIVATE)
        .meta(Map.of("vendor/listed", "yes"))
        .build();
  }

  @Test
  void a_tool_listing_converts_to_the_map_jackson_makes_key_order_included() {
    McpSchema.ListToolsResult result = listing(List.of(tool("greet"), tool("whoami")));

    Map<String, Object> expected =
        McpJson.objectMapper().convertValue(result, new TypeReference<Map<String, Object>>() {});
    Map<String, Object> first = mapper.convertValue(result, MAP);
    Map<String, Object> again = mapper.convertValue(listing(List.of(tool("greet"))), MAP);

    assertThat(first).isEqualTo(expected);
    assertThat(List.copyOf(first.keySet())).isEqualTo(List.copyOf(expected.keySet()));
    assertThat(first.get("resultType")).isEqualTo("complete");
    assertThat(first.get("cacheScope")).isEqualTo("private");
    assertThat(List.copyOf(((Map<?, ?>) ((List<?>) first.get("tools")).get(0)).keySet()))
        .isEqualTo(List.copyOf(((Map<?, ?>) ((List<?>) expected.get("tools")).get(0)).keySet()));
    // The second listing reuses the map made for the equal tool of the first.
    assertThat(((List<?>) again.get("tools")).get(0))
        .isSameAs(((List<?>) first.get("tools")).get(0));
    // The result map itself is the caller's to change, as Jackson's is.
    first.put("extra", 1);
  }

  @Test
  void a_remembered_tool_cannot_be_changed_through_its_map() {
    Map<String, Object> listed = mapper.convertValue(listing(List.of(tool("greet"))), MAP);
    @SuppressWarnings("unchecked")
    Map<String, Object> greet = (Map<String, Object>) ((List<?>) listed.get("tools")).get(0);
    assertThatThrownBy(() -> greet.put("name", "other"))
        .isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> schema = (Map<String, Object>) greet.get("inputSchema");
    assertThatThrownBy(() -> schema.clear()).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> required = (List<Object>) schema.get("required");
    assertThatThrownBy(() -> required.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void an_empty_listing_and_other_results_go_to_jackson() {
    McpSchema.ListToolsResult empty = listing(List.of());
    assertThat(mapper.convertValue(empty, MAP))
        .isEqualTo(McpJson.objectMapper().convertValue(empty, Map.class));
  }

  private static Map<String, Object> params(Object cursor, Object meta) {
    Map<String, Object> params = new LinkedHashMap<>();
    if (cursor != null) {
      params.put("cursor", cursor);
    }
    if (meta != null) {
      params.put("_meta", meta);
    }
    params.put("unknown", List.of(1, 2));
    return params;
  }

  @Test
  void list_params_become_the_record_jackson_makes() throws Exception {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
    meta.put("io.modelcontextprotocol/clientCapabilities", Map.of("sampling", Map.of()));
    meta.put("progressToken", 7);
    for (Map<String, Object> params :
        List.of(
            params(null, null),
            params("c-1", null),
            params(null, meta),
            params("c-2", meta),
            params("", new LinkedHashMap<>()))) {
      McpSchema.PaginatedRequest jackson =
          McpJson.objectMapper().convertValue(params, McpSchema.PaginatedRequest.class);
      assertThat(RecurringValuesMcpJsonMapper.paginatedRequest(params))
          .as("direct conversion of %s", params)
          .isEqualTo(jackson);
      assertThat(mapper.convertValue(params, McpSchema.PaginatedRequest.class)).isEqualTo(jackson);
    }
  }

  @Test
  void list_params_of_other_shapes_are_left_to_jackson() {
    assertThat(RecurringValuesMcpJsonMapper.paginatedRequest(params(12, null))).isNull();
    assertThat(mapper.convertValue(params(12, null), McpSchema.PaginatedRequest.class).cursor())
        .isEqualTo(
            McpJson.objectMapper()
                .convertValue(params(12, null), McpSchema.PaginatedRequest.class)
                .cursor());
    assertThat(RecurringValuesMcpJsonMapper.paginatedRequest(params(null, "text"))).isNull();
    assertThatThrownBy(
            () -> mapper.convertValue(params(null, "text"), McpSchema.PaginatedRequest.class))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RecurringValuesMcpJsonMapper.paginatedRequest(params(List.of("c"), null))).isNull();
    assertThatThrownBy(
            () -> mapper.convertValue(params(List.of("c"), null), McpSchema.PaginatedRequest.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_tool_listing_is_written_byte_for_byte_as_jackson_writes_the_record() throws Exception {
    McpSchema.ListToolsResult result = listing(List.of(tool("greet"), tool("whoami")));
    String expected = McpJson.objectMapper().writeValueAsString(result);

    for (int i = 0; i < 2; i++) { // made, then remembered
      Map<String, Object> converted = mapper.convertValue(result, MAP);
      assertThat(((List<?>) converted.get("tools")).get(0)).isInstanceOf(SerializedMap.class);
      assertThat(McpJson.objectMapper().writeValueAsString(converted)).isEqualTo(expected);
      // Inside an answer, as the transport writes it.
      assertThat(
              new String(
                  McpJson.objectMapper().writeValueAsBytes(Map.of("result", converted)),
                  java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("{\"result\":" + expected + "}");
    }
  }
}
