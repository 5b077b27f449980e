package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.app.Kit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a kit's {@code /metrics} on its management listener as samples, and compares them. */
final class Scrapes {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-z_]+(?:\\{[^}]*\\})?) (-?[0-9.E+-]+|NaN)$", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Scrapes() {}

  /** Every sample of the kit's {@code /metrics}, by series (name and labels as printed). */
  static Map<String, Double> scrape(Kit kit) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + kit.managementPort().orElseThrow() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Double> samples = new TreeMap<>();
    Matcher sample = SAMPLE.matcher(response.body());
    while (sample.find()) {
      samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
    }
    return samples;
  }

  /** The series whose value changed from {@code before} to {@code after}, by how much. */
  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> delta = new TreeMap<>();
    after.forEach(
        (name, value) -> {
          double change = value - before.getOrDefault(name, 0.0);
          if (change != 0) {
            delta.put(name, change);
          }
        });
    return delta;
  }

  /** The series whose name starts with {@code prefix}. */
  static Map<String, Double> only(Map<String, Double> samples, String prefix) {
    Map<String, Double> selected = new TreeMap<>();
    samples.forEach(
        (name, value) -> {
          if (name.startsWith(prefix)) {
            selected.put(name, value);
          }
        });
    return selected;
  }

  /** Every label value of the series whose name starts with {@code prefix}. */
  static Set<String> labelValues(Map<String, Double> samples, String prefix) {
    Set<String> values = new TreeSet<>();
    for (String series : only(samples, prefix).keySet()) {
      Matcher label = LABEL.matcher(series);
      while (label.find()) {
        values.add(label.group(2));
      }
    }
    return values;
  }
}
