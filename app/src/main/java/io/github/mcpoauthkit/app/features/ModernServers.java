package io.github.mcpoauthkit.app.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.github.mcpoauthkit.streamablehttp.AuthenticatedPrincipal;
import io.github.mcpoauthkit.streamablehttp.McpJson;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpSyncNotifier;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.RequestStateCodec;
import io.modelcontextprotocol.modern.server.feature.McpChangeFeed;
import io.modelcontextprotocol.modern.server.feature.McpSyncCompletionHandler;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceTemplate;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import io.modelcontextprotocol.modern.server.feature.ResourceTemplatesPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.modern.server.feature.ServerChange;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the SDK's MCP 2026-07-28 server from the same {@link FeatureCatalog} as the legacy one:
 * each tool, prompt, resource and completion is registered once and served in both eras. The
 * catalog's definitions and results (the legacy schema types) are carried over to the 2026-07-28
 * types by their JSON, which both eras share; handlers get a {@link CallContext} whose progress,
 * log messages and input requests take the 2026-07-28 forms.
 */
public final class ModernServers {

  private ModernServers() {}

  /**
   * The server; close it with {@link McpServer#closeGracefully()} on shutdown (the transport does).
   *
   * @param requestState seals the state of multi round-trip requests
   */
  public static McpServer build(
      FeatureCatalog catalog, McpServers.Identity identity, RequestStateCodec requestState) {
    McpChangeFeed feed = new McpChangeFeed();
    catalog.changes.listen(new FeedChanges(feed));
    McpServer.Builder builder =
        McpServer.builder()
            .serverInfo(
                McpSchema.Implementation.builder(identity.name(), identity.version()).build())
            .instructions(identity.instructions())
            .jsonMapper(McpJson.mcpMapper())
            .requestStateCodec(requestState)
            .subscriptions(feed);
    if (!catalog.tools.isEmpty()) {
      builder.feature(
          ToolsFeature.ofSync(
              tools(catalog),
              McpJson.mcpMapper(),
              McpJsonDefaults.getSchemaValidator(),
              0L,
              McpSchema.CacheScope.PRIVATE));
    }
    if (!catalog.prompts.isEmpty()) {
      builder.feature(
          PromptsFeature.ofSync(
              prompts(catalog), McpJson.mcpMapper(), 0L, McpSchema.CacheScope.PRIVATE));
    }
    if (!catalog.resources.isEmpty() || !catalog.templates.isEmpty()) {
      builder.feature(
          ResourcesFeature.ofSync(
              resources(catalog), McpJson.mcpMapper(), 0L, McpSchema.CacheScope.PRIVATE));
    }
    return builder.build();
  }

  private static McpSyncToolRepository tools(FeatureCatalog catalog) {
    // Registration order, every time: tools/list is deterministic.
    List<McpSchema.Tool> definitions = new ArrayList<>();
    Map<String, McpSyncTool> byName = new LinkedHashMap<>();
    for (FeatureCatalog.ToolEntry entry : catalog.tools) {
      McpSchema.Tool definition = modern(entry.tool(), McpSchema.Tool.class);
      definitions.add(definition);
      byName.put(
          definition.name(),
          McpSyncTool.of(
              definition,
              (ctx, request) ->
                  respond(
                      ctx,
                      request.inputResponses(),
                      request.requestState(),
                      context ->
                          modern(
                              entry.handler().call(context, legacyCall(request)),
                              McpSchema.CallToolResult.class),
                      required -> required)));
    }
    List<McpSchema.Tool> listed = List.copyOf(definitions);
    return new McpSyncToolRepository() {
      @Override
      public ToolsPage list(McpRequestContext ctx, String cursor) {
        return ToolsPage.of(listed);
      }

      @Override
      public McpSyncTool find(McpRequestContext ctx, String name) {
        return byName.get(name);
      }
    };
  }

  private static McpSyncPromptRepository prompts(FeatureCatalog catalog) {
    List<McpSchema.Prompt> definitions = new ArrayList<>();
    Map<String, McpSyncPrompt> byName = new LinkedHashMap<>();
    for (FeatureCatalog.PromptEntry entry : catalog.prompts) {
      McpSchema.Prompt definition = modern(entry.prompt(), McpSchema.Prompt.class);
      definitions.add(definition);
      McpSyncPrompt prompt =
          McpSyncPrompt.of(
              definition,
              (ctx, request) ->
                  respond(
                      ctx,
                      request.inputResponses(),
                      request.requestState(),
                      context ->
                          modern(
                              entry.handler().get(context, legacyPrompt(request)),
                              McpSchema.GetPromptResult.class),
                      required -> required));
      Optional<McpSyncCompletionHandler> completion =
          completion(
              catalog,
              reference ->
                  reference instanceof io.modelcontextprotocol.spec.McpSchema.PromptReference ref
                      && ref.name().equals(definition.name()));
      byName.put(
          definition.name(),
          completion.isPresent() ? prompt.withCompletionHandler(completion.get()) : prompt);
    }
    List<McpSchema.Prompt> listed = List.copyOf(definitions);
    boolean completes = !catalog.completions.isEmpty();
    return new McpSyncPromptRepository() {
      @Override
      public PromptsPage list(McpRequestContext ctx, String cursor) {
        return PromptsPage.of(listed);
      }

      @Override
      public McpSyncPrompt find(McpRequestContext ctx, String name) {
        return byName.get(name);
      }

      @Override
      public boolean supportsCompletion() {
        return completes;
      }
    };
  }

