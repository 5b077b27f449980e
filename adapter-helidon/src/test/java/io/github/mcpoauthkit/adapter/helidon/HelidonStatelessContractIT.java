package io.github.mcpoauthkit.adapter.helidon;

import io.github.mcpoauthkit.contract.McpStatelessHttpContract;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.github.mcpoauthkit.streamablehttp.testing.StackFixture;
import io.github.mcpoauthkit.streamablehttp.testing.TestMcpStack;
import java.util.Set;

/** The HTTP contract of a stateless protected MCP server, on Helidon. */
class HelidonStatelessContractIT extends StackFixture implements McpStatelessHttpContract {

  @Override
  protected TestMcpStack newStack() {
    return TestMcpStack.onFreePort(
        true,
        settings ->
            settings.requiredScopes(Set.of(new Scope(McpStatelessHttpContract.REQUIRED_SCOPE))));
  }

  @Override
  protected AutoCloseable serve(TestMcpStack stack) {
    return HelidonMcpServer.start(
        stack.handler(),
        "127.0.0.1",
        stack.port(),
        ResourceServerSettings.DEFAULT_MAX_HEADER_BYTES,
        connectionIdleTimeout());
  }
}
