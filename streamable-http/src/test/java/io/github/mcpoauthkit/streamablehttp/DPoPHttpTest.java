package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import io.github.mcpoauthkit.streamablehttp.testing.TestMcpStack;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * DPoP through the handler (RFC 9449 §7): the proof header reaches the authenticator with the
 * method, challenges name both schemes or DPoP alone, the error sits in the challenge of the scheme
 * used, the metadata says what is accepted, and browsers may send the header.
 */
class DPoPHttpTest {

  private static final String KEY = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
  private static final String OTHER_KEY = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
  private static final String LIST =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
          + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
          + "\"io.modelcontextprotocol/clientCapabilities\":{},"
          + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}}";

  private static TestMcpStack stack(DPoPPolicy.Mode mode) {
    return TestMcpStack.onFreePort(
        false,
        settings ->
            settings.dpop(
                DPoPPolicy.of(
                    mode, resourceOf(settings.build().resource()), Duration.ofSeconds(5))));
  }

  private static String resourceOf(ResourceUrl resource) {
    return resource.value();
  }

  private static InMemoryExchange handle(TestMcpStack stack, InMemoryExchange exchange)
      throws Exception {
    stack.handler().handle(exchange.header("Host", "localhost:" + stack.port()), exchange);
    return exchange;
  }

  private static InMemoryExchange list(String authorization, String... proofs) {
    InMemoryExchange exchange =
        new InMemoryExchange("POST", "/mcp", LIST)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", "2026-07-28")
            .header("Mcp-Method", "tools/list");
    if (authorization != null) {
      exchange.header("Authorization", authorization);
    }
    for (String proof : proofs) {
      exchange.header("DPoP", proof);
    }
    return exchange;
  }

  private static String challenge(InMemoryExchange exchange) {
    return exchange.responseHeader("WWW-Authenticate").orElseThrow();
  }

  @Nested
  class Allowed {

    private final TestMcpStack stack = stack(DPoPPolicy.Mode.ALLOWED);

    @AfterEach
    void close() {
      stack.close();
    }

    private String metadata() {
      return stack.resource().metadataUrl();
    }

    @Test
    void a_bound_token_with_its_proof_lists_the_tools_and_its_proof_works_once() throws Exception {
      String token = stack.boundToken("alice", "", KEY);
      String proof = stack.proof(token, KEY);

      InMemoryExchange first = handle(stack, list("DPoP " + token, proof));
      InMemoryExchange replay = handle(stack, list("DPoP " + token, proof));

      assertThat(first.status()).as(first.responseBody()).isEqualTo(200);
      assertThat(first.responseBody()).contains("\"tools\"");
      assertThat(replay.status()).isEqualTo(401);
      assertThat(challenge(replay))
          .startsWith("Bearer resource_metadata=\"" + metadata() + "\", DPoP ")
          .contains("DPoP resource_metadata=\"" + metadata() + "\", error=\"invalid_dpop_proof\"")
          .contains("error_description=\"DPoP proof already used (jti)\"");
      assertThat(replay.responseBody()).contains("\"error\":\"invalid_dpop_proof\"");
    }

    @Test
    void no_credentials_are_challenged_in_both_schemes_bearer_first() throws Exception {
      InMemoryExchange exchange = handle(stack, list(null));

      assertThat(exchange.status()).isEqualTo(401);
      assertThat(challenge(exchange))
          .isEqualTo(
              "Bearer resource_metadata=\""
                  + metadata()
                  + "\", DPoP resource_metadata=\""
                  + metadata()
                  + "\", algs=\""
                  + String.join(" ", DPoPPolicy.DEFAULT_ALGORITHMS)
                  + "\"");
    }

    @Test
    void a_proof_from_another_key_is_a_key_binding_error_in_the_dpop_challenge() throws Exception {
      String token = stack.boundToken("alice", "", KEY);

      InMemoryExchange exchange =
          handle(stack, list("DPoP " + token, stack.proof(token, OTHER_KEY)));

      assertThat(exchange.status()).isEqualTo(401);
      assertThat(challenge(exchange))
          .contains(
              "DPoP resource_metadata=\""
                  + metadata()
                  + "\", error=\"invalid_token\", error_description=\"Invalid DPoP key binding\"");
      assertThat(challenge(exchange))
          .startsWith("Bearer resource_metadata=\"" + metadata() + "\", DPoP");
    }

    @Test
    void a_token_error_in_the_dpop_scheme_is_told_in_the_dpop_challenge() throws Exception {
      String expired = stack.expiredToken("alice");

      InMemoryExchange exchange = handle(stack, list("DPoP " + expired, stack.proof(expired, KEY)));

      assertThat(exchange.status()).isEqualTo(401);
      assertThat(challenge(exchange))
          .startsWith("Bearer resource_metadata=\"" + metadata() + "\", DPoP")
          .contains("DPoP resource_metadata=\"" + metadata() + "\", error=\"invalid_token\"");
    }

    @Test
    void a_bound_token_sent_as_bearer_is_refused_in_the_bearer_challenge() throws Exception {
      InMemoryExchange exchange =
          handle(stack, list("Bearer " + stack.boundToken("alice", "", KEY)));

      assertThat(exchange.status()).isEqualTo(401);
      assertThat(challenge(exchange))
          .startsWith("Bearer resource_metadata=\"" + metadata() + "\", error=\"invalid_token\"");
      assertThat(exchange.responseBody()).contains("sender-constrained");
    }

    @Test
    void the_dpop_scheme_without_a_proof_is_refused() throws Exception {
      InMemoryExchange exchange = handle(stack, list("DPoP " + stack.boundToken("alice", "", KEY)));

      assertThat(exchange.status()).isEqualTo(401);
      assertThat(exchange.responseBody()).contains("DPoP proof missing");
    }

    @Test
    void bearer_tokens_still_work() throws Exception {
      InMemoryExchange exchange = handle(stack, list("Bearer " + stack.token("alice", "")));

      assertThat(exchange.status()).as(exchange.responseBody()).isEqualTo(200);
    }

    @Test
    void the_metadata_lists_the_proof_algorithms_and_does_not_require_dpop() throws Exception {
      InMemoryExchange exchange =
          handle(
              stack, new InMemoryExchange("GET", "/.well-known/oauth-protected-resource/mcp", ""));

      assertThat(exchange.responseBody())
          .contains("\"dpop_signing_alg_values_supported\":[\"ES256\"")
          .doesNotContain("dpop_bound_access_tokens_required");
    }

    @Test
    void a_browser_may_send_the_dpop_header() throws Exception {
      InMemoryExchange exchange =
          handle(
              stack,
              new InMemoryExchange("OPTIONS", "/mcp", "")
                  .header("Origin", "http://localhost:" + stack.port())
                  .header("Access-Control-Request-Method", "POST")
                  .header("Access-Control-Request-Headers", "authorization, dpop"));

      assertThat(exchange.responseHeader("Access-Control-Allow-Headers").orElseThrow())
          .contains("DPoP");
    }
  }

  @Nested
  class Required {

    private final TestMcpStack stack = stack(DPoPPolicy.Mode.REQUIRED);

    @AfterEach
    void close() {
      stack.close();
    }

    @Test
    void only_the_dpop_challenge_is_offered_and_a_bearer_token_is_told_dpop_is_required()
        throws Exception {
      InMemoryExchange none = handle(stack, list(null));
      InMemoryExchange bearer = handle(stack, list("Bearer " + stack.token("alice", "")));

      assertThat(challenge(none)).startsWith("DPoP resource_metadata=").doesNotContain("Bearer");
      assertThat(bearer.status()).isEqualTo(401);
      assertThat(challenge(bearer))
          .startsWith("DPoP ")
          .contains("error_description=\"DPoP-bound access tokens are required\"");
    }

    @Test
    void a_dpop_request_passes_and_the_metadata_says_dpop_is_required() throws Exception {
      String token = stack.boundToken("alice", "", KEY);

      InMemoryExchange exchange = handle(stack, list("DPoP " + token, stack.proof(token, KEY)));
      InMemoryExchange metadata =
          handle(
              stack, new InMemoryExchange("GET", "/.well-known/oauth-protected-resource/mcp", ""));

      assertThat(exchange.status()).as(exchange.responseBody()).isEqualTo(200);
      assertThat(metadata.responseBody()).contains("\"dpop_bound_access_tokens_required\":true");
    }
  }

  @Test
  void with_dpop_off_nothing_changes() throws Exception {
    try (TestMcpStack stack = TestMcpStack.onFreePort()) {
      InMemoryExchange none = handle(stack, list(null));
      InMemoryExchange metadata =
          handle(
              stack, new InMemoryExchange("GET", "/.well-known/oauth-protected-resource/mcp", ""));
      String token = stack.boundToken("alice", "", KEY);
      InMemoryExchange dpop = handle(stack, list("DPoP " + token, stack.proof(token, KEY)));

      assertThat(challenge(none))
          .isEqualTo("Bearer resource_metadata=\"" + stack.resource().metadataUrl() + "\"");
      assertThat(metadata.responseBody()).doesNotContain("dpop");
      assertThat(dpop.status()).isEqualTo(401);
      assertThat(challenge(dpop)).doesNotContain("error=");
    }
  }
}
