package io.github.mcpoauthkit.domain.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonTest {

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of(null, "null"),
        Arguments.of(true, "true"),
        Arguments.of(false, "false"),
        Arguments.of(42, "42"),
        Arguments.of(-7L, "-7"),
        Arguments.of(0.5, "0.5"),
        Arguments.of(Double.NaN, "null"),
        Arguments.of(Double.POSITIVE_INFINITY, "null"),
        Arguments.of(Float.NEGATIVE_INFINITY, "null"),
        Arguments.of(new BigInteger("12345678901234567890"), "12345678901234567890"),
        Arguments.of(new BigDecimal("1.25"), "1.25"),
        Arguments.of("", "\"\""),
        Arguments.of("plain", "\"plain\""),
        Arguments.of("\"", "\"\\\"\""),
        Arguments.of("\\", "\"\\\\\""),
        Arguments.of("\n\r\t", "\"\\n\\r\\t\""),
        Arguments.of("\u0000\u0008\u000c\u001f", "\"\\u0000\\u0008\\u000c\\u001f\""),
        Arguments.of("\u2028\u2029", "\"\\u2028\\u2029\""),
        Arguments.of("caf\u00e9 \u007f /", "\"caf\u00e9 \u007f /\""),
        Arguments.of(List.of(), "[]"),
        Arguments.of(List.of("a", 1, true), "[\"a\",1,true]"),
        Arguments.of(Arrays.asList("a", null), "[\"a\",null]"),
        Arguments.of(Map.of(), "{}"),
        Arguments.of(Map.of("k\"", List.of(Map.of("n", 1))), "{\"k\\\"\":[{\"n\":1}]}"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("values")
  void writes_json_values(Object value, String json) {
    assertThat(Json.write(value)).isEqualTo(json);
  }

  @Test
  void objects_keep_insertion_order_and_null_values() {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("z", 1);
    object.put("a", null);
    object.put("m", new ArrayList<>(List.of("x")));

    assertThat(Json.write(object)).isEqualTo("{\"z\":1,\"a\":null,\"m\":[\"x\"]}");
  }

  @Test
  void other_objects_are_written_as_their_string_form() {
    assertThat(Json.write(new StringBuilder("s\"b"))).isEqualTo("\"s\\\"b\"");
  }
}
