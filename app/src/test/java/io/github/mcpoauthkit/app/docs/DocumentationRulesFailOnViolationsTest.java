package io.github.mcpoauthkit.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves that each rule of {@link DocumentationRules} fails on a deliberate violation, in a small
 * repository written for the test, and passes on what GitHub renders as a working link. A rule that
 * passes on its violation checks nothing.
 */
class DocumentationRulesFailOnViolationsTest {

  @TempDir Path root;

  private Path write(String name, String text) throws IOException {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private List<String> brokenLinks(String readme) throws IOException {
    return DocumentationRules.brokenLinks(root, write("README.md", readme));
  }

  private List<String> figures(String readme) throws IOException {
    return DocumentationRules.handCopiedFigures(root, write("README.md", readme));
  }

  @Test
  void an_anchor_no_heading_has_is_broken() throws IOException {
    assertThat(brokenLinks("# Kit\n\nSee [Development\nmode](#development-mode).\n"))
        .singleElement()
        .asString()
        .startsWith("README.md:3: (#development-mode) no heading of README.md has the anchor")
        .contains("its anchors: kit");
  }

  @Test
  void anchors_follow_github_punctuation_case_code_and_markup_dropped() throws IOException {
    String readme =
        """
        # The `--dev` flag (local only!)
        ## Embedding the kit in your own MCP server (Java 17+)
        ## **Bold** and _emphasis_ with snake_case
        ## [A link](https://example.com) — and a dash ##

        [1](#the---dev-flag-local-only) [2](#embedding-the-kit-in-your-own-mcp-server-java-17)
        [3](#bold-and-emphasis-with-snake_case) [4](#a-link--and-a-dash)
        """;

    assertThat(brokenLinks(readme)).isEmpty();
    assertThat(brokenLinks(readme + "[5](#The---dev-flag-local-only)\n")).hasSize(1);
  }

  @Test
  void a_repeated_heading_gets_a_numbered_anchor_and_no_more() throws IOException {
    String readme = "## Setup\n## Setup\n\n[a](#setup) [b](#setup-1)\n";

    assertThat(brokenLinks(readme)).isEmpty();
    assertThat(brokenLinks(readme + "[c](#setup-2)\n"))
        .singleElement()
        .asString()
        .contains("(#setup-2)");
  }

  @Test
  void headings_and_links_inside_code_do_not_count() throws IOException {
    String readme =
        """
        ```bash
        # Not a heading
        echo "[x](#nowhere)"
        ```
        `[y](missing.md)` and ``[z](#gone)``

        [a](#not-a-heading)
        """;

    assertThat(brokenLinks(readme)).singleElement().asString().contains("(#not-a-heading)");
  }

  @Test
  void an_anchor_in_another_file_must_be_one_of_its_headings() throws IOException {
    write("docs/SECURITY.md", "# Security\n## 13. Development mode\n");

    assertThat(brokenLinks("[a](docs/SECURITY.md#13-development-mode)\n")).isEmpty();
    assertThat(brokenLinks("[a](docs/SECURITY.md#development-mode)\n"))
        .singleElement()
        .asString()
        .contains("no heading of docs/SECURITY.md has the anchor #development-mode");
  }

  @Test
  void links_from_a_docs_file_resolve_from_its_directory() throws IOException {
    write("README.md", "# Kit\n## Run it\n");
    Path doc = write("docs/SOAK.md", "[up](../README.md#run-it) [here](SOAK.md) [no](README.md)\n");

    assertThat(DocumentationRules.brokenLinks(root, doc))
        .singleElement()
        .asString()
        .isEqualTo("docs/SOAK.md:1: (README.md) no such file: docs/README.md");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[guide](docs/NOPE.md)",
        "![chart](docs/missing.png)",
        "[bench][b]\n\n[b]: bench/README.md",
        "[out](../elsewhere.md)",
        "[code](app/Main.java#main)"
      })
  void a_relative_link_must_name_a_file_inside_the_repository(String link) throws IOException {
    write("app/Main.java", "class Main {}\n");

    assertThat(brokenLinks(link + "\n")).hasSize(1);
  }

  @Test
  void files_directories_line_fragments_and_external_links_pass() throws IOException {
    write("docs/performance.png", "");
    write("bench/README.md", "# Bench\n");
    write("app/Main.java", "class Main {}\n");

    assertThat(
            brokenLinks(
                """
                ![chart](docs/performance.png) [bench](bench/) [b](bench/README.md "title")
                [main](app/Main.java#L1) [root](/bench/README.md#bench)
                [MCP](https://modelcontextprotocol.io) [mail](mailto:x@example.com)
                """))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "one HTTP contract suite of 53 tests passes on each",
        "the suite passes all 40\nchecks of its default scenarios",
        "> the suite passes all 40\n> checks on each",
        "of its 30 default scenarios",
        "sends the 142 rows of the corpus",
        "with generated inputs, about 290 000 per run",
        "fuzzes 290,000 inputs",
        "e2e-helidon: 12 passed, 0 failed",
        "ran 1 test"
      })
  void a_count_from_a_test_run_is_refused(String sentence) throws IOException {
    assertThat(figures("Intro.\n\n" + sentence + ".\n"))
        .isNotEmpty()
        .allSatisfy(problem -> assertThat(problem).startsWith("README.md:3: \""));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "the Java 17 modules' tests on Java 17",
        "Accepted tokens are cached (10 000 tokens, 5 minutes at most)",
        "authenticated tools/list at 0.65× (Helidon, 38,900 req/s, p99 1.8 ms)",
        "`.ci/run` prints how many contract tests each web adapter ran",
        "It prints `e2e-<transport>: N passed, M failed` last",
        "100 per subject",
        "Cause: HTTP 404\nCheck: that the jwks_uri is reachable"
      })
  void text_without_a_test_count_passes(String sentence) throws IOException {
    assertThat(figures(sentence + "\n")).isEmpty();
  }
}
