package io.github.mcpoauthkit.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.domain.token.ErrorClass;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's table of rejection codes is {@link RejectionCode}, row for row. */
class ReadmeRejectionCodesTableTest {

  private static final String HEADER = "| code | status | `error` | message |";

  private static final Path README =
      Path.of(System.getProperty("basedir", ".")).resolve("../README.md");

  static String expectedTable() {
    StringBuilder table = new StringBuilder(HEADER).append('\n').append("|---|---|---|---|\n");
    for (RejectionCode code : RejectionCode.values()) {
      table
          .append("| `")
          .append(code.code())
          .append("` | ")
          .append(code.httpStatus())
          .append(" | ")
          .append(code.errorClass().map(ErrorClass::code).orElse("—"))
          .append(" | ")
          .append(code.defaultMessage().replace("|", "\\|"))
          .append(" |\n");
    }
    return table.toString();
  }

  static String table(List<String> lines) {
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
  void the_readme_lists_every_rejection_code_as_declared() throws IOException {
    String readme = table(Files.readAllLines(README, StandardCharsets.UTF_8));

    assertThat(readme)
        .withFailMessage(
            "The table in %s (section \"Rejection codes\") differs from RejectionCode; it should"
                + " be:%n%s",
            README, expectedTable())
        .isEqualTo(expectedTable());
  }

  @Test
  void a_missing_or_changed_row_is_seen() {
    List<String> lines = new ArrayList<>(List.of(expectedTable().split("\n")));
    lines.remove(lines.size() - 1);

    assertThat(table(lines)).isNotEqualTo(expectedTable());
    assertThat(table(List.of("intro", ""))).isEmpty();
  }
}
