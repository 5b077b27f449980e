package io.github.mcpoauthkit.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import io.github.mcpoauthkit.app.Kit;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.e2e.ClientCredentialsDiscovery.Exchange;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpAuthorizationErrorHandler;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MCP Java SDK 2.2.0's two clients against the whole application on each web server, each given
 * only the MCP URL and a client id and secret: the modern client ({@code
 * io.modelcontextprotocol.modern.client}, MCP 2026-07-28, stateless) and the legacy one ({@code
 * io.modelcontextprotocol.client}, {@code initialize} on 2025-11-25), in one JVM. Neither holds a
 * token at first: its first request gets the kit's 401, and its SDK's authorization error hook runs
 * the discovery (challenge, protected resource metadata, the issuer's metadata, a {@code
 * client_credentials} token for {@code resource=<MCP URL>}) and retries. The issuer is
 * mock-oauth2-server honouring resource indicators, and the kit checks its audience.
 */
class JavaSdkClientsIT {

  private static final String MODERN = "2026-07-28";
  private static final String CLIENT_ID = "java-sdk-client";
  private static final String CLIENT_SECRET = "java-sdk-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MockOAuth2Server issuer;
  private Kit kit;

  @AfterEach
  void stop() {
    if (kit != null) {
      kit.close();
    }
    if (issuer != null) {
      issuer.shutdown();
    }
  }

  /** Starts the issuer and the kit serving {@code features}; returns the MCP URL. */
  private String start(String transport, String features) {
    issuer =
        new MockOAuth2Server(
            new OAuth2Config(
                false,
                null,
                null,
                false,
                new OAuth2TokenProvider(),
                Set.of(new ResourceIndicatorTokenCallback("default"))));
    issuer.start();
    int port = ServerProcesses.freePort();
    String mcpUrl = "http://localhost:" + port + "/mcp";
    Map<String, String> environment = new HashMap<>();
    environment.put("OAUTH_ISSUER_URL", issuer.issuerUrl("default").toString());
    environment.put("OAUTH_AUDIENCE", mcpUrl);
    environment.put("PORT", Integer.toString(port));
    environment.put("MCP_TRANSPORT", transport);
    environment.put("MCP_FEATURES", features);
    KitConfig config = KitConfig.load(ConfigSource.of(Map.of(), environment), false);
    kit = Kit.start(config, config.issuer().orElseThrow());
    return mcpUrl;
  }

  /** One POST of the modern client: its MCP headers and body as its request customizer saw them. */
  private record Posted(
      String mcpMethod, String mcpName, String protocolVersion, boolean authorized, String body) {}

