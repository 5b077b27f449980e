package io.github.mcpoauthkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP behaviour every web adapter of a stateless protected MCP server must show: every POST
 * stands alone, with no {@code Mcp-Session-Id}, and GET and DELETE get 405 (MCP 2025-11-25
 * basic/transports). An adapter's test class implements {@link McpHttpFixture} for its server.
 *
 * <p>The server must offer the tools {@code echo} and {@code whoami}, and require the scope {@value
 * #REQUIRED_SCOPE} on every request, so that its challenges name a scope.
 */
public interface McpStatelessHttpContract extends McpHttpFixture {

  /** The scope the stateless server under test requires on every request. */
  String REQUIRED_SCOPE = "mcp:tools";

  @Test
  default void initialize_answers_json_without_a_session_id() {
    long id = RawHttp.nextId();

    Reply reply =
        RawHttp.send(
            post(
                    token("alice", REQUIRED_SCOPE),
                    RawHttp.request(id, "initialize", RawHttp.initializeParams("2025-06-18")))
                .build());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.mediaType()).isEqualTo("application/json");
    assertThat(reply.header("Mcp-Session-Id")).isEmpty();
    assertThat(reply.json().path("id").asLong()).isEqualTo(id);
    assertThat(reply.json().at("/result/protocolVersion").asText()).isEqualTo("2025-06-18");
  }

  @Test
  default void tools_are_called_without_a_session() {
    String token = token("alice", REQUIRED_SCOPE);
    long id = RawHttp.nextId();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", "whoami");
    params.put("arguments", Map.of());

    Reply notified =
        RawHttp.send(post(token, RawHttp.notification("notifications/initialized")).build());
    Reply reply =
        RawHttp.send(
            post(token, RawHttp.request(id, "tools/call", params))
                .header("MCP-Protocol-Version", "2025-06-18")
                .build());

    assertThat(notified.status()).isEqualTo(202);
    assertThat(notified.body()).isEmpty();
    assertThat(reply.status()).isEqualTo(200);
    JsonNode body =
        reply.mediaType().equals("text/event-stream")
            ? reply.events().get(reply.events().size() - 1).json()
            : reply.json();
    assertThat(body.path("id").asLong()).isEqualTo(id);
    assertThat(body.at("/result/content/0/text").asText()).isEqualTo("alice");
  }

  @Test
  default void get_and_delete_get_405() {
    String token = token("alice", REQUIRED_SCOPE);
    for (String method : new String[] {"GET", "DELETE"}) {
      Reply reply =
          RawHttp.send(
              RawHttp.to(endpoint())
                  .header("Authorization", "Bearer " + token)
                  .header("Accept", "text/event-stream")
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build());

      assertThat(reply.status()).as(method).isEqualTo(405);
      assertThat(reply.header("Allow").orElse("").toUpperCase(Locale.ROOT))
          .as(method)
          .contains("POST")
          .doesNotContain(method);
    }
  }

  @Test
  default void a_401_names_the_required_scope() {
    Reply reply =
        RawHttp.send(post(null, RawHttp.request(RawHttp.nextId(), "tools/list", Map.of())).build());

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.challenge().params())
        .containsEntry("resource_metadata", metadataUrl())
        .containsEntry("scope", REQUIRED_SCOPE)
        .doesNotContainKey("error");
  }

  @Test
  default void a_token_without_the_required_scope_gets_403_with_the_step_up_scopes() {
    Reply reply =
        RawHttp.send(
            post(token("alice", "a"), RawHttp.request(RawHttp.nextId(), "tools/list", Map.of()))
                .build());

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.challenge().params())
        .containsEntry("error", "insufficient_scope")
        .containsEntry("scope", "a " + REQUIRED_SCOPE)
        .containsEntry("resource_metadata", metadataUrl());
  }

  @Test
  default void a_2026_request_is_challenged_with_the_required_scope_and_stepped_up_in_one_403() {
    Reply anonymous = RawHttp.send(modern(null).build());
    Reply unscoped = RawHttp.send(modern(token("alice", "a offline_access")).build());
    Reply scoped = RawHttp.send(modern(token("alice", REQUIRED_SCOPE)).build());

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.challenge().params()).containsEntry("scope", REQUIRED_SCOPE);
    assertThat(unscoped.status()).isEqualTo(403);
    assertThat(unscoped.challenge().params())
        .containsEntry("error", "insufficient_scope")
        .containsEntry("scope", "a " + REQUIRED_SCOPE);
    assertThat(scoped.status()).isEqualTo(200);
    assertThat(scoped.json().at("/result/resultType").asText()).isEqualTo("complete");
  }

  /** An MCP 2026-07-28 {@code tools/list}, which the legacy mode's setting does not touch. */
  private HttpRequest.Builder modern(String token) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
    meta.put("io.modelcontextprotocol/clientCapabilities", Map.of());
    return post(token, RawHttp.request(RawHttp.nextId(), "tools/list", Map.of("_meta", meta)))
        .header("MCP-Protocol-Version", "2026-07-28")
        .header("Mcp-Method", "tools/list");
  }

  private String endpoint() {
    return baseUrl() + URI.create(mcpUrl()).getRawPath();
  }

  private String metadataUrl() {
    URI resource = URI.create(mcpUrl());
    return resource.getScheme()
        + "://"
        + resource.getRawAuthority()
        + "/.well-known/oauth-protected-resource"
        + resource.getRawPath();
  }

  /** A POST as an MCP client sends it; without {@code Authorization} when {@code token} is null. */
  private HttpRequest.Builder post(String token, String body) {
    HttpRequest.Builder request =
        RawHttp.to(endpoint())
            .header("Content-Type", "application/json")
            .header("Accept", RawHttp.JSON_OR_EVENT_STREAM)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }
}
