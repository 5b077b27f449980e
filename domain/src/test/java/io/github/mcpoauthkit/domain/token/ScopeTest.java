package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "read",
        "mcp:tools",
        "api://app/.default",
        "User.Read",
        "!",
        "~",
        "a#[]{}|`'^",
        "https://www.googleapis.com/auth/drive"
      })
  void printable_ascii_without_space_quote_or_backslash_is_a_scope(String value) {
    assertThat(Scope.isValid(value)).isTrue();
    assertThat(new Scope(value).value()).isEqualTo(value);
    assertThat(new Scope(value)).hasToString(value);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "",
        " ",
        "a b",
        "a\"b",
        "a\\b",
        "a\tb",
        "a\nb",
        "a\u007fb",
        "caf\u00e9",
        "\u0000",
        "a\u2028b"
      })
  void anything_else_is_not_a_scope(String value) {
    assertThat(Scope.isValid(value)).isFalse();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Scope(value))
        .withMessageContaining("RFC 6749");
  }

  @Test
  void null_is_not_a_scope() {
    assertThat(Scope.isValid(null)).isFalse();
    assertThatNullPointerException().isThrownBy(() -> new Scope(null));
  }

  @Test
  void the_error_message_does_not_carry_control_characters() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Scope("bad\r\nscope"))
        .satisfies(
            e -> assertThat(e.getMessage()).doesNotContain("\r", "\n").contains("bad??scope"));
  }

  @Test
  void the_error_message_shows_at_most_64_characters_of_the_value() {
    String longValue = "x".repeat(63) + "\"" + "y".repeat(200);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Scope(longValue))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("y"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a b|a,b",
        "a  b|a,b",
        "'  a   b  '|a,b",
        "b a b|b,a",
        "mcp:read|mcp:read",
      })
  void parse_list_splits_on_spaces_keeps_order_and_drops_duplicates(String list, String expected) {
    assertThat(Scope.parseList(list)).extracting(Scope::value).containsExactly(expected.split(","));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"", " ", "   "})
  void parse_list_of_nothing_is_empty(String list) {
    assertThat(Scope.parseList(list)).isEmpty();
  }

  @Test
  void parse_list_refuses_an_invalid_member_and_is_unmodifiable() {
    assertThatIllegalArgumentException().isThrownBy(() -> Scope.parseList("a \"b\""));
    assertThatIllegalArgumentException().isThrownBy(() -> Scope.parseList("a\tb"));
    assertThatNullPointerException().isThrownBy(() -> Scope.parseList(null));
    assertThatThrownBy(() -> Scope.parseList("a").add(new Scope("b")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void join_renders_a_space_delimited_list_in_iteration_order() {
    assertThat(Scope.join(List.of(new Scope("b"), new Scope("a"), new Scope("c"))))
        .isEqualTo("b a c");
    assertThat(Scope.join(List.of(new Scope("a")))).isEqualTo("a");
    assertThat(Scope.join(Set.of())).isEmpty();
  }

  @Test
  void parse_list_and_join_round_trip() {
    assertThat(Scope.join(Scope.parseList("  openid   mcp:tools  profile ")))
        .isEqualTo("openid mcp:tools profile");
  }
}
