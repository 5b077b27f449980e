package io.github.mcpoauthkit.app.features;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** The client's answers to {@link InputRequests}, by key. Immutable. */
public final class InputResponses {

  private final Map<String, Object> answers;

  InputResponses(Map<String, Object> answers) {
    this.answers = Map.copyOf(answers);
  }

  /** The answer to the elicitation under {@code key}. */
  public McpSchema.ElicitResult elicitation(String key) {
    return answer(key, McpSchema.ElicitResult.class);
  }

  /** The answer to the sampling request under {@code key}. */
  public McpSchema.CreateMessageResult sample(String key) {
    return answer(key, McpSchema.CreateMessageResult.class);
  }

  /** The answer to the roots request under {@code key}. */
  public McpSchema.ListRootsResult roots(String key) {
    return answer(key, McpSchema.ListRootsResult.class);
  }

  private <T> T answer(String key, Class<T> type) {
    Object answer = answers.get(key);
    if (!type.isInstance(answer)) {
      throw new IllegalArgumentException(
          "no " + type.getSimpleName() + " was asked for under '" + key + "'");
    }
    return type.cast(answer);
  }
}
