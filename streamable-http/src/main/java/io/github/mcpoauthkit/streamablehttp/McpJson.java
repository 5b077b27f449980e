package io.github.mcpoauthkit.streamablehttp;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;

/**
 * The one JSON configuration of the MCP endpoint, shared by the transport and the MCP server so
 * that every message is read once, with limits: nesting depth, string, number and name lengths, and
 * no duplicate keys (a message whose {@code id} appears twice is ambiguous). Thread-safe.
 */
public final class McpJson {

  /** Deeper nesting than any MCP message needs, far below what could exhaust a thread stack. */
  public static final int MAX_NESTING_DEPTH = 64;

  private static final ObjectMapper OBJECT_MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  static {
    OBJECT_MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(100)
                .maxNameLength(1024)
                .maxStringLength(16 * 1024 * 1024)
                .build());
  }

  private static final McpJsonMapper MCP_MAPPER =
      new RecurringValuesMcpJsonMapper(new JacksonMcpJsonMapper(OBJECT_MAPPER));

  private McpJson() {}

  /** The Jackson mapper with the limits above. */
  public static ObjectMapper objectMapper() {
    return OBJECT_MAPPER;
  }

  /** The same mapper for the MCP SDK; give it to {@code McpServer.sync(...).jsonMapper(...)}. */
  public static McpJsonMapper mcpMapper() {
    return MCP_MAPPER;
  }
}
