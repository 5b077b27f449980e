package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mcpoauthkit.app.Kit;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.features.CountingFeatures;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import io.github.mcpoauthkit.testing.property.Property;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * MCP 2026-07-28 requests that lie, overflow or forge, against the whole server on both transports,
 * serving {@link CountingFeatures}, whose handlers count their runs: the corpus {@code
 * adversarial-modern-requests.tsv} (headers that disagree with the body, repeated or undecodable
 * headers, malformed and oversized {@code _meta}, forged, altered, foreign and expired {@code
 * requestState}, unknown methods, a scope hidden behind {@code Mcp-Name}), and mutants of
 * well-formed requests ({@link ModernMutations}).
 *
 * <p>For every request: no 5xx, nothing of a Java exception in the body, an answer that is a
 * JSON-RPC envelope (or, for an authentication failure, the RFC 6750 error document), and no
 * handler run unless the request was served. Each corpus row must get its status and code; a mutant
 * whose one damage makes a header lie must get 400 {@code HeaderMismatch} (-32020).
 *
 * <p>The fuzzing's number of tries is the CI budget; {@code -Dkit.property.scale=20} fuzzes longer,
 * {@code -Dkit.property.seed=...} replays a failure.
 */
class AdversarialModernRequestsIT {

  private static final List<String> TRANSPORTS = List.of("helidon", "undertow");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The server's MCP_REQUEST_STATE_KEY, so that recipes can seal what only its holder can. */
  private static final byte[] STATE_KEY =
      "adversarial-modern-requests-key!".getBytes(StandardCharsets.US_ASCII);

  private static final int FUZZ_TRIES = 2_000;

  record Row(String kind, String recipe, int status, String answer, int handlerRuns) {
    boolean sanity() {
      return kind.startsWith("sanity_");
    }

    @Override
    public String toString() {
      return kind + " [" + recipe + "] -> " + status + " " + answer;
    }
  }

  private static ForgeryIssuer issuer;
  private static final Map<String, Kit> KITS = new LinkedHashMap<>();
  private static final Map<String, ModernRecipes> RECIPES = new HashMap<>();

  @BeforeAll
  static void startIssuer() {
    issuer = new ForgeryIssuer(Recipes.issuerKeys());
  }

  @AfterAll
  static void stopAll() {
    KITS.values().forEach(Kit::close);
    KITS.clear();
    if (issuer != null) {
      issuer.close();
    }
  }

  private static synchronized Kit kit(String transport) {
    return KITS.computeIfAbsent(
        transport,
        t -> {
          int port = ServerProcesses.freePort();
          String resource = "http://localhost:" + port + "/mcp";
          Map<String, String> environment = new HashMap<>();
          environment.put("OAUTH_ISSUER_URL", issuer.issuer());
          environment.put("OAUTH_AUDIENCE", resource);
          environment.put("PORT", Integer.toString(port));
          environment.put("MCP_TRANSPORT", transport);
          environment.put("MCP_FEATURES", "counting");
          environment.put("MCP_REQUEST_STATE_KEY", Base64.getEncoder().encodeToString(STATE_KEY));
          KitConfig config = KitConfig.load(ConfigSource.of(Map.of(), environment), false);
          Kit kit = Kit.start(config, config.issuer().orElseThrow());
          Recipes tokens = new Recipes(issuer.issuer(), resource);
          RECIPES.put(
              transport,
              new ModernRecipes(
                  tokens.valid("alice", "mcp"),
                  tokens.valid("bob", "mcp"),
                  tokens.valid("carol", "mcp " + CountingFeatures.SCOPE),
                  STATE_KEY,
                  request -> RawHttp.send(kit.port(), request)));
          return kit;
        });
  }