  /**
   * The modern client: its request customizer sends the current token (none at first) and records
   * each POST; its authorization error handler runs the discovery on a 401 and asks for the retry.
   */
  private static McpSyncClient modernClient(
      String mcpUrl,
      ClientCredentialsDiscovery oauth,
      List<Posted> posts,
      List<McpSchema.ElicitFormRequest> elicitations) {
    HttpClientMcpTransport transport =
        HttpClientMcpTransport.builder(mcpUrl)
            .requestCustomizer(
                McpHttpRequestCustomizer.fromSync(
                    (request, headers, context) -> {
                      oauth.token().ifPresent(t -> headers.set("Authorization", "Bearer " + t));
                      posts.add(
                          new Posted(
                              first(headers.get("Mcp-Method")),
                              first(headers.get("Mcp-Name")),
                              first(headers.get("MCP-Protocol-Version")),
                              oauth.token().isPresent(),
                              request.body()));
                    }))
            .authorizationErrorHandler(
                McpHttpAuthorizationErrorHandler.fromSync(
                    (request, response, context) -> {
                      if (response.statusCode() != 401) {
                        return false;
                      }
                      oauth.authorize(response.headers().firstValue("WWW-Authenticate").orElse(""));
                      return true;
                    }))
            .build();
    return McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("kit-java-modern", "1.0.0").build())
        .callTimeout(Duration.ofSeconds(20))
        .formElicitation(
            request -> {
              elicitations.add(request);
              Map<String, Object> answers = new LinkedHashMap<>();
              Object properties = request.requestedSchema().get("properties");
              if (properties instanceof Map<?, ?> fields) {
                for (Object field : fields.keySet()) {
                  answers.put((String) field, "name".equals(field) ? "Ada" : "green");
                }
              }
              return McpSchema.ElicitResult.accept(answers);
            })
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void the_modern_java_client_finds_the_issuer_on_its_first_401_and_speaks_2026_07_28(
      String transport) throws Exception {
    String mcpUrl = start(transport, "examples");
    ClientCredentialsDiscovery oauth =
        new ClientCredentialsDiscovery(mcpUrl, CLIENT_ID, CLIENT_SECRET);
    List<Posted> posts = new CopyOnWriteArrayList<>();
    McpSyncClient modern = modernClient(mcpUrl, oauth, posts, new CopyOnWriteArrayList<>());

    McpSchema.DiscoverResult discover = modern.discover();

    assertThat(discover.supportedVersions()).contains(MODERN);
    assertTheFlowRanOnceOnTheFirstRequest(mcpUrl, oauth, "server/discover");
    assertThat(posts.get(0))
        .extracting(Posted::mcpMethod, Posted::authorized)
        .containsExactly("server/discover", false);
    assertThat(posts.get(1))
        .extracting(Posted::mcpMethod, Posted::authorized)
        .containsExactly("server/discover", true);

    assertThat(modern.tools().list().tools())
        .extracting(McpSchema.Tool::name)
        .contains("greet", "whoami");
    McpSchema.CallToolResult greeting =
        modern.tool("greet").arguments(Map.of("name", "Java")).call();
    assertThat(textOf(greeting.content())).isEqualTo("Hello, Java!");

    McpSchema.CallToolResult whoami = modern.tool("whoami").arguments(Map.of()).call();
    assertThat(whoami.isError()).isNotEqualTo(Boolean.TRUE);
    JsonNode identity = JSON.readTree(textOf(whoami.content()));
    SignedJWT token = SignedJWT.parse(oauth.token().orElseThrow());
    assertThat(identity.path("subject").asText())
        .isEqualTo(token.getJWTClaimsSet().getSubject())
        .isEqualTo(CLIENT_ID);
    assertThat(identity.path("clientId").asText()).isEqualTo(CLIENT_ID);
    assertThat(identity.path("issuer").asText()).isEqualTo(issuer.issuerUrl("default").toString());
    assertThat(token.getJWTClaimsSet().getAudience()).containsExactly(mcpUrl);

    McpSchema.GetPromptResult prompt =
        modern.prompt("greeting-template").arguments(Map.of("name", "Java")).get();
    assertThat(prompt.messages()).hasSize(1);
    assertThat(prompt.messages().get(0).role()).isEqualTo(McpSchema.Role.USER);
    assertThat(((McpSchema.TextContent) prompt.messages().get(0).content()).text())
        .contains("Java");

    McpSchema.ReadResourceResult resource = modern.resource("greeting://default").read();
    assertThat(resource.contents()).hasSize(1);
    McpSchema.TextResourceContents contents =
        (McpSchema.TextResourceContents) resource.contents().get(0);
    assertThat(contents.uri()).isEqualTo("greeting://default");
    assertThat(contents.text()).isEqualTo("Hello from the MCP OAuth kit!");

    // On the wire: every request after the 401 carries the token and the 2026-07-28 headers, and
    // the named ones say which tool, prompt or resource they are for.
    assertThat(posts.subList(1, posts.size()))
        .allSatisfy(
            post -> {
              assertThat(post.authorized()).isTrue();
              assertThat(post.protocolVersion()).isEqualTo(MODERN);
              assertThat(
                      JSON.readTree(post.body())
                          .at("/params/_meta/io.modelcontextprotocol~1protocolVersion")
                          .asText())
                  .isEqualTo(MODERN);
            });
    assertThat(posts)
        .extracting(Posted::mcpMethod, Posted::mcpName)
        .contains(
            Tuple.tuple("tools/call", "greet"),
            Tuple.tuple("tools/call", "whoami"),
            Tuple.tuple("prompts/get", "greeting-template"),
            Tuple.tuple("resources/read", "greeting://default"));
    assertThat(posts).extracting(Posted::mcpMethod).doesNotContain("initialize");
  }

  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void the_legacy_java_client_finds_the_issuer_on_its_first_401_and_initializes_on_2025_11_25(
      String transport) throws Exception {
    String mcpUrl = start(transport, "examples");
    ClientCredentialsDiscovery oauth =
        new ClientCredentialsDiscovery(mcpUrl, CLIENT_ID, CLIENT_SECRET);
    URI uri = URI.create(mcpUrl);
    HttpClientStreamableHttpTransport transportToKit =
        HttpClientStreamableHttpTransport.builder(uri.getScheme() + "://" + uri.getRawAuthority())
            .endpoint(uri.getRawPath())
            .addHttpRequestCustomizer(
                (builder, method, endpoint, body, context) ->
                    oauth.token().ifPresent(t -> builder.header("Authorization", "Bearer " + t)))
            .authorizationErrorHandler(
                McpHttpClientTransportAuthorizationErrorHandler.fromSync(
                    (request, response, context) -> {
                      if (response.statusCode() != 401) {
                        return false;
                      }
                      oauth.authorize(response.headers().firstValue("WWW-Authenticate").orElse(""));
                      return true;
                    }))
            .build();

    try (io.modelcontextprotocol.client.McpSyncClient legacy =
        io.modelcontextprotocol.client.McpClient.sync(transportToKit)
            .requestTimeout(Duration.ofSeconds(10))
            .build()) {
      io.modelcontextprotocol.spec.McpSchema.InitializeResult initialized = legacy.initialize();

      assertThat(initialized.protocolVersion()).isEqualTo("2025-11-25");
      assertTheFlowRanOnceOnTheFirstRequest(mcpUrl, oauth, "initialize");
      io.modelcontextprotocol.spec.McpSchema.CallToolResult greeting =
          legacy.callTool(
              io.modelcontextprotocol.spec.McpSchema.CallToolRequest.builder("greet")
                  .arguments(Map.of("name", "Java"))
                  .build());
      assertThat(
              ((io.modelcontextprotocol.spec.McpSchema.TextContent) greeting.content().get(0))
                  .text())
          .isEqualTo("Hello, Java!");
      io.modelcontextprotocol.spec.McpSchema.CallToolResult whoami =
          legacy.callTool(
              io.modelcontextprotocol.spec.McpSchema.CallToolRequest.builder("whoami")
                  .arguments(Map.of())
                  .build());
      JsonNode identity =
          JSON.readTree(
              ((io.modelcontextprotocol.spec.McpSchema.TextContent) whoami.content().get(0))
                  .text());
      assertThat(identity.path("subject").asText())
          .isEqualTo(subjectOf(oauth.token().orElseThrow()))
          .isEqualTo(CLIENT_ID);
    }
    assertThat(oauth.challenges()).hasSize(1);
  }

