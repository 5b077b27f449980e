package io.github.mcpoauthkit.streamablehttp;

import java.io.IOException;
import java.util.List;

/**
 * The MCP side of the endpoint, behind authentication: {@link StreamableHttpTransportProvider}
 * (sessions, event streams) or {@link StatelessHttpTransport} (every request stands alone). Give
 * the same instance to {@code McpServer.sync(...)} and to {@link ResourceServerHandler}.
 */
public abstract sealed class McpEndpoint
    permits StreamableHttpTransportProvider, StatelessHttpTransport {

  /** The MCP protocol versions offered, oldest first; the SDK offers the last one by default. */
  static final List<String> PROTOCOL_VERSIONS =
      List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

  /** The version assumed when a request has no {@code MCP-Protocol-Version} header. */
  static final String ASSUMED_PROTOCOL_VERSION = "2025-03-26";

  McpEndpoint() {}

  abstract void post(McpCall call, HttpResponseChannel out) throws IOException;

  abstract void get(McpCall call, HttpResponseChannel out) throws IOException;

  abstract void delete(McpCall call, HttpResponseChannel out) throws IOException;

  /**
   * Ends, cleanly, the event streams that only listen (a session's GET stream), which no request's
   * end would close; the streams of requests in progress go on.
   *
   * @return how many were ended
   */
  abstract int endListeningStreams();

  /** Closes every session and stream. */
  abstract void shutdown();

  /** How many sessions are open now; none without sessions. */
  public int openSessions() {
    return 0;
  }

  /** How many event streams of sessions are open now. */
  int openStreams() {
    return 0;
  }
}
