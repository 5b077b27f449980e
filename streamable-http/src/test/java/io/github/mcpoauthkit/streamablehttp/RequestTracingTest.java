package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.port.driven.Tracing.Attribute;
import io.github.mcpoauthkit.port.driven.Tracing.Operation;
import io.github.mcpoauthkit.streamablehttp.RecordingTracing.RecordedSpan;
import io.github.mcpoauthkit.streamablehttp.testing.TestMcpStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which spans the handler starts, under which parent, with which attributes: the parent of the
 * authentication span is the HTTP {@code traceparent}; the MCP handler's is {@code
 * params._meta.traceparent} when there is one, else the header's.
 */
class RequestTracingTest {

  private static final String HEADER_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String HEADER_PARENT = "00-" + HEADER_TRACE + "-00f067aa0ba902b7-01";
  private static final String META_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String META_PARENT = "00-" + META_TRACE + "-b7ad6b7169203331-01";
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  private final RecordingTracing tracing = new RecordingTracing();
  private final TestMcpStack stack = TestMcpStack.tracedBy(tracing);

  @AfterEach
  void close() {
    stack.close();
  }

  private InMemoryExchange handle(InMemoryExchange exchange) throws Exception {
    stack.handler().handle(exchange.header("Host", "localhost:" + stack.port()), exchange);
    return exchange;
  }

