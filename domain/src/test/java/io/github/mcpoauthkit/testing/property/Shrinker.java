package io.github.mcpoauthkit.testing.property;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Proposes simpler versions of a failing input, so that a {@link Property} reports the smallest
 * counterexample it can find instead of a kilobyte of noise. Candidates come simplest first; each
 * must be strictly simpler than its input, so that shrinking ends.
 *
 * @param <T> the type of the inputs
 */
@FunctionalInterface
public interface Shrinker<T> {

  /** Simpler versions of {@code value}, simplest first; empty when there is none. */
  List<T> candidates(T value);

  /** No shrinking: the counterexample is reported as generated. */
  static <T> Shrinker<T> none() {
    return value -> List.of();
  }

  /**
   * Shrinks text by removing halves, then chunks, then single characters, then by replacing
   * characters with {@code 'a'}: a failure that depends on one odd character ends up as little more
   * than that character.
   */
  static Shrinker<String> strings() {
    return value -> {
      List<String> candidates = new ArrayList<>();
      int length = value.length();
      if (length == 0) {
        return candidates;
      }
      candidates.add("");
      for (int chunk = Math.max(1, length / 2); chunk >= 1; chunk /= 2) {
        for (int start = 0; start + chunk <= length; start += chunk) {
          candidates.add(value.substring(0, start) + value.substring(start + chunk));
        }
        if (chunk == 1) {
          break;
        }
      }
      for (int i = 0; i < Math.min(length, 64); i++) {
        if (value.charAt(i) != 'a') {
          candidates.add(value.substring(0, i) + 'a' + value.substring(i + 1));
        }
      }
      return candidates;
    };
  }

  /** Shrinks a list by dropping elements, then by shrinking each element with {@code elements}. */
  static <T> Shrinker<List<T>> lists(Shrinker<T> elements) {
    Objects.requireNonNull(elements, "elements");
    return list -> {
      List<List<T>> candidates = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        List<T> shorter = new ArrayList<>(list);
        shorter.remove(i);
        candidates.add(shorter);
      }
      for (int i = 0; i < list.size(); i++) {
        for (T simpler : elements.candidates(list.get(i))) {
          List<T> changed = new ArrayList<>(list);
          changed.set(i, simpler);
          candidates.add(changed);
        }
      }
      return candidates;
    };
  }

  /** Shrinks a map by dropping entries, keeping the order of the others. */
  static <K, V> Shrinker<Map<K, V>> maps() {
    return map -> {
      List<Map<K, V>> candidates = new ArrayList<>();
      for (K key : map.keySet()) {
        Map<K, V> smaller = new LinkedHashMap<>(map);
        smaller.remove(key);
        candidates.add(smaller);
      }
      return candidates;
    };
  }
}
