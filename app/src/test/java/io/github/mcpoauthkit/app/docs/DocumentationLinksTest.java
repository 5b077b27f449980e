package io.github.mcpoauthkit.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md and docs/*.md as a reader meets them on GitHub: every link leads somewhere, and the
 * README quotes no count from a test run (the run prints those). {@link
 * DocumentationRulesFailOnViolationsTest} shows that each rule fails on a violation.
 */
class DocumentationLinksTest {

  private static final Path ROOT =
      Path.of(System.getProperty("basedir", ".")).resolve("..").toAbsolutePath().normalize();
  private static final Path README = ROOT.resolve("README.md");

  private static List<Path> documentation() throws IOException {
    List<Path> files = new ArrayList<>(List.of(README));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  @Test
  void the_documentation_is_where_this_test_looks_and_its_links_are_read() throws IOException {
    assertThat(documentation()).contains(README, ROOT.resolve("docs/SECURITY.md"));
    MarkdownFile readme = MarkdownFile.read(README);
    assertThat(readme.anchors()).contains("development-mode", "build-and-test");
    assertThat(readme.links())
        .extracting(MarkdownFile.Link::target)
        .contains("#development-mode", "docs/SECURITY.md", "docs/request-flow.png");
  }

  @Test
  void every_link_of_the_readme_and_docs_leads_to_a_file_or_heading() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path file : documentation()) {
      problems.addAll(DocumentationRules.brokenLinks(ROOT, file));
    }

    assertThat(problems).as("broken links").isEmpty();
  }

  @Test
  void the_readme_quotes_no_count_from_a_test_run() throws IOException {
    assertThat(DocumentationRules.handCopiedFigures(ROOT, README))
        .as("figures copied from a test run (.ci/run prints them)")
        .isEmpty();
  }
}