  /**
   * The examples ask for no input, so this one serves the conformance feature set, which is test
   * code on this classpath, not in the artifact.
   */
  @ParameterizedTest
  @ValueSource(strings = {"helidon", "undertow"})
  void the_modern_java_client_answers_input_required_rounds_and_the_call_completes(String transport)
      throws Exception {
    String mcpUrl = start(transport, "conformance");
    ClientCredentialsDiscovery oauth =
        new ClientCredentialsDiscovery(mcpUrl, CLIENT_ID, CLIENT_SECRET);
    List<Posted> posts = new CopyOnWriteArrayList<>();
    List<McpSchema.ElicitFormRequest> elicitations = new CopyOnWriteArrayList<>();
    McpSyncClient modern = modernClient(mcpUrl, oauth, posts, elicitations);

    McpSchema.CallToolOutcome first =
        modern.tool("test_input_required_result_elicitation").arguments(Map.of()).callOnce();

    assertTheFlowRanOnceOnTheFirstRequest(mcpUrl, oauth, "tools/call");
    assertThat(first).isInstanceOf(McpSchema.InputRequiredResult.class);
    McpSchema.InputRequiredResult inputRequired = (McpSchema.InputRequiredResult) first;
    assertThat(inputRequired.inputRequests()).containsOnlyKeys("user_name");
    assertThat(inputRequired.requestState()).isNotBlank();

    // call() answers each round through the elicitation handler and sends the call again with that
    // round's answers and the requestState the kit sealed, until the tool's result comes.
    posts.clear();
    McpSchema.CallToolResult result =
        modern.tool("test_input_required_result_multi_round").arguments(Map.of()).call();

    assertThat(textOf(result.content())).isEqualTo("Hello, Ada; colour: green");
    assertThat(elicitations)
        .extracting(McpSchema.ElicitFormRequest::message)
        .containsExactly("What is your name?", "Your favourite colour?");
    assertThat(posts)
        .extracting(Posted::mcpMethod, Posted::mcpName)
        .containsOnly(Tuple.tuple("tools/call", "test_input_required_result_multi_round"));
    assertThat(posts).hasSize(3);
    assertThat(posts.subList(1, 3))
        .allSatisfy(
            post -> {
              JsonNode params = JSON.readTree(post.body()).path("params");
              assertThat(params.path("requestState").asText()).isNotBlank();
              assertThat(params.path("inputResponses").isObject()).isTrue();
            });
    assertThat(JSON.readTree(posts.get(2).body()).at("/params/requestState").asText())
        .isNotEqualTo(JSON.readTree(posts.get(1).body()).at("/params/requestState").asText());
    assertThat(oauth.challenges()).hasSize(1);
  }

