package io.github.mcpoauthkit.contract;

/**
 * An MCP session opened by a contract test.
 *
 * @param id the {@code Mcp-Session-Id} the server assigned
 * @param protocolVersion the negotiated MCP version, sent as {@code MCP-Protocol-Version}
 * @param token the access token that opened it
 */
record McpSession(String id, String protocolVersion, String token) {}
