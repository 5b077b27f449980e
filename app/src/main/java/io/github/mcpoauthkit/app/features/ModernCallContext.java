package io.github.mcpoauthkit.app.features;

import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.github.mcpoauthkit.streamablehttp.McpJson;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncNotifier;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A call of MCP 2026-07-28: progress and log messages go on the request's own event stream (when
 * the client asked for them, the response is one); input comes as {@code input_required} rounds,
 * whose answers so far travel in {@code requestState}.
 */
final class ModernCallContext implements CallContext {

  /** The 2026-07-28 {@code _meta} key of the log level a client asks for. */
  static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";

  private final VerifiedToken principal;
  private final McpRequestContext request;
  private final Map<String, Object> answers;
  private final McpSyncNotifier notifier;

  ModernCallContext(
      VerifiedToken principal,
      McpRequestContext request,
      Map<String, Object> answers,
      McpSyncNotifier notifier) {
    this.principal = principal;
    this.request = request;
    this.answers = answers;
    this.notifier = notifier;
  }

  /** Whether the client asked for progress or log messages, which need an event stream. */
  static boolean wantsNotifications(McpRequestContext request) {
    return request.progressToken() != null || request.meta().get(LOG_LEVEL) instanceof String;
  }

  @Override
  public VerifiedToken principal() {
    return principal;
  }

  @Override
  public McpSchema.ClientCapabilities clientCapabilities() {
    return McpJson.mcpMapper()
        .convertValue(request.clientCapabilities(), McpSchema.ClientCapabilities.class);
  }

  @Override
  public void progress(double progress, Double total, String message) {
    if (notifier != null && request.progressToken() != null) {
      notifier.progress(progress, total, message);
    }
  }

  @Override
  public void log(McpSchema.LoggingLevel level, String logger, Object data) {
    Optional<McpSchema.LoggingLevel> wanted = requestedLevel();
    if (notifier != null && wanted.isPresent() && level.level() >= wanted.get().level()) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("level", level);
      if (logger != null) {
        params.put("logger", logger);
      }
      params.put("data", data);
      notifier.notify("notifications/message", params);
    }
  }

  private Optional<McpSchema.LoggingLevel> requestedLevel() {
    if (!(request.meta().get(LOG_LEVEL) instanceof String name)) {
      return Optional.empty();
    }
    for (McpSchema.LoggingLevel level : McpSchema.LoggingLevel.values()) {
      if (level.name().equalsIgnoreCase(name)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }

  @Override
  public InputResponses ask(InputRequests requests) {
    Map<String, Object> known = new LinkedHashMap<>();
    Map<String, io.modelcontextprotocol.modern.McpSchema.InputRequest> missing =
        new LinkedHashMap<>();
    requests
        .requests()
        .forEach(
            (key, question) -> {
              Object answer = answers.get(key);
              if (answer != null) {
                known.put(key, legacyAnswer(key, question, answer));
              } else {
                missing.put(key, modernRequest(question));
              }
            });
    if (!missing.isEmpty()) {
      throw new InputNeeded(missing);
    }
    return new InputResponses(known);
  }

  // MCP 2026-07-28 deprecates sampling and roots input requests but still defines them, and
  // handlers written for the legacy era use them: both eras keep serving them.
  @SuppressWarnings("deprecation")
  private io.modelcontextprotocol.modern.McpSchema.InputRequest modernRequest(
      InputRequests.Request question) {
    io.modelcontextprotocol.modern.McpSchema.ClientCapabilities declared =
        request.clientCapabilities();
    io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Builder required =
        io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.builder();
    if (question instanceof InputRequests.Elicit elicit
        && elicit.request() instanceof McpSchema.ElicitUrlRequest url) {
      if (!declared.supportsElicitationUrl()) {
        throw McpException.missingClientCapability(
            required
                .elicitation(
                    new io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Elicitation(
                        null,
                        new io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Elicitation
                            .Url()))
                .build());
      }
      return io.modelcontextprotocol.modern.McpSchema.InputRequest.elicitUrl(
          url.message(), url.url());
    }
    if (question instanceof InputRequests.Elicit elicit) {
      if (!declared.supportsElicitationForm()) {
        throw McpException.missingClientCapability(
            required
                .elicitation(
                    new io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Elicitation(
                        new io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.Elicitation
                            .Form(),
                        null))
                .build());
      }
      return io.modelcontextprotocol.modern.McpSchema.InputRequest.elicit(
          McpJson.mcpMapper()
              .convertValue(
                  elicit.request(),
                  io.modelcontextprotocol.modern.McpSchema.ElicitFormRequest.class));
    }
    if (question instanceof InputRequests.Sample sample) {
      if (!declared.supportsSampling()) {
        throw McpException.missingClientCapability(required.sampling().build());
      }
      return io.modelcontextprotocol.modern.McpSchema.InputRequest.createMessage(
          McpJson.mcpMapper()
              .convertValue(
                  sample.request(),
                  io.modelcontextprotocol.modern.McpSchema.CreateMessageRequest.class));
    }
    if (!declared.supportsRoots()) {
      throw McpException.missingClientCapability(required.roots().build());
    }
    return io.modelcontextprotocol.modern.McpSchema.InputRequest.listRoots();
  }

  private static Object legacyAnswer(String key, InputRequests.Request question, Object answer) {
    Class<?> type =
        question instanceof InputRequests.Elicit
            ? McpSchema.ElicitResult.class
            : question instanceof InputRequests.Sample
                ? McpSchema.CreateMessageResult.class
                : McpSchema.ListRootsResult.class;
    try {
      Object converted = McpJson.mcpMapper().convertValue(answer, type);
      if (converted == null) {
        throw new IllegalArgumentException("empty");
      }
      return converted;
    } catch (IllegalArgumentException e) {
      throw McpException.invalidParams(
          "inputResponses['" + key + "'] is not a valid " + type.getSimpleName());
    }
  }

  @Override
  public Optional<McpSyncServerExchange> exchange() {
    return Optional.empty();
  }

  /** Ends an attempt whose questions are not all answered yet: the call needs another round. */
  static final class InputNeeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // never serialized: caught within the call that threw it
    private final Map<String, io.modelcontextprotocol.modern.McpSchema.InputRequest> requests;

    InputNeeded(Map<String, io.modelcontextprotocol.modern.McpSchema.InputRequest> requests) {
      super("input required", null, false, false);
      this.requests = Collections.unmodifiableMap(new LinkedHashMap<>(requests));
    }

    Map<String, io.modelcontextprotocol.modern.McpSchema.InputRequest> requests() {
      return requests;
    }
  }
}
