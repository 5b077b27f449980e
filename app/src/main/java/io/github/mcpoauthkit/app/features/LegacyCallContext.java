package io.github.mcpoauthkit.app.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.github.mcpoauthkit.streamablehttp.McpJson;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A call of the legacy era: a session's exchange carries progress, log messages and input requests
 * as server-to-client messages; a stateless legacy server has none of them.
 */
final class LegacyCallContext implements CallContext {

  private static final McpSchema.ClientCapabilities NONE =
      McpSchema.ClientCapabilities.builder().build();

  private final VerifiedToken principal;
  private final McpSyncServerExchange exchange;
  private final Object progressToken;

  private LegacyCallContext(
      VerifiedToken principal, McpSyncServerExchange exchange, Object progressToken) {
    this.principal = principal;
    this.exchange = exchange;
    this.progressToken = progressToken;
  }

  static CallContext session(
      VerifiedToken principal, McpSyncServerExchange exchange, Object progressToken) {
    return new LegacyCallContext(principal, exchange, progressToken);
  }

  static CallContext stateless(VerifiedToken principal) {
    return new LegacyCallContext(principal, null, null);
  }

  @Override
  public VerifiedToken principal() {
    return principal;
  }

  @Override
  public McpSchema.ClientCapabilities clientCapabilities() {
    return exchange == null || exchange.getClientCapabilities() == null
        ? NONE
        : exchange.getClientCapabilities();
  }

  @Override
  public void progress(double progress, Double total, String message) {
    if (exchange != null && progressToken != null) {
      exchange.progressNotification(
          McpSchema.ProgressNotification.builder(progressToken, progress)
              .total(total)
              .message(message)
              .build());
    }
  }

  // MCP SDK 2.2.0 deprecates the legacy era's logging notifications (2026-07-28 replaces them);
  // legacy sessions still have them.
  @SuppressWarnings("deprecation")
  @Override
  public void log(McpSchema.LoggingLevel level, String logger, Object data) {
    if (exchange != null) {
      exchange.loggingNotification(
          McpSchema.LoggingMessageNotification.builder(level, text(data)).logger(logger).build());
    }
  }

  // As above: sampling and roots as server requests are the legacy era's.
  @SuppressWarnings("deprecation")
  @Override
  public InputResponses ask(InputRequests requests) {
    if (exchange == null) {
      throw new McpError(
          new McpSchema.JSONRPCResponse.JSONRPCError(
              McpSchema.ErrorCodes.INVALID_REQUEST,
              "This tool asks the client for input, which a stateless legacy server cannot do;"
                  + " use MCP 2026-07-28 or a session",
              null));
    }
    Map<String, Object> answers = new LinkedHashMap<>();
    requests
        .requests()
        .forEach(
            (key, request) -> {
              Object answer;
              if (request instanceof InputRequests.Elicit elicit) {
                answer = exchange.createElicitation(elicit.request());
              } else if (request instanceof InputRequests.Sample sample) {
                answer = exchange.createMessage(sample.request());
              } else {
                answer = exchange.listRoots();
              }
              answers.put(key, answer);
            });
    return new InputResponses(answers);
  }

  @Override
  public Optional<McpSyncServerExchange> exchange() {
    return Optional.ofNullable(exchange);
  }

  static String text(Object data) {
    if (data instanceof String string) {
      return string;
    }
    try {
      return McpJson.objectMapper().writeValueAsString(data);
    } catch (JsonProcessingException e) {
      return String.valueOf(data);
    }
  }
}
