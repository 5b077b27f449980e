package io.github.mcpoauthkit.testing.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Makes one random input for a {@link Property} from a source of randomness. A generator must take
 * every random choice from {@code random} and nothing else (no clock, no shared state), so that the
 * same seed gives the same input and a failing try can be replayed.
 *
 * @param <T> the type of the inputs
 */
@FunctionalInterface
public interface Generator<T> {

  /** The next input. */
  T next(RandomGenerator random);

  /** A generator of {@code mapper} applied to this generator's inputs. */
  default <R> Generator<R> map(Function<? super T, ? extends R> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return random -> mapper.apply(next(random));
  }

  /** Always {@code value}. */
  static <T> Generator<T> constant(T value) {
    Objects.requireNonNull(value, "value");
    return random -> value;
  }

  /** One of {@code values}, each as likely as the others. */
  static <T> Generator<T> elements(List<T> values) {
    List<T> copy = List.copyOf(values);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("no values to choose from");
    }
    return random -> copy.get(random.nextInt(copy.size()));
  }

  /** One of {@code values}, each as likely as the others. */
  @SafeVarargs
  static <T> Generator<T> elements(T... values) {
    List<T> copy = new ArrayList<>(values.length);
    for (T value : values) {
      copy.add(value);
    }
    return elements(copy);
  }

  /** A generator and how often it is chosen relative to the others in {@link #frequency}. */
  record Weighted<T>(int weight, Generator<? extends T> generator) {
    /**
     * @throws IllegalArgumentException if {@code weight} is not positive
     */
    public Weighted {
      if (weight <= 0) {
        throw new IllegalArgumentException("weight must be positive, was " + weight);
      }
      Objects.requireNonNull(generator, "generator");
    }
  }

  /** Shorthand for {@code new Weighted<>(weight, generator)}. */
  static <T> Weighted<T> weight(int weight, Generator<? extends T> generator) {
    return new Weighted<>(weight, generator);
  }

  /** Picks one of {@code choices} in proportion to its weight, then asks it for the input. */
  @SafeVarargs
  static <T> Generator<T> frequency(Weighted<T>... choices) {
    List<Weighted<T>> copy = new ArrayList<>(choices.length);
    for (Weighted<T> choice : choices) {
      copy.add(choice);
    }
    return frequency(copy);
  }

  /** Picks one of {@code choices} in proportion to its weight, then asks it for the input. */
  static <T> Generator<T> frequency(List<Weighted<T>> choices) {
    List<Weighted<T>> copy = List.copyOf(choices);
    int total = 0;
    for (Weighted<T> choice : copy) {
      total += choice.weight();
    }
    if (total == 0) {
      throw new IllegalArgumentException("no generators to choose from");
    }
    int sum = total;
    return random -> {
      int ticket = random.nextInt(sum);
      for (Weighted<T> choice : copy) {
        ticket -= choice.weight();
        if (ticket < 0) {
          return choice.generator().next(random);
        }
      }
      throw new AssertionError("unreachable");
    };
  }

  /** Lists of {@code minSize} to {@code maxSize} elements, both inclusive. */
  static <T> Generator<List<T>> lists(Generator<T> elements, int minSize, int maxSize) {
    Objects.requireNonNull(elements, "elements");
    return random -> {
      int size = random.nextInt(minSize, maxSize + 1);
      List<T> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(elements.next(random));
      }
      return list;
    };
  }

  /**
   * A length for generated text: mostly short, sometimes long, now and then close to {@code max},
   * which is where length limits and quadratic loops show up.
   */
  static int length(RandomGenerator random, int max) {
    int bucket = random.nextInt(100);
    int upper = bucket < 70 ? 40 : bucket < 90 ? 400 : bucket < 98 ? 4_000 : max;
    return random.nextInt(Math.min(upper, max) + 1);
  }
}
