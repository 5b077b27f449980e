package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLogTest {

  @Test
  void a_request_cannot_break_a_line_with_control_characters() {
    assertThat(AuditLog.clean("tool\nverdict=accepted\r\u2028x"))
        .isEqualTo("tool\\u000averdict=accepted\\u000d\\u2028x");
  }

  @Test
  void long_values_are_cut() {
    String cut = AuditLog.clean("r".repeat(5000));

    assertThat(cut).hasSize(AuditLog.MAX_VALUE + 3).endsWith("r...");
  }

  @Test
  void values_with_spaces_quotes_or_equals_signs_are_quoted_and_escaped() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("verdict", "accepted");
    fields.put("mcp_name", "file:///a b");
    fields.put("subject", "x\"=y");
    fields.put("client_id", "");

    assertThat(AuditLog.text(fields))
        .isEqualTo(
            "authentication verdict=accepted mcp_name=\"file:///a b\" subject=\"x\\\"=y\""
                + " client_id=\"\"");
  }
}
