package io.github.mcpoauthkit.app.features;

import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.github.mcpoauthkit.streamablehttp.AuthenticatedPrincipal;
import io.github.mcpoauthkit.streamablehttp.McpJson;
import io.github.mcpoauthkit.streamablehttp.StatelessHttpTransport;
import io.github.mcpoauthkit.streamablehttp.StreamableHttpTransportProvider;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds the SDK's MCP server, stateful or stateless, from a {@link FeatureCatalog}. */
public final class McpServers {

  /** Sampling and elicitation wait for a person; the SDK's default 10 s is too short. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

  private McpServers() {}

  /** The server's name and version in {@code initialize}. */
  public record Identity(String name, String version, String instructions) {}

  /** A stateful server on {@code provider}; close it on shutdown. */
  public static AutoCloseable stateful(
      StreamableHttpTransportProvider provider, FeatureCatalog catalog, Identity identity) {
    List<McpServerFeatures.SyncToolSpecification> tools = new ArrayList<>();
    for (FeatureCatalog.ToolEntry entry : catalog.tools) {
      tools.add(
          McpServerFeatures.SyncToolSpecification.builder()
              .tool(entry.tool())
              .callHandler(
                  (exchange, request) ->
                      entry.handler().call(context(exchange, request.progressToken()), request))
              .build());
    }
    List<McpServerFeatures.SyncPromptSpecification> prompts = new ArrayList<>();
    for (FeatureCatalog.PromptEntry entry : catalog.prompts) {
      prompts.add(
          new McpServerFeatures.SyncPromptSpecification(
              entry.prompt(),
              (exchange, request) ->
                  entry.handler().get(context(exchange, request.progressToken()), request)));
    }
    List<McpServerFeatures.SyncResourceSpecification> resources = new ArrayList<>();
    for (FeatureCatalog.ResourceEntry entry : catalog.resources) {
      resources.add(
          new McpServerFeatures.SyncResourceSpecification(
              entry.resource(),
              (exchange, request) ->
                  entry.handler().read(context(exchange, request.progressToken()), request)));
    }
    List<McpServerFeatures.SyncResourceTemplateSpecification> templates = new ArrayList<>();
    for (FeatureCatalog.TemplateEntry entry : catalog.templates) {
      templates.add(
          new McpServerFeatures.SyncResourceTemplateSpecification(
              entry.template(),
              (exchange, request) ->
                  entry.handler().read(context(exchange, request.progressToken()), request)));
    }
    List<McpServerFeatures.SyncCompletionSpecification> completions = new ArrayList<>();
    for (FeatureCatalog.CompletionEntry entry : catalog.completions) {
      completions.add(
          new McpServerFeatures.SyncCompletionSpecification(
              entry.reference(),
              (exchange, request) -> entry.handler().complete(context(exchange, null), request)));
    }
    var server =
        McpServer.sync(provider)
            .jsonMapper(McpJson.mcpMapper())
            .serverInfo(identity.name(), identity.version())
            .instructions(identity.instructions())
            .requestTimeout(REQUEST_TIMEOUT)
            .capabilities(capabilities(catalog, true))
            .tools(tools)
            .prompts(prompts)
            .resources(resources)
            .resourceTemplates(templates)
            .completions(completions)
            .build();
    catalog.changes.listen(new SessionChanges(server));
    return server::close;
  }