  private static McpSyncResourceRepository resources(FeatureCatalog catalog) {
    List<McpSchema.Resource> resources = new ArrayList<>();
    Map<String, McpSyncResource> byUri = new LinkedHashMap<>();
    for (FeatureCatalog.ResourceEntry entry : catalog.resources) {
      McpSchema.Resource definition = modern(entry.resource(), McpSchema.Resource.class);
      resources.add(definition);
      byUri.put(definition.uri(), reader(entry.handler()));
    }
    List<McpSchema.ResourceTemplate> templates = new ArrayList<>();
    Map<String, McpSyncResourceTemplate> byTemplate = new LinkedHashMap<>();
    List<Map.Entry<DefaultMcpUriTemplateManager, McpSyncResource>> matchers = new ArrayList<>();
    for (FeatureCatalog.TemplateEntry entry : catalog.templates) {
      McpSchema.ResourceTemplate definition =
          modern(entry.template(), McpSchema.ResourceTemplate.class);
      templates.add(definition);
      McpSyncResourceTemplate template = McpSyncResourceTemplate.of(definition);
      Optional<McpSyncCompletionHandler> completion =
          completion(
              catalog,
              reference ->
                  reference instanceof io.modelcontextprotocol.spec.McpSchema.ResourceReference ref
                      && ref.uri().equals(definition.uriTemplate()));
      byTemplate.put(
          definition.uriTemplate(),
          completion.isPresent() ? template.withCompletionHandler(completion.get()) : template);
      matchers.add(
          Map.entry(
              new DefaultMcpUriTemplateManager(definition.uriTemplate()), reader(entry.handler())));
    }
    List<McpSchema.Resource> listed = List.copyOf(resources);
    List<McpSchema.ResourceTemplate> listedTemplates = List.copyOf(templates);
    boolean completes = !catalog.completions.isEmpty();
    return new McpSyncResourceRepository() {
      @Override
      public ResourcesPage list(McpRequestContext ctx, String cursor) {
        return ResourcesPage.of(listed);
      }

      @Override
      public ResourceTemplatesPage listTemplates(McpRequestContext ctx, String cursor) {
        return ResourceTemplatesPage.of(listedTemplates);
      }

      @Override
      public McpSyncResource find(McpRequestContext ctx, String uri) {
        McpSyncResource exact = byUri.get(uri);
        if (exact != null) {
          return exact;
        }
        for (Map.Entry<DefaultMcpUriTemplateManager, McpSyncResource> matcher : matchers) {
          if (matcher.getKey().matches(uri)) {
            return matcher.getValue();
          }
        }
        return null;
      }

      @Override
      public McpSyncResourceTemplate findTemplate(McpRequestContext ctx, String uriTemplate) {
        return byTemplate.get(uriTemplate);
      }

      @Override
      public boolean supportsCompletion() {
        return completes;
      }
    };
  }

  private static McpSyncResource reader(Handlers.Resource handler) {
    return McpSyncResource.of(
        (ctx, request) ->
            respond(
                ctx,
                request.inputResponses(),
                request.requestState(),
                context ->
                    modern(
                        handler.read(context, legacyRead(request)),
                        McpSchema.ReadResourceResult.class),
                required -> required));
  }

  private static Optional<McpSyncCompletionHandler> completion(
      FeatureCatalog catalog,
      java.util.function.Predicate<io.modelcontextprotocol.spec.McpSchema.CompleteReference>
          matches) {
    for (FeatureCatalog.CompletionEntry entry : catalog.completions) {
      if (matches.test(entry.reference())) {
        return Optional.of(
            (ctx, request) -> {
              CallContext context = new ModernCallContext(principal(ctx), ctx, Map.of(), null);
              io.modelcontextprotocol.spec.McpSchema.CompleteRequest legacy =
                  legacy(request, io.modelcontextprotocol.spec.McpSchema.CompleteRequest.class);
              return modern(
                  translated(() -> entry.handler().complete(context, legacy)),
                  McpSchema.CompleteResult.class);
            });
      }
    }
    return Optional.empty();
  }

