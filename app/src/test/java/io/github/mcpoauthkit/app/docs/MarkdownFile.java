package io.github.mcpoauthkit.app.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown file reduced to what a link check needs: the anchors GitHub gives its headings, its
 * links, and its prose (the text outside fenced code blocks and code spans). Links and headings
 * inside code are not links and not headings, as on GitHub.
 *
 * <p>Anchors follow GitHub (github-slugger): the heading's rendered text (markup and the backticks
 * of code dropped), lowercased, every character that is not a letter, mark, digit, connector
 * ({@code _}), hyphen or space removed, each space turned into {@code -}; a repeated anchor gets
 * {@code -1}, {@code -2}, ... Only ATX headings ({@code # ...}) are read.
 */
record MarkdownFile(Path path, List<String> anchors, List<Link> links, String prose) {

  /** A link target as written, with the line it starts on (1-based). */
  record Link(int line, String target) {
    Link {
      Objects.requireNonNull(target, "target");
    }
  }

  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,}).*$");
  private static final Pattern HEADING =
      Pattern.compile("^ {0,3}#{1,6}(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
  // [text](target "title") and ![alt](target); the text may hold one level of brackets and span
  // lines, the target may hold balanced parentheses or be written <like this>.
  private static final Pattern INLINE_LINK =
      Pattern.compile(
          "!?\\[(?:[^\\[\\]\\\\]|\\\\.|\\[[^\\[\\]]*\\])*\\]\\(\\s*"
              + "(<[^>\\n]*>|[^\\s()<>]*(?:\\([^\\s()]*\\)[^\\s()<>]*)*)"
              + "(?:\\s+(?:\"[^\"]*\"|'[^']*'|\\([^)]*\\)))?\\s*\\)");
  private static final Pattern REFERENCE_DEFINITION =
      Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:[ \\t]*(<[^>\\n]*>|\\S+)");

  MarkdownFile {
    Objects.requireNonNull(path, "path");
    anchors = List.copyOf(anchors);
    links = List.copyOf(links);
    Objects.requireNonNull(prose, "prose");
  }

  static MarkdownFile read(Path path) throws IOException {
    return parse(path, Files.readString(path));
  }

  static MarkdownFile parse(Path path, String text) {
    List<String> anchors = new ArrayList<>();
    Map<String, Integer> occurrences = new HashMap<>();
    StringBuilder outsideFences = new StringBuilder();
    String fence = null;
    for (String line : text.split("\r?\n", -1)) {
      if (fence != null) {
        if (closes(line, fence)) {
          fence = null;
        }
        outsideFences.append('\n');
        continue;
      }
      Matcher opening = FENCE.matcher(line);
      if (opening.matches()) {
        fence = opening.group(1);
        outsideFences.append('\n');
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String content = heading.group(1) == null ? "" : heading.group(1);
        anchors.add(unique(slug(renderedText(content)), occurrences));
      }
      outsideFences.append(line).append('\n');
    }
    String prose = blankCodeSpans(outsideFences.toString());
    List<Link> links = new ArrayList<>();
    collect(INLINE_LINK.matcher(prose), prose, links);
    collect(REFERENCE_DEFINITION.matcher(prose), prose, links);
    links.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return new MarkdownFile(path, anchors, links, prose);
  }

  /**
   * The anchor GitHub gives a heading whose rendered text is {@code text}, before de-duplication.
   */
  static String slug(String text) {
    return text.strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
        .replace(' ', '-');
  }

  private static String unique(String slug, Map<String, Integer> occurrences) {
    String result = slug;
    while (occurrences.containsKey(result)) {
      int next = occurrences.merge(slug, 1, Integer::sum);
      result = slug + "-" + next;
    }
    occurrences.put(result, 0);
    return result;
  }

  private static boolean closes(String line, String fence) {
    String marker = line.stripLeading();
    int indent = line.length() - marker.length();
    int run = 0;
    while (run < marker.length() && marker.charAt(run) == fence.charAt(0)) {
      run++;
    }
    return indent <= 3 && run >= fence.length() && marker.substring(run).isBlank();
  }

  /** The text a heading's inline Markdown renders to: code verbatim, markup dropped. */
  private static String renderedText(String inline) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < inline.length()) {
      int open = inline.indexOf('`', at);
      if (open < 0) {
        out.append(withoutMarkup(inline.substring(at)));
        break;
      }
      int ticks = run(inline, open, '`');
      int close = closingTicks(inline, open + ticks, ticks);
      if (close < 0) {
        out.append(withoutMarkup(inline.substring(at, open + ticks)));
        at = open + ticks;
        continue;
      }
      out.append(withoutMarkup(inline.substring(at, open)));
      out.append(inline, open + ticks, close);
      at = close + ticks;
    }
    return out.toString();
  }

  private static String withoutMarkup(String text) {
    return text.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
        .replaceAll("<[^>]+>", "")
        .replace("*", "")
        .replaceAll("(?<![\\p{L}\\p{N}])_+|_+(?![\\p{L}\\p{N}])", "")
        .replaceAll("\\\\(\\p{Punct})", "$1");
  }

  /** Replaces every code span, backticks included, by spaces (newlines kept, for line numbers). */
  private static String blankCodeSpans(String text) {
    StringBuilder out = new StringBuilder(text);
    int at = 0;
    while (true) {
      int open = text.indexOf('`', at);
      if (open < 0) {
        return out.toString();
      }
      int ticks = run(text, open, '`');
      int close = closingTicks(text, open + ticks, ticks);
      if (close < 0) {
        at = open + ticks;
        continue;
      }
      for (int i = open; i < close + ticks; i++) {
        if (out.charAt(i) != '\n') {
          out.setCharAt(i, ' ');
        }
      }
      at = close + ticks;
    }
  }

  private static int run(String text, int from, char c) {
    int end = from;
    while (end < text.length() && text.charAt(end) == c) {
      end++;
    }
    return end - from;
  }

  /** Where the next run of exactly {@code ticks} backticks starts, or -1. */
  private static int closingTicks(String text, int from, int ticks) {
    int at = from;
    while (true) {
      int candidate = text.indexOf('`', at);
      if (candidate < 0) {
        return -1;
      }
      int length = run(text, candidate, '`');
      if (length == ticks) {
        return candidate;
      }
      at = candidate + length;
    }
  }

  private static void collect(Matcher matcher, String prose, List<Link> links) {
    while (matcher.find()) {
      String target = matcher.group(1);
      if (target.startsWith("<") && target.endsWith(">")) {
        target = target.substring(1, target.length() - 1);
      }
      links.add(new Link(lineOf(prose, matcher.start()), target));
    }
  }

  static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