  /**
   * The client's first request got the kit's 401 with a challenge naming only the metadata, and the
   * discovery then went from the kit's protected resource metadata to the issuer's metadata (the
   * first well-known URL that answers) and the issuer's token endpoint, once.
   */
  private void assertTheFlowRanOnceOnTheFirstRequest(
      String mcpUrl, ClientCredentialsDiscovery oauth, String firstMethod) {
    URI metadata = URI.create(mcpUrl.replace("/mcp", "/.well-known/oauth-protected-resource/mcp"));
    assertThat(oauth.challenges())
        .as("the WWW-Authenticate of the 401 on %s", firstMethod)
        .containsExactly("Bearer resource_metadata=\"" + metadata + "\"");
    List<Exchange> exchanges = oauth.exchanges();
    assertThat(exchanges).as("the discovery's requests").hasSizeGreaterThanOrEqualTo(3);
    assertThat(exchanges.get(0)).isEqualTo(new Exchange("GET", metadata, 200));
    List<Exchange> serverMetadata = exchanges.subList(1, exchanges.size() - 1);
    assertThat(serverMetadata)
        .allSatisfy(
            exchange -> {
              assertThat(exchange.method()).isEqualTo("GET");
              assertThat(exchange.uri().getRawAuthority())
                  .isEqualTo(issuer.baseUrl().uri().getRawAuthority());
              assertThat(exchange.uri().getRawPath()).contains("/.well-known/");
            });
    assertThat(serverMetadata.getLast().status()).isEqualTo(200);
    assertThat(exchanges.getLast())
        .isEqualTo(new Exchange("POST", issuer.tokenEndpointUrl("default").uri(), 200));
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }

  private static String textOf(List<McpSchema.Content> content) {
    StringBuilder text = new StringBuilder();
    for (McpSchema.Content part : content) {
      if (part instanceof McpSchema.TextContent t) {
        text.append(t.text());
      }
    }
    return text.toString();
  }

  private static String subjectOf(String jwt) throws ParseException {
    return SignedJWT.parse(jwt).getJWTClaimsSet().getSubject();
  }
}
