package io.github.mcpoauthkit.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's table of settings is the declarations in {@link Settings}, row for row. */
class ReadmeSettingsTableTest {

  private static final String HEADER = "| variable | default | meaning |";

  private static final Path README =
      Path.of(System.getProperty("basedir", ".")).resolve("../README.md");

  /** Literal defaults keep their backticks (code); a '|' would end the cell. */
  private static String expectedTable() {
    StringBuilder table = new StringBuilder(HEADER).append('\n').append("|---|---|---|\n");
    for (Setting<?> setting : Settings.ALL) {
      table
          .append("| `")
          .append(setting.name())
          .append("` | ")
          .append(cell(setting.shownDefault()))
          .append(" | ")
          .append(cell(setting.description()))
          .append(" |\n");
    }
    return table.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  private static String readmeTable() throws IOException {
    List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
    int start = lines.indexOf(HEADER);
    if (start < 0) {
      return "";
    }
    List<String> table = new ArrayList<>();
    for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      table.add(lines.get(i));
    }
    return String.join("\n", table) + "\n";
  }

  @Test
  void the_readme_lists_every_setting_as_declared() throws IOException {
    String expected = expectedTable();

    assertThat(readmeTable())
        .withFailMessage(
            "The settings table in %s (section \"Run it\") differs from the declarations in"
                + " Settings; replace it with:%n%n%s",
            README.normalize(), expected)
        .isEqualTo(expected);
  }
}
