package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.testing.TestMcpStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tool with scopes of its own is decided on the verdict the request already has: the credentials
 * are verified once per request, so single-use parts of a request (a DPoP proof's {@code jti}) are
 * never seen twice.
 */
class ToolScopeDecisionTest {

  private final TestMcpStack stack = TestMcpStack.onFreePort();

  @AfterEach
  void close() {
    stack.close();
  }

  private static String modernCall(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{},\"_meta\":{"
        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":{},"
        + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}}";
  }

  private InMemoryExchange handle(InMemoryExchange exchange) throws Exception {
    stack.handler().handle(exchange.header("Host", "localhost:" + stack.port()), exchange);
    return exchange;
  }

  private InMemoryExchange modern(String tool, String scope) throws Exception {
    return handle(
        InMemoryExchange.post(modernCall(tool), stack.token("alice", scope))
            .header("MCP-Protocol-Version", "2026-07-28")
            .header("Mcp-Method", "tools/call")
            .header("Mcp-Name", tool));
  }

  @Test
  void a_scoped_tool_allowed_by_the_token_costs_one_verification() throws Exception {
    long before = stack.credentialLookups();

    InMemoryExchange exchange = modern("admin_only", "mcp:admin");

    assertThat(exchange.status()).as(exchange.responseBody()).isEqualTo(200);
    assertThat(exchange.responseBody()).contains("admin done");
    assertThat(stack.credentialLookups() - before).isEqualTo(1);
  }

  @Test
  void a_broader_scope_still_allows_the_tool_through_the_hierarchy() throws Exception {
    InMemoryExchange exchange = modern("admin_only", "mcp:root");

    assertThat(exchange.status()).as(exchange.responseBody()).isEqualTo(200);
  }

  @Test
  void a_scoped_tool_refused_is_a_403_after_one_verification() throws Exception {
    long before = stack.credentialLookups();

    InMemoryExchange exchange = modern("admin_only", "mcp:read");

    assertThat(exchange.status()).as(exchange.responseBody()).isEqualTo(403);
    assertThat(exchange.responseHeader("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"")
        .contains("scope=\"mcp:read mcp:admin\"");
    assertThat(stack.credentialLookups() - before).isEqualTo(1);
  }

  @Test
  void a_legacy_call_of_a_scoped_tool_is_refused_after_one_verification() throws Exception {
    long before = stack.credentialLookups();

    InMemoryExchange exchange =
        handle(
            InMemoryExchange.post(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"admin_only\",\"arguments\":{}}}",
                stack.token("alice", "mcp:read")));

    assertThat(exchange.status()).as(exchange.responseBody()).isEqualTo(403);
    assertThat(stack.credentialLookups() - before).isEqualTo(1);
  }
}