  private static String modernCall(String tool, String extraMeta) {
    return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{\"text\":\"hi\"},\"_meta\":{"
        + extraMeta
        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        + "\"io.modelcontextprotocol/clientCapabilities\":{},"
        + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}}";
  }

  private InMemoryExchange modern(String body, String tool) {
    return InMemoryExchange.post(body, stack.token("alice", ""))
        .header("MCP-Protocol-Version", "2026-07-28")
        .header("Mcp-Method", "tools/call")
        .header("Mcp-Name", tool);
  }

  @Test
  void the_header_traceparent_is_the_parent_of_both_spans() throws Exception {
    InMemoryExchange exchange =
        handle(
            InMemoryExchange.post(INITIALIZE, stack.token("alice", ""))
                .header("traceparent", HEADER_PARENT)
                .header("tracestate", "vendor=x"));

    assertThat(exchange.status()).isEqualTo(200);
    RecordedSpan authentication = tracing.of(Operation.AUTHENTICATION).get(0);
    RecordedSpan handler = tracing.of(Operation.MCP_REQUEST).get(0);
    assertThat(authentication.parent.orElseThrow().traceId()).isEqualTo(HEADER_TRACE);
    assertThat(authentication.attributes)
        .containsEntry(Attribute.AUTH_VERDICT, "accepted")
        .containsEntry(Attribute.AUTH_STEP, "bearer")
        .doesNotContainKey(Attribute.AUTH_REJECTION_CODE);
    assertThat(authentication.ends).isEqualTo(1);
    assertThat(handler.parent.orElseThrow().traceparent()).isEqualTo(HEADER_PARENT);
    assertThat(handler.parent.orElseThrow().tracestate()).isEqualTo("vendor=x");
    assertThat(handler.attributes)
        .containsEntry(Attribute.MCP_METHOD, "initialize")
        .containsEntry(Attribute.MCP_ERA, "2025")
        .containsEntry(Attribute.HTTP_STATUS, 200L)
        .containsEntry(Attribute.PARENT_SOURCE, "http_header");
    assertThat(handler.ends).isEqualTo(1);
  }

  @Test
  void the_meta_traceparent_of_a_2026_request_wins_for_the_handler_span() throws Exception {
    InMemoryExchange exchange =
        handle(
            modern(
                    modernCall(
                        "echo",
                        "\"traceparent\":\"" + META_PARENT + "\",\"tracestate\":\"meta=1\","),
                    "echo")
                .header("traceparent", HEADER_PARENT));

    assertThat(exchange.status()).as(exchange.responseBody()).isEqualTo(200);
    RecordedSpan authentication = tracing.of(Operation.AUTHENTICATION).get(0);
    RecordedSpan handler = tracing.of(Operation.MCP_REQUEST).get(0);
    assertThat(authentication.parent.orElseThrow().traceId()).isEqualTo(HEADER_TRACE);
    assertThat(handler.parent.orElseThrow().traceId()).isEqualTo(META_TRACE);
    assertThat(handler.parent.orElseThrow().tracestate()).isEqualTo("meta=1");
    assertThat(handler.attributes)
        .containsEntry(Attribute.MCP_METHOD, "tools/call")
        .containsEntry(Attribute.TOOL_NAME, "echo")
        .containsEntry(Attribute.MCP_ERA, "2026")
        .containsEntry(Attribute.PARENT_SOURCE, "mcp_meta");
  }

  @Test
  void a_meta_traceparent_without_a_header_parents_the_handler_span_only() throws Exception {
    handle(modern(modernCall("echo", "\"traceparent\":\"" + META_PARENT + "\","), "echo"));

    assertThat(tracing.of(Operation.AUTHENTICATION).get(0).parent).isEmpty();
    assertThat(tracing.of(Operation.MCP_REQUEST).get(0).parent.orElseThrow().traceId())
        .isEqualTo(META_TRACE);
  }

  @Test
  void a_malformed_traceparent_starts_a_new_trace_and_the_request_is_served() throws Exception {
    InMemoryExchange exchange =
        handle(
            modern(modernCall("echo", "\"traceparent\":\"00-nonsense\","), "echo")
                .header("traceparent", "00-" + "Z".repeat(32) + "-00f067aa0ba902b7-01"));

    assertThat(exchange.status()).as(exchange.responseBody()).isEqualTo(200);
    assertThat(exchange.responseBody()).contains("hi");
    assertThat(tracing.of(Operation.AUTHENTICATION).get(0).parent).isEmpty();
    RecordedSpan handler = tracing.of(Operation.MCP_REQUEST).get(0);
    assertThat(handler.parent).isEmpty();
    assertThat(handler.attributes).containsEntry(Attribute.PARENT_SOURCE, "none");
  }

  @Test
  void a_refused_token_gives_an_authentication_span_with_its_code_and_no_handler_span()
      throws Exception {
    InMemoryExchange exchange =
        handle(
            InMemoryExchange.post(INITIALIZE, stack.expiredToken("alice"))
                .header("traceparent", HEADER_PARENT));

    assertThat(exchange.status()).isEqualTo(401);
    assertThat(tracing.of(Operation.MCP_REQUEST)).isEmpty();
    RecordedSpan authentication = tracing.of(Operation.AUTHENTICATION).get(0);
    assertThat(authentication.parent.orElseThrow().traceId()).isEqualTo(HEADER_TRACE);
    assertThat(authentication.attributes)
        .containsEntry(Attribute.AUTH_VERDICT, "rejected")
        .containsEntry(Attribute.AUTH_REJECTION_CODE, "token_expired")
        .containsEntry(Attribute.AUTH_STEP, "bearer");
    assertThat(authentication.ends).isEqualTo(1);
    assertThat(authentication.attributes.values().toString())
        .doesNotContain("alice")
        .doesNotContain(stack.expiredToken("alice").split("\\.")[1]);
  }

  @Test
  void a_tool_needing_more_scope_gives_a_tool_scope_span_and_no_handler_span() throws Exception {
    InMemoryExchange exchange = handle(modern(modernCall("admin_only", ""), "admin_only"));

    assertThat(exchange.status()).as(exchange.responseBody()).isEqualTo(403);
    assertThat(tracing.of(Operation.MCP_REQUEST)).isEmpty();
    assertThat(tracing.of(Operation.AUTHENTICATION)).hasSize(2);
    RecordedSpan scope = tracing.of(Operation.AUTHENTICATION).get(1);
    assertThat(scope.attributes)
        .containsEntry(Attribute.AUTH_STEP, "tool_scope")
        .containsEntry(Attribute.AUTH_REJECTION_CODE, "insufficient_scope")
        .containsEntry(Attribute.MCP_ERA, "2026");
  }

  @Test
  void outside_the_mcp_endpoint_no_span_is_started() throws Exception {
    handle(new InMemoryExchange("GET", "/health", "").header("traceparent", HEADER_PARENT));

    assertThat(tracing.spans).isEmpty();
  }
}
