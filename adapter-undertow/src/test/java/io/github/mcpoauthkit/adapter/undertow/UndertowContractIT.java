package io.github.mcpoauthkit.adapter.undertow;

import io.github.mcpoauthkit.contract.McpHttpContract;
import io.github.mcpoauthkit.contract.McpModernHttpContract;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.github.mcpoauthkit.streamablehttp.testing.StackFixture;
import io.github.mcpoauthkit.streamablehttp.testing.TestMcpStack;

/**
 * The HTTP contract of a protected MCP server, legacy sessions and MCP 2026-07-28 alike, on
 * Undertow.
 */
class UndertowContractIT extends StackFixture implements McpHttpContract, McpModernHttpContract {

  @Override
  protected AutoCloseable serve(TestMcpStack stack) {
    return UndertowMcpServer.start(
        stack.handler(),
        "127.0.0.1",
        stack.port(),
        ResourceServerSettings.DEFAULT_MAX_HEADER_BYTES,
        connectionIdleTimeout());
  }
}
