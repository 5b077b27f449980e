package io.github.mcpoauthkit.app.features;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Questions a handler asks the client at once ({@link CallContext#ask}), each under a key that
 * stays the same from one round to the next. Not thread-safe while built.
 */
public final class InputRequests {

  /** One question. */
  public sealed interface Request permits Elicit, Sample, Roots {}

  /** A form elicitation: a person fills in {@code request}'s schema. */
  public record Elicit(McpSchema.ElicitRequest request) implements Request {
    public Elicit {
      Objects.requireNonNull(request, "request");
    }
  }

  /** A message from the client's model. */
  public record Sample(McpSchema.CreateMessageRequest request) implements Request {
    public Sample {
      Objects.requireNonNull(request, "request");
    }
  }

  /** The client's roots. */
  public record Roots() implements Request {}

  private final Map<String, Request> requests = new LinkedHashMap<>();

  private InputRequests() {}

  /** No questions yet. */
  public static InputRequests of() {
    return new InputRequests();
  }

  /** Adds a form elicitation under {@code key}. */
  public InputRequests elicit(String key, McpSchema.ElicitRequest request) {
    return add(key, new Elicit(request));
  }

  /** Adds a sampling request under {@code key}. */
  public InputRequests sample(String key, McpSchema.CreateMessageRequest request) {
    return add(key, new Sample(request));
  }

  /** Adds a request for the client's roots under {@code key}. */
  public InputRequests roots(String key) {
    return add(key, new Roots());
  }

  private InputRequests add(String key, Request request) {
    Objects.requireNonNull(key, "key");
    if (key.isBlank() || requests.containsKey(key)) {
      throw new IllegalArgumentException(
          "input keys must be non-blank and distinct: '" + key + "'");
    }
    requests.put(key, request);
    return this;
  }

  /** The questions by key, in the order added. */
  public Map<String, Request> requests() {
    return Collections.unmodifiableMap(requests);
  }
}
