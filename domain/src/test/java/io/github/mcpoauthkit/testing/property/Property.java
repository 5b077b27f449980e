package io.github.mcpoauthkit.testing.property;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A property-based test: a claim checked against many generated inputs, run from a JUnit test.
 *
 * <pre>{@code
 * Property.forAll("shape check never throws", 20_000, tokens)
 *     .check((token, trial) -> {
 *       trial.collect("segments", ...);
 *       assertThat(JwtShape.check(token)).isNotNull();
 *     });
 * }</pre>
 *
 * <p>Every try draws its input from a random source seeded by the run's seed and the try's number,
 * so a failure is replayed exactly by running again with the seed it reports. The run prints a
 * report (tries, checks, seed, time, and the statistics the checks collected) so that a CI log
 * shows how many inputs were tried and of which kinds. On the first failing input the run shrinks
 * it, if a {@link Shrinker} is set, and fails with the input, the shrunk input and the cause.
 *
 * <p>System properties, passed through by Surefire and Failsafe from {@code -D} on the Maven
 * command line:
 *
 * <ul>
 *   <li>{@value #SEED_PROPERTY}: the seed of every property run (default: a new random seed per
 *       run, printed in the report), to replay a failure;
 *   <li>{@value #SCALE_PROPERTY}: a factor on every property's number of tries (default 1), for a
 *       longer fuzzing session on a workstation, e.g. {@code -Dkit.property.scale=20}.
 * </ul>
 *
 * <p>An in-house harness rather than jqwik: jqwik 1.10 asks not to be used with AI coding agents,
 * which write part of this project. It keeps the vocabulary (tries, checks, seed, statistics,
 * shrinking) so that moving to a library later is mechanical.
 *
 * @param <T> the type of the inputs
 */
public final class Property<T> {

  /** The system property that fixes the seed. */
  public static final String SEED_PROPERTY = "kit.property.seed";

  /** The system property that scales the number of tries. */
  public static final String SCALE_PROPERTY = "kit.property.scale";

  private static final int MAX_SHRINK_STEPS = 2_000;
  private static final int MAX_DESCRIPTION = 8_000;

  private final String name;
  private final int tries;
  private final Generator<T> generator;
  private Shrinker<T> shrinker = Shrinker.none();
  private Function<? super T, String> describer = Property::describe;

  private Property(String name, int tries, Generator<T> generator) {
    this.name = Objects.requireNonNull(name, "name");
    this.generator = Objects.requireNonNull(generator, "generator");
    if (tries <= 0) {
      throw new IllegalArgumentException("tries must be positive, was " + tries);
    }
    this.tries = Math.max(1, (int) Math.min(Integer.MAX_VALUE, Math.round(tries * scale())));
  }

  /**
   * A property over {@code tries} inputs of {@code generator} (times {@value #SCALE_PROPERTY}).
   *
   * @param name what the property claims, for the report
   */
  public static <T> Property<T> forAll(String name, int tries, Generator<T> generator) {
    return new Property<>(name, tries, generator);
  }

  /** This property, shrinking a failing input with {@code shrinker}. */
  public Property<T> shrinkWith(Shrinker<T> shrinker) {
    this.shrinker = Objects.requireNonNull(shrinker, "shrinker");
    return this;
  }

  /** This property, describing inputs in the failure message with {@code describer}. */
  public Property<T> describeWith(Function<? super T, String> describer) {
    this.describer = Objects.requireNonNull(describer, "describer");
    return this;
  }

  /** The claim about one input: it fails by throwing, for instance an {@link AssertionError}. */
  @FunctionalInterface
  public interface Check<T> {
    void verify(T input, Trial trial) throws Exception;
  }

  /** What a check can tell the run about the input it is looking at. */
  public interface Trial {

    /** Counts the input under {@code label} in the statistics group {@code group}. */
    void collect(String group, String label);

    /**
     * Skips the input unless {@code condition} holds: it then counts as a try but not as a check.
     */
    void assume(boolean condition);
  }

  /** What a run did. */
  public record Report(String name, int tries, int checks, long seed, long millis) {}

  /**
   * Runs the property: generates the inputs, checks each, prints the report.
   *
   * @return the report, also printed
   * @throws AssertionError with the (shrunk) counterexample if a check fails
   */
  public Report check(Check<T> check) {
    Objects.requireNonNull(check, "check");
    long seed = seed();
    Statistics statistics = new Statistics();
    long start = System.nanoTime();
    int checks = 0;
    for (int i = 0; i < tries; i++) {
      T input;
      try {
        input = generator.next(new SplittableRandom(trySeed(seed, i)));
      } catch (RuntimeException e) {
        throw new AssertionError(
            "The generator of '" + name + "' failed at try " + (i + 1) + replay(seed), e);
      }
      Throwable failure;
      try {
        check.verify(input, statistics);
        checks++;
        continue;
      } catch (Skipped skipped) {
        continue;
      } catch (Exception | Error e) {
        failure = e;
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.println(report(new Report(name, i + 1, checks, seed, millis), statistics));
      throw falsified(check, i, seed, input, failure);
    }
    Report report = new Report(name, tries, checks, seed, (System.nanoTime() - start) / 1_000_000);
    System.out.println(report(report, statistics));
    return report;
  }

  private AssertionError falsified(Check<T> check, int index, long seed, T input, Throwable cause) {
    T smallest = input;
    Throwable smallestCause = cause;
    int steps = 0;
    boolean shrunk = true;
    while (shrunk && steps < MAX_SHRINK_STEPS) {
      shrunk = false;
      for (T candidate : shrinker.candidates(smallest)) {
        if (++steps > MAX_SHRINK_STEPS) {
          break;
        }
        Throwable candidateCause = failureOf(check, candidate);
        if (candidateCause != null) {
          smallest = candidate;
          smallestCause = candidateCause;
          shrunk = true;
          break;
        }
      }
    }
    StringBuilder message =
        new StringBuilder()
            .append("Property '")
            .append(name)
            .append("' falsified at try ")
            .append(index + 1)
            .append(" of ")
            .append(tries)
            .append(replay(seed))
            .append("\n  input:  ")
            .append(describer.apply(input));
    if (smallest != input) {
      message.append("\n  shrunk: ").append(describer.apply(smallest));
    }
    message.append("\n  cause:  ").append(smallestCause);
    AssertionError error = new AssertionError(message.toString(), smallestCause);
    if (smallestCause != cause) {
      error.addSuppressed(cause);
    }
    return error;
  }

  /** The failure of {@code check} on {@code input}, or null if it passes or is skipped. */
  private static <T> Throwable failureOf(Check<T> check, T input) {
    try {
      check.verify(input, new Statistics());
      return null;
    } catch (Skipped skipped) {
      return null;
    } catch (Exception | Error e) {
      return e;
    }
  }

  private static String replay(long seed) {
    return " (seed " + seed + "; replay with -D" + SEED_PROPERTY + "=" + seed + ")";
  }

  private static long seed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    if (fixed != null && !fixed.isBlank()) {
      return Long.parseLong(fixed.trim());
    }
    return ThreadLocalRandom.current().nextLong();
  }

  private static double scale() {
    String scale = System.getProperty(SCALE_PROPERTY);
    if (scale == null || scale.isBlank()) {
      return 1;
    }
    double factor = Double.parseDouble(scale.trim());
    if (!(factor > 0)) {
      throw new IllegalArgumentException(SCALE_PROPERTY + " must be positive, was " + scale);
    }
    return factor;
  }

  /** Independent of what earlier tries drew, so any try can be replayed from the run's seed. */
  private static long trySeed(long seed, int index) {
    return seed + 0x9E3779B97F4A7C15L * (index + 1L);
  }

  private static String report(Report report, Statistics statistics) {
    StringBuilder out =
        new StringBuilder()
            .append("[property] ")
            .append(report.name())
            .append(String.format(Locale.ROOT, "%n  tries = %d", report.tries()))
            .append(String.format(Locale.ROOT, "%n  checks = %d", report.checks()))
            .append(String.format(Locale.ROOT, "%n  seed = %d", report.seed()))
            .append(String.format(Locale.ROOT, "%n  time = %d ms", report.millis()));
    statistics.appendTo(out);
    return out.toString();
  }

  /** Counts per group and label, printed by share. */
  private static final class Statistics implements Trial {
    private final Map<String, Map<String, Integer>> groups = new LinkedHashMap<>();

    @Override
    public void collect(String group, String label) {
      groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).merge(label, 1, Integer::sum);
    }

    @Override
    public void assume(boolean condition) {
      if (!condition) {
        throw Skipped.INSTANCE;
      }
    }

    /** Each group's labels by count, with their share of the group's total. */
    void appendTo(StringBuilder out) {
      groups.forEach(
          (group, counts) -> {
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            out.append(String.format(Locale.ROOT, "%n  %s:", group));
            int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
            List<Map.Entry<String, Integer>> rows = new ArrayList<>(counts.entrySet());
            rows.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()));
            for (Map.Entry<String, Integer> row : rows) {
              out.append(
                  String.format(
                      Locale.ROOT,
                      "%n    %-" + width + "s %7d  %5.1f %%",
                      row.getKey(),
                      row.getValue(),
                      100.0 * row.getValue() / total));
            }
          });
    }
  }

  /** Thrown by {@link Trial#assume(boolean)}; carries no stack trace, it is not an error. */
  private static final class Skipped extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Skipped INSTANCE = new Skipped();

    private Skipped() {
      super("assumption not met", null, false, false);
    }
  }

  /**
   * Describes an input for a failure message: text with its length and every character outside
   * printable ASCII escaped, so that a control character or a lone surrogate is visible and the
   * line can be pasted back into a test.
   */
  public static String describe(Object input) {
    if (input instanceof String text) {
      return quote(text);
    }
    if (input instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      for (Object element : list) {
        parts.add(describe(element));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    return String.valueOf(input);
  }

  /** {@code text} as a Java string literal, escaped, with its length. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder().append('"');
    int shown = Math.min(text.length(), MAX_DESCRIPTION);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7F) {
        out.append(c);
      } else {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    out.append('"');
    if (shown < text.length()) {
      out.append("... (first ").append(shown).append(" chars)");
    }
    return out.append(" (").append(text.length()).append(" chars)").toString();
  }
}
