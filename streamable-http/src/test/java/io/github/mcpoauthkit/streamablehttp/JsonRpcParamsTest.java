package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRpcParamsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"a\":1,\"b\":2147483648,\"c\":123456789012345678901234567890,\"d\":1.5,\"e\":-0.0}",
        "{\"s\":\"t\\u00e9xt\\n\",\"t\":true,\"f\":false,\"n\":null}",
        "{\"list\":[1,\"two\",[3,[4]],{\"five\":5},null],\"empty\":[],\"obj\":{}}",
        "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"z\":1,\"a\":2}}"
      })
  void params_read_as_jacksons_own_untyped_mapping_reads_them(String params) throws Exception {
    JsonNode tree = McpJson.objectMapper().readTree(params);

    Object walked = JsonRpc.plain(tree);

    Object converted = McpJson.objectMapper().convertValue(tree, Map.class);
    assertThat(walked).isEqualTo(converted);
    assertThat(walked.toString()).isEqualTo(converted.toString());
  }

  @Test
  void a_request_carries_its_params_with_their_number_types_and_order() {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"x\","
            + "\"arguments\":{\"big\":123456789012345678901234567890,\"n\":3,\"f\":0.25,"
            + "\"l\":[true]}}}";

    JsonRpc.Parsed parsed = JsonRpc.parse(body.getBytes(StandardCharsets.UTF_8));

    assertThat(parsed).isInstanceOf(JsonRpc.Request.class);
    McpSchema.JSONRPCRequest request = ((JsonRpc.Request) parsed).message();
    @SuppressWarnings("unchecked")
    Map<String, Object> arguments =
        (Map<String, Object>) ((Map<String, Object>) request.params()).get("arguments");
    assertThat(arguments.keySet()).containsExactly("big", "n", "f", "l");
    assertThat(arguments.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(arguments.get("n")).isEqualTo(3);
    assertThat(arguments.get("f")).isEqualTo(0.25);
    assertThat(arguments.get("l")).isEqualTo(List.of(true));
  }
}
