import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * The issuer's introspection round trip as the kit's HTTP client sees it: the JDK's HttpClient,
 * HTTP/1.1, no redirects, one keep-alive connection, client_secret_basic, on the kit's core, for
 * bench/http/introspection-cold.sh (beside node's figure from core 1).
 *
 * <pre>
 *   java bench/http/IntrospectionRoundTrip.java &lt;introspection endpoint&gt; &lt;token&gt; &lt;count&gt;
 *       [interval ms] [out.tsv label]
 * </pre>
 *
 * <p>After 50 unrecorded calls, {@code count} calls one after another, at most one per interval
 * (50 ms), each timed from the send to the whole body read; any answer but 200 with {@code
 * "active":true} fails. Prints the median, p90 and mean; with out.tsv, appends one row per call
 * (label iteration kind ms, kind jdk_issuer) as bench/http/introspection-cold.mjs does. Env: BENCH_INTROSPECTION_CLIENT_ID,
 * BENCH_INTROSPECTION_CLIENT_SECRET (mcp-rs-basic / mcp-rs-secret).
 */
public final class IntrospectionRoundTrip {

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    String token = args[1];
    int count = Integer.parseInt(args[2]);
    long interval = args.length > 3 ? Long.parseLong(args[3]) : 50;
    String id = System.getenv().getOrDefault("BENCH_INTROSPECTION_CLIENT_ID", "mcp-rs-basic");
    String secret = System.getenv().getOrDefault("BENCH_INTROSPECTION_CLIENT_SECRET", "mcp-rs-secret");
    String basic =
        "Basic "
            + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    HttpClient client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(5))
            .header("Accept", "application/json")
            .header("Authorization", basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
            .build();
    double[] ms = new double[count];
    for (int i = -50; i < count; i++) {
      long started = System.nanoTime();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      long took = System.nanoTime() - started;
      if (response.statusCode() != 200 || !response.body().contains("\"active\":true")) {
        throw new IllegalStateException("HTTP " + response.statusCode() + " " + response.body());
      }
      if (i >= 0) {
        ms[i] = took / 1e6;
      }
      long wait = interval - (System.nanoTime() - started) / 1_000_000;
      if (wait > 0) {
        Thread.sleep(wait);
      }
    }
    if (args.length > 5) {
      StringBuilder rows = new StringBuilder();
      for (int i = 0; i < count; i++) {
        rows.append(String.format("%s\t%d\tjdk_issuer\t%.3f%n", args[5], i + 1, ms[i]));
      }
      Files.writeString(
          Path.of(args[4]), rows, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%s\tjdk_issuer (JDK HttpClient)\tmedian %.3f ms\tp90 %.3f ms\tmean %.3f ms\tn %d%n",
        args.length > 5 ? args[5] : "-",
        quantile(sorted, 0.5), quantile(sorted, 0.9), Arrays.stream(ms).average().orElse(0), count);
  }

  private static double quantile(double[] sorted, double q) {
    double pos = (sorted.length - 1) * q;
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
}