  /**
   * Runs a handler for one round of a request: as a plain result, or on an event stream when the
   * client asked for progress or log messages. Answers of earlier rounds come back in {@code
   * requestState}, sealed by the SDK's codec, so the handler sees all of them; when it asks for
   * more, the round ends with {@code input_required} and every answer so far in the new state.
   */
  private static <O> McpSyncResponse<O> respond(
      McpRequestContext ctx,
      Map<String, Object> inputResponses,
      String requestState,
      Function<CallContext, ? extends O> body,
      Function<McpSchema.InputRequiredResult, ? extends O> inputRequired) {
    VerifiedToken principal = principal(ctx);
    Map<String, Object> answers = new LinkedHashMap<>(earlierAnswers(requestState));
    if (inputResponses != null) {
      answers.putAll(inputResponses);
    }
    if (ModernCallContext.wantsNotifications(ctx)) {
      return McpSyncResponse.streaming(
          notifier -> attempt(principal, ctx, answers, notifier, body, inputRequired));
    }
    return McpSyncResponse.result(attempt(principal, ctx, answers, null, body, inputRequired));
  }

  private static <O> O attempt(
      VerifiedToken principal,
      McpRequestContext ctx,
      Map<String, Object> answers,
      McpSyncNotifier notifier,
      Function<CallContext, ? extends O> body,
      Function<McpSchema.InputRequiredResult, ? extends O> inputRequired) {
    CallContext context = new ModernCallContext(principal, ctx, answers, notifier);
    try {
      return translated(() -> body.apply(context));
    } catch (ModernCallContext.InputNeeded needed) {
      return inputRequired.apply(
          new McpSchema.InputRequiredResult(
              needed.requests(), json(answers), McpSchema.ResultType.INPUT_REQUIRED, null));
    }
  }

  /** A legacy {@link McpError} from a handler keeps its code and message in this era too. */
  private static <T> T translated(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (McpError e) {
      var error = e.getJsonRpcError();
      throw error == null
          ? new McpException(-32603, "Internal error")
          : new McpException(error.code(), error.message(), error.data());
    }
  }

  private static Map<String, Object> earlierAnswers(String requestState) {
    if (requestState == null || requestState.isEmpty()) {
      return Map.of();
    }
    try {
      // The SDK opened the state, so its HMAC held: it is the JSON this class wrote.
      Map<String, Object> answers =
          McpJson.objectMapper()
              .readValue(
                  requestState,
                  new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
      return answers == null ? Map.of() : answers;
    } catch (JsonProcessingException e) {
      throw McpException.invalidParams("Invalid or expired requestState");
    }
  }

  private static String json(Map<String, Object> answers) {
    try {
      return McpJson.objectMapper().writeValueAsString(answers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write requestState", e);
    }
  }

  private static VerifiedToken principal(McpRequestContext ctx) {
    // The transport authenticates every request before the server sees it, so a missing principal
    // is a wiring bug, never a client's doing.
    return AuthenticatedPrincipal.from(ctx.transportContext())
        .orElseThrow(() -> new IllegalStateException("no authenticated principal in the context"));
  }

  private static io.modelcontextprotocol.spec.McpSchema.CallToolRequest legacyCall(
      McpSchema.CallToolRequest request) {
    return legacyRequest(
        "name",
        request.name(),
        request.arguments(),
        request.meta(),
        io.modelcontextprotocol.spec.McpSchema.CallToolRequest.class);
  }

  private static io.modelcontextprotocol.spec.McpSchema.GetPromptRequest legacyPrompt(
      McpSchema.GetPromptRequest request) {
    return legacyRequest(
        "name",
        request.name(),
        request.arguments(),
        request.meta(),
        io.modelcontextprotocol.spec.McpSchema.GetPromptRequest.class);
  }

  private static io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest legacyRead(
      McpSchema.ReadResourceRequest request) {
    return legacyRequest(
        "uri",
        request.uri(),
        null,
        request.meta(),
        io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest.class);
  }

  /**
   * The legacy request of the same JSON, without the 2026-07-28 fields ({@code inputResponses},
   * {@code requestState}), which {@link CallContext#ask} answers from instead.
   */
  private static <T> T legacyRequest(
      String key, String value, Map<String, ?> arguments, Map<String, Object> meta, Class<T> type) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put(key, value);
    if (arguments != null) {
      request.put("arguments", arguments);
    }
    if (meta != null) {
      request.put("_meta", meta);
    }
    return legacy(request, type);
  }

  private static <T> T legacy(Object value, Class<T> type) {
    return McpJson.mcpMapper().convertValue(value, type);
  }

  private static <T> T modern(Object value, Class<T> type) {
    return McpJson.mcpMapper().convertValue(value, type);
  }

  /** Carries the catalog's changes to the 2026-07-28 subscriptions. */
  private record FeedChanges(McpChangeFeed feed) implements FeatureChanges {
    @Override
    public void toolsChanged() {
      feed.broadcast(new ServerChange.ToolsListChanged());
    }

    @Override
    public void promptsChanged() {
      feed.broadcast(new ServerChange.PromptsListChanged());
    }

    @Override
    public void resourcesChanged() {
      feed.broadcast(new ServerChange.ResourcesListChanged());
    }

    @Override
    public void resourceUpdated(String uri) {
      feed.broadcast(new ServerChange.ResourceUpdated(uri));
    }
  }
}
