package io.github.mcpoauthkit.app.features;

import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.Optional;

/** What a tool, prompt, resource or completion handler knows about the call. */
public interface CallContext {

  /** The verified token of the request: subject, client id, scopes and every claim. */
  VerifiedToken principal();

  /**
   * The MCP session's exchange, for logging, progress, sampling and elicitation; empty when the
   * server is stateless.
   */
  Optional<McpSyncServerExchange> exchange();
}
