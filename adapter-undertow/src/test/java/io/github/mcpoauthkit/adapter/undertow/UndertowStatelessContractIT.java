package io.github.mcpoauthkit.adapter.undertow;

import io.github.mcpoauthkit.contract.McpStatelessHttpContract;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.github.mcpoauthkit.streamablehttp.testing.TestMcpStack;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The HTTP contract of a stateless protected MCP server, on Undertow. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UndertowStatelessContractIT implements McpStatelessHttpContract {

  private TestMcpStack stack;

  @BeforeAll
  void start() {
    stack =
        TestMcpStack.onFreePort(
            true,
            settings ->
                settings.requiredScopes(
                    Set.of(new Scope(McpStatelessHttpContract.REQUIRED_SCOPE))));
    stack.serving(
        UndertowMcpServer.start(
            stack.handler(),
            "127.0.0.1",
            stack.port(),
            ResourceServerSettings.DEFAULT_MAX_HEADER_BYTES));
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + stack.port();
  }

  @Override
  public String mcpUrl() {
    return stack.mcpUrl();
  }

  @Override
  public String issuer() {
    return TestMcpStack.ISSUER.value();
  }

  @Override
  public String token(String subject, String scope) {
    return stack.token(subject, scope);
  }

  @Override
  public String expiredToken(String subject) {
    return stack.expiredToken(subject);
  }

  @Override
  public String otherAudienceToken(String subject) {
    return stack.tokenForOtherAudience(subject);
  }

  @Override
  public String tokenWithUnknownKey(String subject) {
    return stack.tokenWithUnknownKey(subject);
  }

  @Override
  public void keySetReachable(boolean reachable) {
    stack.keySetReachable(reachable);
  }
}
