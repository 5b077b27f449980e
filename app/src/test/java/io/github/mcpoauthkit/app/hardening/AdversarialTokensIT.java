package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mcpoauthkit.app.Kit;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.features.CountingFeatures;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The adversarial-token corpus ({@code adversarial-tokens.tsv}) against the whole server on both
 * transports: an issuer whose keys the test holds, so that it can forge, and every row sent to
 * {@code /mcp} twice, in each protocol era: as an MCP 2025-06-18 {@code initialize}, and as an MCP
 * 2026-07-28 {@code tools/call} of {@code CountingFeatures}' {@code count}, with its {@code _meta}
 * and headers. No row may be answered 5xx or accepted, except the sanity rows, which must be. Each
 * refusal must carry the row's status and rejection code, recognised by its {@code
 * WWW-Authenticate} error and its body, and nothing of a Java exception; a refused 2026-07-28 call
 * must leave the count of handler runs unchanged, an accepted one add one; and no part of any token
 * sent may reach the log.
 */
class AdversarialTokensIT {

  private static final List<String> TRANSPORTS = List.of("helidon", "undertow");

  /** The two eras each row is sent in. */
  enum Era {
    LEGACY("MCP 2025-06-18 initialize"),
    MODERN("MCP 2026-07-28 tools/call");

    private final String label;

    Era(String label) {
      this.label = label;
    }

    RawHttp.Request shape(RawHttp.Request request) {
      return this == LEGACY ? request : ModernRequests.fromTokenRecipe(request);
    }