  /** A stateless server on {@code transport}; close it on shutdown. */
  public static AutoCloseable stateless(
      StatelessHttpTransport transport, FeatureCatalog catalog, Identity identity) {
    List<McpStatelessServerFeatures.SyncToolSpecification> tools = new ArrayList<>();
    for (FeatureCatalog.ToolEntry entry : catalog.tools) {
      tools.add(
          new McpStatelessServerFeatures.SyncToolSpecification(
              entry.tool(), (context, request) -> entry.handler().call(context(context), request)));
    }
    List<McpStatelessServerFeatures.SyncPromptSpecification> prompts = new ArrayList<>();
    for (FeatureCatalog.PromptEntry entry : catalog.prompts) {
      prompts.add(
          new McpStatelessServerFeatures.SyncPromptSpecification(
              entry.prompt(),
              (context, request) -> entry.handler().get(context(context), request)));
    }
    List<McpStatelessServerFeatures.SyncResourceSpecification> resources = new ArrayList<>();
    for (FeatureCatalog.ResourceEntry entry : catalog.resources) {
      resources.add(
          new McpStatelessServerFeatures.SyncResourceSpecification(
              entry.resource(),
              (context, request) -> entry.handler().read(context(context), request)));
    }
    List<McpStatelessServerFeatures.SyncResourceTemplateSpecification> templates =
        new ArrayList<>();
    for (FeatureCatalog.TemplateEntry entry : catalog.templates) {
      templates.add(
          new McpStatelessServerFeatures.SyncResourceTemplateSpecification(
              entry.template(),
              (context, request) -> entry.handler().read(context(context), request)));
    }
    List<McpStatelessServerFeatures.SyncCompletionSpecification> completions = new ArrayList<>();
    for (FeatureCatalog.CompletionEntry entry : catalog.completions) {
      completions.add(
          new McpStatelessServerFeatures.SyncCompletionSpecification(
              entry.reference(),
              (context, request) -> entry.handler().complete(context(context), request)));
    }
    var server =
        McpServer.sync(transport)
            .jsonMapper(McpJson.mcpMapper())
            .serverInfo(identity.name(), identity.version())
            .instructions(identity.instructions())
            .capabilities(capabilities(catalog, false))
            .tools(tools)
            .prompts(prompts)
            .resources(resources)
            .resourceTemplates(templates)
            .completions(completions)
            .build();
    return server::close;
  }

  // MCP SDK 2.2.0 deprecates the legacy era's server-to-client logging, sampling and roots: the
  // 2026-07-28 revision replaces them. Legacy sessions (2024-11-05 to 2025-11-25) still have them.
  @SuppressWarnings("deprecation")
  private static McpSchema.ServerCapabilities capabilities(
      FeatureCatalog catalog, boolean stateful) {
    McpSchema.ServerCapabilities.Builder builder = McpSchema.ServerCapabilities.builder();
    if (!catalog.tools.isEmpty()) {
      builder.tools(false);
    }
    if (!catalog.prompts.isEmpty()) {
      builder.prompts(false);
    }
    if (!catalog.resources.isEmpty() || !catalog.templates.isEmpty()) {
      builder.resources(stateful, false);
    }
    if (!catalog.completions.isEmpty()) {
      builder.completions();
    }
    if (stateful) {
      builder.logging();
    }
    return builder.build();
  }

  private static CallContext context(McpSyncServerExchange exchange, Object progressToken) {
    return LegacyCallContext.session(
        principal(exchange.transportContext()), exchange, progressToken);
  }

  private static CallContext context(McpTransportContext transportContext) {
    return LegacyCallContext.stateless(principal(transportContext));
  }

  private static VerifiedToken principal(McpTransportContext context) {
    // The transport authenticates every request before the SDK sees it, so a missing principal is
    // a wiring bug, never a client's doing.
    return AuthenticatedPrincipal.from(context)
        .orElseThrow(() -> new IllegalStateException("no authenticated principal in the context"));
  }

  /** Carries the catalog's changes to legacy sessions as list-changed notifications. */
  private record SessionChanges(McpSyncServer server) implements FeatureChanges {
    @Override
    public void toolsChanged() {
      server.notifyToolsListChanged();
    }

    @Override
    public void promptsChanged() {
      server.notifyPromptsListChanged();
    }

    @Override
    public void resourcesChanged() {
      server.notifyResourcesListChanged();
    }

    @Override
    public void resourceUpdated(String uri) {
      server.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(uri, null));
    }
  }
}
