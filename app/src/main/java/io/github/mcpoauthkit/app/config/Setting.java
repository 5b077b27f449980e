package io.github.mcpoauthkit.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting, declared once: its variable name, its default, how the default is documented, what
 * it means and how its text is read. {@code --help}, the README's table and {@link KitConfig} all
 * come from these declarations (see {@link Settings}).
 *
 * <p>The documented default marks literal values, what one could write as the value, with
 * backticks: {@code `3000`}, {@code `0` (a free port)}, {@code (none)}. The README shows the marks
 * as code; {@code --help} drops them ({@link #helpDefault()}).
 *
 * @param <T> the type the text is read into
 * @param name the environment variable
 * @param defaultValue the value when the variable is unset or blank, or when its text is rejected
 * @param shownDefault the default as documented, literal values in backticks
 * @param description what it does, on one line
 * @param parser reads the variable's text
 */
public record Setting<T>(
    String name, T defaultValue, String shownDefault, String description, Parser<T> parser) {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  /**
   * @throws NullPointerException if a component is null
   */
  public Setting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(shownDefault, "shownDefault");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parser, "parser");
  }

  /** How a setting's text becomes its value. */
  @FunctionalInterface
  public interface Parser<T> {

    /**
     * Reads a setting's text.
     *
     * @param name the setting's name, for messages
     * @param text the text, trimmed and not empty
     * @param problems receives one message per problem, each naming the setting, what is wrong and
     *     the accepted form
     * @return the value, or empty if the text is rejected (the setting's default stands in)
     */
    Optional<T> parse(String name, String text, Consumer<String> problems);
  }

  /** The setting's text in {@code source}, trimmed; empty when it is unset or blank. */
  public Optional<String> text(ConfigSource source) {
    return source.get(name).map(String::trim).filter(value -> !value.isEmpty());
  }

  /**
   * The setting's value in {@code source}: its default when it is unset or blank, or when its text
   * is rejected.
   *
   * @param problems receives a message for each problem in the text
   */
  public T read(ConfigSource source, Consumer<String> problems) {
    return text(source).flatMap(value -> parser.parse(name, value, problems)).orElse(defaultValue);
  }

  /** The documented default as {@code --help} shows it: without the backticks. */
  public String helpDefault() {
    return shownDefault.replace("`", "");
  }

  /** This setting with its default documented as {@code shownDefault} instead. */
  public Setting<T> shownAs(String shownDefault) {
    return new Setting<>(name, defaultValue, shownDefault, description, parser);
  }

  /** This setting, present or absent: a rejected text counts as absent. */
  public static <T> Setting<Optional<T>> optional(
      String name, String shownDefault, String description, Parser<T> parser) {
    return new Setting<>(
        name,
        Optional.empty(),
        shownDefault,
        description,
        (n, text, problems) -> parser.parse(n, text, problems).map(Optional::of));
  }

  /** A whole number from {@code min} to {@code max}. */
  public static Setting<Integer> integer(
      String name, int defaultValue, int min, int max, String description) {
    return new Setting<>(
        name,
        defaultValue,
        "`" + defaultValue + "`",
        description,
        (n, text, problems) -> {
          try {
            int parsed = Integer.parseInt(text);
            if (parsed >= min && parsed <= max) {
              return Optional.of(parsed);
            }
            problems.accept(n + " " + parsed + " is out of range; expected " + min + " to " + max);
          } catch (NumberFormatException e) {
            problems.accept(
                n + " '" + text + "' is not a whole number; expected e.g. " + defaultValue);
          }
          return Optional.empty();
        });
  }

  /** A duration ({@link #parseDuration}); the default is written the same way. */
  public static Setting<Duration> duration(String name, String defaultValue, String description) {
    return new Setting<>(
        name,
        parseDuration(defaultValue).orElseThrow(),
        "`" + defaultValue + "`",
        description,
        (n, text, problems) -> {
          Optional<Duration> parsed = parseDuration(text);
          if (parsed.isEmpty()) {
            problems.accept(
                n + " '" + text + "' is not a duration; use e.g. 500ms, 30s, 5m, 1h or PT30S");
          }
          return parsed;
        });
  }

  /** {@code true}, {@code 1}, {@code yes}, {@code on} or their opposites, in any case. */
  public static Setting<Boolean> bool(String name, boolean defaultValue, String description) {
    return new Setting<>(
        name,
        defaultValue,
        "`" + defaultValue + "`",
        description,
        (n, text, problems) ->
            switch (text.toLowerCase(Locale.ROOT)) {
              case "true", "1", "yes", "on" -> Optional.of(true);
              case "false", "0", "no", "off" -> Optional.of(false);
              default -> {
                problems.accept(n + " '" + text + "' is not a boolean; use true or false");
                yield Optional.empty();
              }
            });
  }

  /**
   * A comma-separated list, its items trimmed and blank items dropped; the default is written the
   * same way, an empty one is documented as {@code (none)}.
   */
  public static Setting<List<String>> list(String name, String defaultValue, String description) {
    return new Setting<>(
        name,
        items(defaultValue),
        literal(defaultValue),
        description,
        (n, text, problems) -> Optional.of(items(text)));
  }

  /** Any text; an empty default is documented as {@code (none)}. */
  public static Setting<String> text(String name, String defaultValue, String description) {
    return new Setting<>(
        name,
        defaultValue,
        literal(defaultValue),
        description,
        (n, text, problems) -> Optional.of(text));
  }

  private static String literal(String value) {
    return value.isEmpty() ? "(none)" : "`" + value + "`";
  }

  private static List<String> items(String text) {
    List<String> items = new ArrayList<>();
    for (String item : text.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return List.copyOf(items);
  }

  /**
   * A duration written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, a plain number of
   * seconds, or ISO-8601 ({@code PT30S}); empty if {@code text} is none of these or negative.
   */
  static Optional<Duration> parseDuration(String text) {
    Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return Optional.of(
            switch (unit) {
              case "ms" -> Duration.ofMillis(amount);
              case "m" -> Duration.ofMinutes(amount);
              case "h" -> Duration.ofHours(amount);
              default -> Duration.ofSeconds(amount);
            });
      }
      return Optional.of(Duration.parse(text.trim())).filter(iso -> !iso.isNegative());
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      // The last two: a number too large for a long or for a Duration is not a duration either.
      return Optional.empty();
    }
  }
}