    @Override
    public String toString() {
      return label;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Messages that differ from the code's default message, by code: the family they belong to. */
  private static final Map<RejectionCode, Pattern> FAMILIES =
      Map.of(
          RejectionCode.MULTIPLE_CREDENTIALS,
          Pattern.compile("more than one (Authorization header|credential|token)"),
          RejectionCode.MALFORMED_CREDENTIALS,
          Pattern.compile(
              "^(The Authorization header is not a valid Bearer credential"
                  + "|The Bearer token contains a character outside the RFC 6750 b64token syntax)"),
          RejectionCode.INVALID_SIGNATURE,
          Pattern.compile(
              "^Token validation failed: (invalid signature"
                  + "|critical header parameters \\(crit\\) are not supported)"));

  record Row(String kind, String recipe, int status, String code) {
    boolean sanity() {
      return kind.startsWith("sanity_");
    }

    Optional<RejectionCode> rejection() {
      if (code.equals("-")) {
        return Optional.empty();
      }
      for (RejectionCode candidate : RejectionCode.values()) {
        if (candidate.code().equals(code)) {
          return Optional.of(candidate);
        }
      }
      throw new IllegalArgumentException(kind + ": unknown rejection code " + code);
    }

    @Override
    public String toString() {
      return kind + " [" + recipe + "] -> " + status + " " + code;
    }
  }

  private static ForgeryIssuer issuer;
  private static LogCapture log;
  private static final Map<String, Kit> KITS = new LinkedHashMap<>();
  private static final Map<String, Recipes> RECIPES = new HashMap<>();

  /** Every fragment of a token that was sent, to look for in the whole log at the end. */
  private static final Set<String> SENT = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void startIssuer() {
    log = LogCapture.start();
    issuer = new ForgeryIssuer(Recipes.issuerKeys());
  }

  @AfterAll
  static void stopAll() {
    KITS.values().forEach(Kit::close);
    KITS.clear();
    if (issuer != null) {
      issuer.close();
    }
    if (log != null) {
      String everything = log.text();
      log.close();
      // The capture saw the kit's own refusals (SLF4J, as Helidon's System.Logger is too) and
      // Undertow's start line (java.util.logging here, where no main bridges it), so a clean log
      // is not an empty one. Not XNIO's version line: it comes once per JVM, with whichever test
      // starts Undertow first.
      assertThat(everything)
          .contains("rejected POST /mcp: ")
          .contains("starting server: Undertow")
          .contains("audit - authentication verdict=rejected code=")
          .contains("audit - authentication verdict=accepted ");
      // Anything logged after its response (a connection closed late, the shutdown) is seen here.
      assertThat(SENT).as("token fragments sent").isNotEmpty();
      for (String fragment : SENT) {
        assertThat(everything).as("the log holds part of a token").doesNotContain(fragment);
      }
    }
  }

  /**
   * The server for a transport and a row: rows whose recipe starts with {@link
   * Recipes#SLASH_ISSUER_PREFIX} go to one configured with the issuer that ends with a slash.
   */
  private static synchronized Kit kit(String transport, Row row) {
    boolean slash = row.recipe().startsWith(Recipes.SLASH_ISSUER_PREFIX);
    return KITS.computeIfAbsent(
        kitKey(transport, row),
        k -> {
          String configuredIssuer = slash ? issuer.slashIssuer() : issuer.issuer();
          int port = ServerProcesses.freePort();
          String resource = "http://localhost:" + port + "/mcp";
          Map<String, String> environment = new HashMap<>();
          environment.put("OAUTH_ISSUER_URL", configuredIssuer);
          environment.put("OAUTH_AUDIENCE", resource);
          environment.put("PORT", Integer.toString(port));
          environment.put("MCP_TRANSPORT", transport);
          environment.put("MCP_FEATURES", "counting");
          // Every decision is audited too: the audit line must hold no part of a token either.
          environment.put("AUDIT_LOG", "on");
          KitConfig config = KitConfig.load(ConfigSource.of(Map.of(), environment), false);
          RECIPES.put(k, new Recipes(configuredIssuer, resource));
          return Kit.start(config, config.issuer().orElseThrow());
        });
  }

  private static String kitKey(String transport, Row row) {
    return row.recipe().startsWith(Recipes.SLASH_ISSUER_PREFIX)
        ? transport + "/slash-issuer"
        : transport;
  }

  private static RawHttp.Response send(String transport, Row row) {
    return send(transport, row, Era.LEGACY);
  }

  private static RawHttp.Response send(String transport, Row row, Era era) {
    Kit kit = kit(transport, row);
    RawHttp.Request request = era.shape(RECIPES.get(kitKey(transport, row)).build(row.recipe()));
    List<String> fragments = secretFragments(request);
    SENT.addAll(fragments);
    int mark = log.length();
    RawHttp.Response response = RawHttp.send(kit.port(), request);
    String logged = log.textFrom(mark);
    for (String fragment : fragments) {
      assertThat(logged)
          .as(row + " on " + transport + ": the log holds part of its token")
          .doesNotContain(fragment);
    }
    return response;
  }

  /**
   * The parts of a request's credentials long enough to be recognised in a log: every segment of 16
   * characters or more of its Authorization values, its query and (for a form) its body.
   */
  static List<String> secretFragments(RawHttp.Request request) {
    List<String> sources = new ArrayList<>(request.authorization());
    if (request.query() != null) {
      sources.add(request.query());
    }
    if (request.contentType() != null
        && request.contentType().startsWith("application/x-www-form-urlencoded")) {
      sources.add(request.body());
    }
    List<String> fragments = new ArrayList<>();
    for (String source : sources) {
      for (String piece : source.split("[.\\s,=&]+")) {
        if (piece.length() >= 16) {
          fragments.add(piece);
        }
      }
    }
    return fragments;
  }

  static List<Row> corpus() {
    InputStream in = AdversarialTokensIT.class.getResourceAsStream("/adversarial-tokens.tsv");
    assertThat(in).as("adversarial-tokens.tsv on the test classpath").isNotNull();
    List<Row> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      boolean header = true;
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          assertThat(line).isEqualTo("kind\trecipe\texpected_status\texpected_code");
          header = false;
          continue;
        }
        String[] cells = line.split("\t", -1);
        assertThat(cells).as(line).hasSize(4);
        rows.add(new Row(cells[0], cells[1], Integer.parseInt(cells[2]), cells[3]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  @Test
  void the_corpus_is_well_formed() {
    List<Row> rows = corpus();
    Recipes recipes = new Recipes("http://127.0.0.1:1/realm", "http://localhost:1/mcp");
    assertThat(rows.stream().filter(row -> !row.sanity()).count()).isGreaterThanOrEqualTo(60);
    assertThat(rows).extracting(Row::kind).doesNotHaveDuplicates();
    assertThat(rows).extracting(Row::recipe).doesNotHaveDuplicates();
    assertThat(rows).extracting(Row::recipe).containsExactlyInAnyOrderElementsOf(recipes.names());
    // The size rows really have their size, and the 8 KiB ones fit under the 16 KiB header limit.
    for (Row row : rows) {
      int expected =
          row.recipe().contains("8kib") ? 8 * 1024 : row.recipe().contains("20kib") ? 20 * 1024 : 0;
      if (expected > 0) {
        String value = recipes.build(row.recipe()).authorization().get(0);
        int length = value.length() - "Bearer ".length();
        assertThat(length).as(row.toString()).isBetween(expected, expected + 4);
      }
    }
    for (Row row : rows) {
      row.rejection()
          .ifPresent(
              code -> assertThat(code.httpStatus()).as(row.toString()).isEqualTo(row.status));
      if (row.sanity()) {
        assertThat(row.status).as(row.toString()).isEqualTo(200);
      } else {
        assertThat(row.status).as(row.toString()).isBetween(400, 499);
      }
    }
  }

  @TestFactory
  Stream<DynamicNode> every_adversarial_request_is_refused_with_its_code() {
    List<Row> rows = corpus().stream().filter(row -> !row.sanity()).toList();
    return TRANSPORTS.stream()
        .map(
            transport ->
                DynamicContainer.dynamicContainer(
                    transport,
                    Stream.of(Era.values())
                        .map(
                            era ->
                                DynamicContainer.dynamicContainer(
                                    era.toString(),
                                    rows.stream()
                                        .map(
                                            row ->
                                                DynamicTest.dynamicTest(
                                                    row.kind(),
                                                    () -> refused(transport, row, era)))))));
  }

  @TestFactory
  Stream<DynamicNode> the_sanity_rows_are_accepted() {
    List<Row> rows = corpus().stream().filter(Row::sanity).toList();
    return TRANSPORTS.stream()
        .flatMap(
            transport ->
                Stream.of(Era.values())
                    .flatMap(
                        era ->
                            rows.stream()
                                .map(
                                    row ->
                                        DynamicTest.dynamicTest(
                                            transport + ", " + era + ": " + row.kind(),
                                            () -> accepted(transport, row, era)))));
  }

  private static void accepted(String transport, Row row, Era era) {
    long runs = CountingFeatures.runs();
    RawHttp.Response response = send(transport, row, era);
    String context = row + " on " + transport + ", " + era + ": " + response.body();
    assertThat(response.status()).as(context).isEqualTo(200);
    if (era == Era.LEGACY) {
      assertThat(response.body()).as(context).contains("\"protocolVersion\"");
    } else {
      assertThat(response.body()).as(context).contains("\"result\"").contains("counted");
      assertThat(CountingFeatures.runs())
          .as(context + ": the handler ran once")
          .isEqualTo(runs + 1);
    }
  }

  @Test
  void an_oversized_header_section_gets_the_same_status_on_both_transports() {
    Row row =
        corpus().stream()
            .filter(r -> r.recipe().equals("token_20kib_valid_signature"))
            .findFirst()
            .orElseThrow();
    Map<String, Integer> statuses = new LinkedHashMap<>();
    for (String transport : TRANSPORTS) {
      for (Era era : Era.values()) {
        statuses.put(transport + ", " + era, send(transport, row, era).status());
      }
    }
    assertThat(statuses.values()).as(statuses.toString()).containsOnly(431);
  }

  private static void refused(String transport, Row row, Era era) throws IOException {
    long runs = CountingFeatures.runs();
    RawHttp.Response response = send(transport, row, era);
    String context =
        row + " on " + transport + ", " + era + ": " + response.status() + " " + response.body();
    assertThat(CountingFeatures.runs()).as(context + ": no handler ran").isEqualTo(runs);
    assertThat(response.status()).as(context).isLessThan(500);
    assertThat(response.status() / 100).as(context + " (never 2xx)").isNotEqualTo(2);
    assertThat(response.status()).as(context).isEqualTo(row.status());
    assertThat(response.body())
        .as(context + " (nothing of a Java exception)")
        .doesNotContainIgnoringCase("exception")
        .doesNotContain("\tat ")
        .doesNotContain("java.");
    Optional<RejectionCode> expected = row.rejection();
    if (expected.isEmpty()) {
      return;
    }
    RejectionCode code = expected.get();
    Optional<String> challenge = response.header("WWW-Authenticate");
    JsonNode body = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
    if (code.errorClass().isEmpty()) {
      assertThat(challenge).as(context).isPresent();
      assertThat(challenge.get()).as(context).startsWith("Bearer ").doesNotContain("error=");
      return;
    }
    String errorValue = code.errorClass().get().code();
    assertThat(challenge).as(context).isPresent();
    assertThat(challenge.get()).as(context).contains("error=\"" + errorValue + "\"");
    assertThat(body.path("error").asText()).as(context).isEqualTo(errorValue);
    String description = body.path("error_description").asText();
    assertThat(identify(description))
        .as(context + ": the code its description stands for")
        .contains(code);
    assertThat(challenge.get())
        .as(context + ": the challenge carries the same description")
        .contains(
            "error_description=\"" + description.substring(0, Math.min(24, description.length())));
  }

  /**
   * The rejection code a description stands for: the code whose default message, or whose family of
   * messages, it begins with; when several do (the message of {@code encrypted_token} begins with
   * that of {@code invalid_jwt_format}), the longest match. Empty when none or two equally long do.
   */
  static Optional<RejectionCode> identify(String description) {
    RejectionCode best = null;
    int bestLength = 0;
    boolean tie = false;
    for (RejectionCode candidate : RejectionCode.values()) {
      int length = 0;
      if (description.startsWith(candidate.defaultMessage())) {
        length = candidate.defaultMessage().length();
      }
      Pattern family = FAMILIES.get(candidate);
      if (family != null) {
        Matcher matcher = family.matcher(description);
        if (matcher.find()) {
          length = Math.max(length, matcher.end());
        }
      }
      if (length > bestLength) {
        best = candidate;
        bestLength = length;
        tie = false;
      } else if (length > 0 && length == bestLength) {
        tie = true;
      }
    }
    return tie ? Optional.empty() : Optional.ofNullable(best);
  }
}