  static List<Row> corpus() {
    InputStream in =
        AdversarialModernRequestsIT.class.getResourceAsStream("/adversarial-modern-requests.tsv");
    assertThat(in).as("adversarial-modern-requests.tsv on the test classpath").isNotNull();
    List<Row> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      boolean header = true;
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          assertThat(line)
              .isEqualTo("kind\trecipe\texpected_status\texpected_answer\thandler_runs");
          header = false;
          continue;
        }
        String[] cells = line.split("\t", -1);
        assertThat(cells).as(line).hasSize(5);
        rows.add(
            new Row(
                cells[0],
                cells[1],
                Integer.parseInt(cells[2]),
                cells[3],
                Integer.parseInt(cells[4])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  @Test
  void the_corpus_is_well_formed() {
    List<Row> rows = corpus();
    ModernRecipes recipes =
        new ModernRecipes(
            "a",
            "b",
            "c",
            STATE_KEY,
            request -> {
              throw new AssertionError("not sent");
            });
    assertThat(rows.stream().filter(row -> !row.sanity()).count()).isGreaterThanOrEqualTo(60);
    assertThat(rows).extracting(Row::kind).doesNotHaveDuplicates();
    assertThat(rows).extracting(Row::recipe).doesNotHaveDuplicates();
    assertThat(rows).extracting(Row::recipe).containsExactlyInAnyOrderElementsOf(recipes.names());
    for (Row row : rows) {
      if (row.sanity()) {
        assertThat(row.status()).as(row.toString()).isEqualTo(200);
        assertThat(row.answer()).as(row.toString()).isEqualTo("result");
      } else {
        // 200 only for a tool error result (isError) that the server gives without the handler.
        assertThat(row.status()).as(row.toString()).isBetween(200, 499);
        assertThat(row.handlerRuns()).as(row.toString()).isZero();
      }
    }
  }

  @TestFactory
  Stream<DynamicNode> every_modern_request_gets_its_answer_and_reaches_a_handler_only_if_served() {
    List<Row> rows = corpus();
    return TRANSPORTS.stream()
        .map(
            transport ->
                DynamicContainer.dynamicContainer(
                    transport,
                    rows.stream()
                        .map(
                            row ->
                                DynamicTest.dynamicTest(
                                    row.kind(), () -> answered(transport, row)))));
  }

  @TestFactory
  Stream<DynamicNode> mutated_modern_requests_get_no_5xx_and_reach_a_handler_only_if_served() {
    return TRANSPORTS.stream()
        .map(transport -> DynamicTest.dynamicTest(transport, () -> fuzz(transport)));
  }

  private static void answered(String transport, Row row) throws IOException {
    Kit kit = kit(transport);
    // Built first: a requestState recipe runs count_then_ask once to get a real state.
    RawHttp.Request request = RECIPES.get(transport).build(row.recipe());
    long runs = CountingFeatures.runs();
    RawHttp.Response response = RawHttp.send(kit.port(), request);
    String context =
        row + " on " + transport + ": " + response.status() + " " + clip(response.body());
    assertThat(CountingFeatures.runs() - runs)
        .as(context + ": handler runs")
        .isEqualTo(row.handlerRuns());
    assertSafe(response, context);
    assertThat(response.status()).as(context).isEqualTo(row.status());
    String answer = row.answer();
    if (answer.equals("-")) {
      return;
    }
    JsonNode body = JSON.readTree(response.body());
    if (answer.equals("result")) {
      assertThat(body.path("jsonrpc").asText()).as(context).isEqualTo("2.0");
      assertThat(body.has("result")).as(context).isTrue();
      assertThat(body.has("error")).as(context).isFalse();
    } else if (answer.matches("-?[0-9]+")) {
      assertThat(body.path("jsonrpc").asText()).as(context).isEqualTo("2.0");
      assertThat(body.has("id")).as(context + ": the envelope has an id").isTrue();
      assertThat(body.at("/error/code").asInt()).as(context).isEqualTo(Integer.parseInt(answer));
      assertThat(body.has("result")).as(context).isFalse();
    } else {
      assertThat(body.path("error").asText()).as(context).isEqualTo(answer);
      assertThat(response.header("WWW-Authenticate"))
          .as(context)
          .hasValueSatisfying(c -> assertThat(c).contains("error=\"" + answer + "\""));
    }
  }

  private static void fuzz(String transport) {
    Kit kit = kit(transport);
    ModernRecipes recipes = RECIPES.get(transport);
    List<ModernMutations.Base> bases =
        List.of(
            new ModernMutations.Base("tools/call count", recipes.build("call_count")),
            new ModernMutations.Base("tools/call count_region", recipes.build("call_region")),
            new ModernMutations.Base("prompts/get", recipes.build("get_prompt")),
            new ModernMutations.Base("resources/read", recipes.build("read_resource")),
            new ModernMutations.Base("tools/list", recipes.build("tools_list")),
            new ModernMutations.Base(
                "tools/call count_then_ask with its requestState",
                recipes.build("state_round_trip")));
    Property.forAll(
            "mutated 2026-07-28 requests on " + transport, FUZZ_TRIES, ModernMutations.of(bases))
        .check(
            (mutant, trial) -> {
              long runs = CountingFeatures.runs();
              RawHttp.Response response = RawHttp.send(kit.port(), mutant.request());
              long ran = CountingFeatures.runs() - runs;
              String context = mutant + "\n  -> " + response.status() + " " + clip(response.body());
              trial.collect("status", Integer.toString(response.status()));
              trial.collect("damages", Integer.toString(mutant.damages().size()));
              trial.collect("a lie", Boolean.toString(mutant.lie()));
              assertSafe(response, context);
              Optional<JsonNode> json = json(response.body());
              json.map(body -> body.at("/error/code"))
                  .filter(JsonNode::isInt)
                  .ifPresent(code -> trial.collect("JSON-RPC error", code.asText()));
              if (response.status() != 200) {
                assertThat(ran).as(context + ": a refused request ran a handler").isZero();
              } else {
                assertThat(ran).as(context + ": handler runs").isLessThanOrEqualTo(1);
              }
              if (mutant.lie()) {
                assertThat(response.status()).as(context + ": a lie").isEqualTo(400);
                assertThat(json.map(body -> body.at("/error/code").asInt()))
                    .as(context + ": a lie")
                    .contains(-32020);
              }
            });
  }

  /**
   * What holds for every answer: no 5xx, nothing of a Java exception, no internal error dressed as
   * a JSON-RPC error, and a body that is empty, an event stream, or a JSON error document.
   */
  private static void assertSafe(RawHttp.Response response, String context) {
    assertThat(response.status()).as(context + " (never 5xx)").isLessThan(500);
    assertThat(response.body())
        .as(context + " (nothing of a Java exception)")
        .doesNotContainIgnoringCase("exception")
        .doesNotContain("\tat ")
        .doesNotContain("java.");
    String body = response.body();
    if (body.isEmpty() || body.startsWith("event:") || body.startsWith(":")) {
      return;
    }
    Optional<JsonNode> json = json(body);
    assertThat(json).as(context + " (a JSON answer)").isPresent();
    assertThat(json.get().at("/error/code").asInt())
        .as(context + " (an internal error is a 5xx in disguise)")
        .isNotEqualTo(-32603);
    if (response.status() >= 400) {
      assertThat(json.get().has("error")).as(context + " (an error document)").isTrue();
    }
  }

  private static Optional<JsonNode> json(String body) {
    try {
      return Optional.of(JSON.readTree(body));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String clip(String text) {
    return text.length() <= 400 ? text : text.substring(0, 400) + "…(" + text.length() + ")";
  }
}
