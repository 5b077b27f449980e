package io.github.mcpoauthkit.app.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads settings from one source and collects what is wrong with them, so that {@link KitConfig}
 * and the readers of each feature ({@link IntrospectionReading}, {@link DPoPReading}) report every
 * bad value at once. Not thread-safe: one reading at a time.
 */
final class SettingsReader {

  private final ConfigSource source;
  private final List<String> problems = new ArrayList<>();

  SettingsReader(ConfigSource source) {
    this.source = source;
  }

  /** The setting's value, or its default after recording why the given text is refused. */
  <T> T read(Setting<T> setting) {
    return setting.read(source, problems::add);
  }

  /** The text the source gives for {@code setting}, as written. */
  Optional<String> text(Setting<?> setting) {
    return setting.text(source);
  }

  void problem(String message) {
    problems.add(message);
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  /** Makes a value whose constructor checks it. */
  interface Builder<T> {
    /**
     * @throws IllegalArgumentException saying what is wrong
     */
    T build();
  }

  /**
   * {@code builder}'s value, or {@code fallback} after recording the constructor's objection
   * prefixed with {@code context}.
   */
  <T> T build(Builder<T> builder, T fallback, String context) {
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      problems.add(context + e.getMessage());
      return fallback;
    }
  }
}
