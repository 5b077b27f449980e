package io.github.mcpoauthkit.app.docs;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules the repository's Markdown is held to. Each returns the problems it found, one line each
 * ({@code file:line: what}), empty when the file follows it.
 *
 * <ul>
 *   <li>{@link #brokenLinks}: a link to a heading ({@code #anchor}, {@code other.md#anchor}) names
 *       an anchor GitHub gives one of that file's headings; a relative link names a file or
 *       directory that exists inside the repository.
 *   <li>{@link #handCopiedFigures}: no count copied from a test run ("53 tests", "40 checks", "142
 *       rows", "12 passed", "290 000 per run"): such numbers change with every test added and are
 *       printed by the run itself ({@code .ci/run}), so the text says where, not how many.
 * </ul>
 */
final class DocumentationRules {

  private static final Pattern EXTERNAL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  private static final Pattern LINE_FRAGMENT = Pattern.compile("L\\d+(?:-L\\d+)?");

  // 53, 290 000, 290,000; not the 17 of "Java 17" when a word follows it that is not a count's
  // noun.
  private static final String NUMBER =
      "(?<![\\w.,])(?:\\d{1,3}(?:[ ,\\u00a0\\u202f]\\d{3})+|\\d+)(?![\\d])";
  private static final List<Pattern> FIGURES =
      List.of(
          Pattern.compile(
              NUMBER
                  + "\\s+(?:[\\p{L}-]+\\s+)?(?:tests?|test\\s+cases|checks?|rows?|scenarios?"
                  + "|inputs?|assertions?|cases|tries)\\b"),
          Pattern.compile(NUMBER + "\\s+(?:passed|failed|passing|failing)\\b"),
          Pattern.compile(NUMBER + "\\s+per\\s+run\\b"));

  private DocumentationRules() {}

  /**
   * The links of {@code file} that lead nowhere.
   *
   * @param root the repository root: relative links must stay inside it, {@code /x} starts there
   */
  static List<String> brokenLinks(Path root, Path file) throws IOException {
    MarkdownFile markdown = MarkdownFile.read(file);
    List<String> problems = new ArrayList<>();
    for (MarkdownFile.Link link : markdown.links()) {
      String target = link.target();
      if (target.isEmpty() || EXTERNAL.matcher(target).find()) {
        continue;
      }
      String where = root.relativize(file) + ":" + link.line() + ": (" + target + ") ";
      int hash = target.indexOf('#');
      String pathPart = hash < 0 ? target : target.substring(0, hash);
      String fragment = hash < 0 ? null : decode(target.substring(hash + 1));
      int query = pathPart.indexOf('?');
      if (query >= 0) {
        pathPart = pathPart.substring(0, query);
      }
      Path linked = file;
      if (!pathPart.isEmpty()) {
        String decoded = decode(pathPart);
        linked =
            (decoded.startsWith("/")
                    ? root.resolve(decoded.substring(1))
                    : file.getParent().resolve(decoded))
                .normalize();
        if (!linked.startsWith(root)) {
          problems.add(where + "points outside the repository");
          continue;
        }
        if (!Files.exists(linked)) {
          problems.add(where + "no such file: " + root.relativize(linked));
          continue;
        }
      }
      if (fragment == null) {
        continue;
      }
      if (Files.isRegularFile(linked) && linked.getFileName().toString().endsWith(".md")) {
        List<String> anchors = MarkdownFile.read(linked).anchors();
        if (!anchors.contains(fragment)) {
          problems.add(
              where
                  + "no heading of "
                  + root.relativize(linked)
                  + " has the anchor #"
                  + fragment
                  + " (its anchors: "
                  + String.join(", ", anchors)
                  + ")");
        }
      } else if (!LINE_FRAGMENT.matcher(fragment).matches()) {
        problems.add(where + "#" + fragment + " cannot point into " + root.relativize(linked));
      }
    }
    return problems;
  }

  /** The counts copied from a test run into {@code file}'s text (code blocks included). */
  static List<String> handCopiedFigures(Path root, Path file) throws IOException {
    // Without the quote markers, so that "40\n> checks" in a block quote reads "40 checks".
    String text = Files.readString(file).replaceAll("(?m)^ {0,3}>[ \\t]?", "");
    List<Map.Entry<Integer, String>> found = new ArrayList<>();
    for (Pattern figure : FIGURES) {
      Matcher matcher = figure.matcher(text);
      while (matcher.find()) {
        found.add(
            Map.entry(
                MarkdownFile.lineOf(text, matcher.start()),
                matcher.group().replaceAll("\\s+", " ")));
      }
    }
    found.sort(Map.Entry.comparingByKey());
    return found.stream()
        .map(
            figure ->
                root.relativize(file)
                    + ":"
                    + figure.getKey()
                    + ": \""
                    + figure.getValue()
                    + "\" looks copied from a test run; say where the run prints it instead")
        .toList();
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
