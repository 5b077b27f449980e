package io.github.mcpoauthkit.port.driven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrospectionResultTest {

  @Test
  void an_active_answer_must_say_active_true() {
    for (Object active : Arrays.asList(false, "true", 1, null)) {
      Map<String, Object> answer = new HashMap<>();
      answer.put("active", active);
      assertThatIllegalArgumentException()
          .as("active=%s", active)
          .isThrownBy(() -> new IntrospectionResult.Active(answer));
    }
  }

  @Test
  void an_active_answer_is_a_deep_unmodifiable_copy() {
    List<Object> audiences = new ArrayList<>(List.of("a"));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("active", true);
    answer.put("aud", audiences);
    answer.put("cnf", new HashMap<>(Map.of("jkt", "x")));

    IntrospectionResult.Active active = new IntrospectionResult.Active(answer);
    audiences.add("b");
    answer.put("sub", "later");

    assertThat(active.response()).doesNotContainKey("sub");
    assertThat(active.response().get("aud")).isEqualTo(List.of("a"));
    assertThat(active.response().get("cnf")).isInstanceOf(Map.class);
    assertThat(active.response()).isUnmodifiable();
  }

  @Test
  void an_active_answer_refuses_values_json_does_not_have() {
    Map<String, Object> answer = new HashMap<>();
    answer.put("active", true);
    answer.put("when", new Object());

    assertThatIllegalArgumentException().isThrownBy(() -> new IntrospectionResult.Active(answer));
  }

  @Test
  void unavailable_needs_a_positive_retry_after() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new IntrospectionResult.Unavailable(
                    IntrospectionResult.Reason.TIMEOUT, Duration.ZERO));
  }

  @Test
  void every_reason_has_a_stable_lower_case_label() {
    assertThat(Arrays.stream(IntrospectionResult.Reason.values()).map(r -> r.label()))
        .containsExactly(
            "introspection_unreachable",
            "introspection_timeout",
            "introspection_oversized",
            "introspection_error_response",
            "introspection_malformed_response",
            "introspection_limited");
  }
}
