package io.github.mcpoauthkit.streamablehttp.testing;

import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.github.mcpoauthkit.streamablehttp.AuthenticatedPrincipal;
import io.github.mcpoauthkit.streamablehttp.McpJson;
import io.github.mcpoauthkit.streamablehttp.PrincipalBoundRequestState;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpChangeFeed;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ServerChange;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MCP 2026-07-28 server of {@link TestMcpStack}: tools {@code echo}, {@code whoami}, {@code
 * admin_only}, {@code confirm} (asks for input, then answers with its sealed state), {@code notify}
 * (reports progress on an event stream), {@code stall} (waits until its stream is closed, and
 * counts the calls whose work was cancelled), {@code header_echo} (a parameter mirrored in {@code
 * Mcp-Param-Region}) and {@code touch} (announces a changed tool list to subscribers).
 */
final class TestModernServer {

  private final AtomicLong offset = new AtomicLong();
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.now().plusMillis(offset.get());
        }
      };
  private final McpChangeFeed changes = new McpChangeFeed();
  private final AtomicLong cancelled = new AtomicLong();
  private final CountDownLatch stalled = new CountDownLatch(1);
  final McpServer server;

  TestModernServer() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, McpSyncTool> tools = new LinkedHashMap<>();
    add(tools, tool("echo"), (ctx, request) -> text("" + arguments(request).get("text")));
    add(
        tools,
        tool("whoami"),
        (ctx, request) ->
            text(
                AuthenticatedPrincipal.from(ctx.transportContext())
                    .map(VerifiedToken::subject)
                    .orElse("?")));
    add(tools, tool("admin_only"), (ctx, request) -> text("admin done"));
    add(
        tools,
        tool("confirm"),
        (ctx, request) -> {
          Map<String, Object> responses = request.inputResponses();
          if (responses == null || !(responses.get("ok") instanceof Map<?, ?> answer)) {
            return McpSyncResponse.result(
                McpSchema.InputRequiredResult.builder()
                    .elicit(
                        "ok",
                        McpSchema.ElicitFormRequest.builder(
                                "Proceed?",
                                Map.of(
                                    "type",
                                    "object",
                                    "properties",
                                    Map.of("ok", Map.of("type", "boolean"))))
                            .build())
                    .requestState("asked " + arguments(request).get("text"))
                    .build());
          }
          return McpSyncResponse.result(
              textResult("confirmed: " + request.requestState() + " " + answer.get("action")));
        });
    add(
        tools,
        tool("notify"),
        (ctx, request) ->
            McpSyncResponse.streaming(
                notifier -> {
                  notifier.progress(0.5, 1.0, "half");
                  return textResult("notified");
                }));
    add(
        tools,
        tool("stall"),
        (ctx, request) ->
            McpSyncResponse.streaming(
                notifier -> {
                  stalled.countDown();
                  // Reports progress until its stream closes (the server then cancels the work,
                  // which interrupts this thread), for at most 20 s.
                  try {
                    for (int step = 0; step < 100; step++) {
                      notifier.progress(step, 100.0, "working");
                      Thread.sleep(200);
                    }
                    return textResult("not cancelled");
                  } catch (InterruptedException e) {
                    cancelled.incrementAndGet();
                    Thread.currentThread().interrupt();
                    return textResult("cancelled");
                  }
                }));
    add(
        tools,
        McpSchema.Tool.builder(
                "header_echo",
                McpJson.mcpMapper(),
                "{\"type\":\"object\",\"properties\":{\"region\":{\"type\":\"string\","
                    + "\"x-mcp-header\":\"Region\"}}}")
            .description("echoes its region, which the client mirrors in Mcp-Param-Region")
            .build(),
        (ctx, request) -> text("region " + arguments(request).get("region")));
    add(
        tools,
        tool("touch"),
        (ctx, request) -> {
          changes.broadcast(new ServerChange.ToolsListChanged());
          return text("touched");
        });
    List<McpSchema.Tool> definitions = new ArrayList<>();
    tools.values().forEach(tool -> definitions.add(tool.definition()));
    McpSyncToolRepository repository =
        new McpSyncToolRepository() {
          @Override
          public ToolsPage list(McpRequestContext ctx, String cursor) {
            return ToolsPage.of(definitions);
          }

          @Override
          public McpSyncTool find(McpRequestContext ctx, String name) {
            return tools.get(name);
          }
        };
    server =
        McpServer.builder()
            .serverInfo(McpSchema.Implementation.builder("test-server", "1.0.0").build())
            .jsonMapper(McpJson.mcpMapper())
            .feature(
                ToolsFeature.ofSync(
                    repository,
                    McpJson.mcpMapper(),
                    McpJsonDefaults.getSchemaValidator(),
                    0L,
                    McpSchema.CacheScope.PRIVATE))
            .subscriptions(changes)
            .requestStateCodec(PrincipalBoundRequestState.codec(key, Duration.ofMinutes(10), clock))
            .build();
  }

  /** Moves the clock that sealed states expire by. */
  void advanceClock(Duration duration) {
    offset.addAndGet(duration.toMillis());
  }

  /** How many {@code stall} calls were interrupted because their response stream closed. */
  long cancelledCalls() {
    return cancelled.get();
  }

  /** Waits until a {@code stall} call has started. */
  boolean awaitStall(Duration timeout) throws InterruptedException {
    return stalled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void add(
      Map<String, McpSyncTool> tools, McpSchema.Tool definition, McpSyncTool.Handler handler) {
    tools.put(definition.name(), McpSyncTool.of(definition, handler));
  }

  private static Map<String, Object> arguments(McpSchema.CallToolRequest request) {
    return request.arguments() == null ? Map.of() : request.arguments();
  }

  private static McpSchema.Tool tool(String name) {
    return McpSchema.Tool.builder(
            name,
            McpJson.mcpMapper(),
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
        .description("test tool " + name)
        .build();
  }

  private static McpSyncResponse<McpSchema.CallToolOutcome> text(String text) {
    return McpSyncResponse.result(textResult(text));
  }

  private static McpSchema.CallToolResult textResult(String text) {
    return McpSchema.CallToolResult.builder()
        .addContent(McpSchema.TextContent.builder(text).build())
        .build();
  }
}
