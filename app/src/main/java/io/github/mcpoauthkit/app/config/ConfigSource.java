package io.github.mcpoauthkit.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where settings come from, in order of precedence: {@code -D} system properties (the variable's
 * name, or its lower-case dotted form: {@code -Doauth.issuer.url}), environment variables, then an
 * optional {@code .env} file in the working directory ({@code NAME=value} lines, {@code #}
 * comments, optional quotes).
 */
public final class ConfigSource {

  private final Map<String, String> properties;
  private final Map<String, String> environment;
  private final Map<String, String> dotEnv;

  private ConfigSource(
      Map<String, String> properties, Map<String, String> environment, Map<String, String> dotEnv) {
    this.properties = Map.copyOf(properties);
    this.environment = Map.copyOf(environment);
    this.dotEnv = Map.copyOf(dotEnv);
  }

  /** The process's system properties, environment and {@code ./.env}. */
  public static ConfigSource fromProcess() {
    Map<String, String> properties = new LinkedHashMap<>();
    System.getProperties()
        .forEach((key, value) -> properties.put(key.toString(), value.toString()));
    return new ConfigSource(properties, System.getenv(), readDotEnv(Path.of(".env")));
  }

  /** Fixed maps, for tests. */
  public static ConfigSource of(Map<String, String> properties, Map<String, String> environment) {
    return new ConfigSource(properties, environment, Map.of());
  }

  /** With a {@code .env} file's contents as the lowest-precedence source. */
  public ConfigSource withDotEnv(Path file) {
    return new ConfigSource(properties, environment, readDotEnv(file));
  }

  /** The value of {@code name}, from the first source that has it. */
  public Optional<String> get(String name) {
    String dotted = name.toLowerCase(Locale.ROOT).replace('_', '.');
    for (String value :
        new String[] {
          properties.get(name), properties.get(dotted), environment.get(name), dotEnv.get(name)
        }) {
      if (value != null) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  static Map<String, String> readDotEnv(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return values;
    }
    try {
      int lineNumber = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        lineNumber++;
        String trimmed = line.trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        if (trimmed.startsWith("export ")) {
          trimmed = trimmed.substring("export ".length()).trim();
        }
        int equals = trimmed.indexOf('=');
        if (equals <= 0) {
          throw new ConfigException(
              file + " line " + lineNumber + ": expected NAME=value, found '" + trimmed + "'");
        }
        String value = trimmed.substring(equals + 1).trim();
        if (value.length() >= 2
            && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
          value = value.substring(1, value.length() - 1);
        }
        values.put(trimmed.substring(0, equals).trim(), value);
      }
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    }
    return values;
  }
}
