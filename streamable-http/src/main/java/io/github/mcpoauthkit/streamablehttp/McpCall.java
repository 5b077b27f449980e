package io.github.mcpoauthkit.streamablehttp;

import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.modelcontextprotocol.common.McpTransportContext;

/**
 * An authenticated request to the MCP endpoint, as the handler passes it to the transport.
 *
 * @param request the HTTP request
 * @param principal the verified token
 * @param message the parsed body of a POST; {@code null} for GET and DELETE
 */
record McpCall(HttpRequestView request, VerifiedToken principal, JsonRpc.Parsed message) {

  McpTransportContext context() {
    return AuthenticatedPrincipal.contextFor(principal);
  }

  boolean acceptsEventStream() {
    return HttpHeaderValues.accepts(request.headers("Accept"), "text/event-stream");
  }

  boolean acceptsJson() {
    return HttpHeaderValues.accepts(request.headers("Accept"), "application/json");
  }
}
