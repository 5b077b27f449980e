package io.github.mcpoauthkit.app.features;

import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Optional;

/**
 * What a tool, prompt, resource or completion handler knows about the call, and how it talks back,
 * the same in both protocol eras: a legacy session (MCP 2024-11-05 to 2025-11-25) and a stateless
 * MCP 2026-07-28 request. Not thread-safe: use it on the handler's thread, during the call.
 */
public interface CallContext {

  /** The verified token of the request: subject, client id, scopes and every claim. */
  VerifiedToken principal();

  /** What the client declared it can do: elicitation, sampling, roots. */
  McpSchema.ClientCapabilities clientCapabilities();

  /**
   * Reports progress to the client; does nothing when the client asked for none (it sent no
   * progress token).
   */
  void progress(double progress, Double total, String message);

  /**
   * Sends a log message; does nothing when the client did not ask for messages of this level (on a
   * legacy session with {@code logging/setLevel}, on a 2026-07-28 request with a log level in
   * {@code _meta}).
   */
  void log(McpSchema.LoggingLevel level, String logger, Object data);

  /**
   * Asks the client for input: each request is answered by the client (a person, a model, its
   * roots). On a legacy session each becomes a server-to-client request, answered before this
   * returns. On a 2026-07-28 request the call ends with an {@code input_required} result naming
   * every request not yet answered, and the client calls again with the answers; the handler then
   * runs again from the start, and this method returns the answers of this round and of every
   * earlier one (the kit carries them in the integrity-protected {@code requestState}). So a
   * handler asks with stable keys, and does no irreversible work before its last question.
   *
   * @throws io.modelcontextprotocol.spec.McpError if the client cannot answer (it declared no such
   *     capability, or the server keeps no sessions)
   */
  InputResponses ask(InputRequests requests);

  /** Asks for one form elicitation; see {@link #ask}. */
  default McpSchema.ElicitResult elicit(String key, McpSchema.ElicitRequest request) {
    return ask(InputRequests.of().elicit(key, request)).elicitation(key);
  }

  /** Asks the client's model for one message; see {@link #ask}. */
  default McpSchema.CreateMessageResult sample(String key, McpSchema.CreateMessageRequest request) {
    return ask(InputRequests.of().sample(key, request)).sample(key);
  }

  /** Asks for the client's roots; see {@link #ask}. */
  default McpSchema.ListRootsResult roots(String key) {
    return ask(InputRequests.of().roots(key)).roots(key);
  }

  /**
   * The legacy session's exchange, for what only that era has; empty on 2026-07-28 requests and
   * when the server is stateless. Prefer the methods above, which serve both eras.
   */
  Optional<McpSyncServerExchange> exchange();
}
