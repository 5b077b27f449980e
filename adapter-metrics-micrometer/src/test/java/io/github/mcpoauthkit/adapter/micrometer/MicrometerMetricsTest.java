package io.github.mcpoauthkit.adapter.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.port.driven.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {

  private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

  @Test
  void requests_are_counted_and_timed_by_route_method_status_and_era() {
    MicrometerMetrics metrics = MicrometerMetrics.withoutJvmMeters();
    Metrics.Answered modernOk =
        new Metrics.Answered(Metrics.Route.MCP, Metrics.Method.POST, Metrics.Era.MODERN, 200);
    metrics.answered(modernOk, 3_000_000);
    metrics.answered(modernOk, 7_000_000);
    metrics.answered(
        new Metrics.Answered(Metrics.Route.MCP, Metrics.Method.POST, Metrics.Era.NONE, 401),
        100_000);

    String scrape = metrics.scrape();

    assertThat(scrape)
        .contains(
            "http_server_requests_seconds_count{mcp_era=\"2026\",method=\"POST\",route=\"mcp\","
                + "status=\"200\"} 2")
        .contains(
            "http_server_requests_seconds_sum{mcp_era=\"2026\",method=\"POST\",route=\"mcp\","
                + "status=\"200\"} 0.01")
        .contains(
            "http_server_requests_seconds_bucket{mcp_era=\"2026\",method=\"POST\",route=\"mcp\","
                + "status=\"200\",le=\"0.005\"} 1")
        .contains(
            "http_server_requests_seconds_count{mcp_era=\"none\",method=\"POST\",route=\"mcp\","
                + "status=\"401\"} 1");
  }

  @Test
  void decisions_are_counted_by_outcome_and_every_outcome_starts_at_zero() {
    MicrometerMetrics metrics = MicrometerMetrics.withoutJvmMeters();
    metrics.decided(Metrics.Decision.ACCEPTED);
    metrics.decided(Metrics.Decision.ACCEPTED);
    metrics.decided(Metrics.Decision.rejected(RejectionCode.TOKEN_EXPIRED));
    metrics.decided(Metrics.Decision.UNDECIDED);

    String scrape = metrics.scrape();

    assertThat(scrape)
        .contains("mcp_auth_decisions_total{outcome=\"accepted\"} 2")
        .contains("mcp_auth_decisions_total{outcome=\"token_expired\"} 1")
        .contains("mcp_auth_decisions_total{outcome=\"undecided\"} 1")
        .contains("mcp_auth_decisions_total{outcome=\"issuer_mismatch\"} 0");
  }

  @Test
  void sampled_figures_are_read_at_each_scrape_and_outlive_a_garbage_collection() {
    MicrometerMetrics metrics = MicrometerMetrics.withoutJvmMeters();
    AtomicLong hits = new AtomicLong(5);
    metrics.count(Metrics.Count.TOKEN_CACHE_HITS, hits::get);
    metrics.count(Metrics.Count.TOKEN_CACHE_MISSES, () -> 2);
    metrics.count(Metrics.Count.KEY_SET_FETCHES_SUCCEEDED, () -> 3);
    metrics.count(Metrics.Count.KEY_SET_FETCHES_FAILED, () -> 1);
    metrics.gauge(Metrics.Gauge.TOKEN_CACHE_SIZE, () -> 4);
    metrics.gauge(Metrics.Gauge.KEY_SET_AGE_SECONDS, () -> 12.5);
    metrics.gauge(Metrics.Gauge.KEY_SET_KEYS, () -> 2);
    metrics.gauge(Metrics.Gauge.OPEN_SESSIONS, () -> 6);
    metrics.gauge(Metrics.Gauge.OPEN_STREAMS, () -> 1);
    metrics.gauge(Metrics.Gauge.OPEN_SUBSCRIPTIONS, () -> 0);
    metrics.gauge(Metrics.Gauge.DPOP_REPLAY_CACHE_SIZE, () -> 7);
    metrics.count(Metrics.Count.INTROSPECTION_CALLS_ACTIVE, () -> 11);
    metrics.count(Metrics.Count.INTROSPECTION_CALLS_INACTIVE, () -> 12);
    metrics.count(Metrics.Count.INTROSPECTION_CALLS_FAILED, () -> 13);
    metrics.count(Metrics.Count.INTROSPECTION_CACHE_HITS, () -> 14);
    metrics.count(Metrics.Count.INTROSPECTION_SHARED_CALLS, () -> 15);
    metrics.count(Metrics.Count.INTROSPECTION_LIMITED, () -> 16);
    metrics.gauge(Metrics.Gauge.INTROSPECTION_CACHE_SIZE, () -> 17);
    System.gc();
    hits.set(9);

    String scrape = metrics.scrape();

    assertThat(scrape)
        .contains("mcp_token_cache_requests_total{result=\"hit\"} 9")
        .contains("mcp_token_cache_requests_total{result=\"miss\"} 2")
        .contains("mcp_jwks_fetches_total{outcome=\"success\"} 3")
        .contains("mcp_jwks_fetches_total{outcome=\"failure\"} 1")
        .contains("mcp_token_cache_size 4")
        .contains("mcp_jwks_age_seconds 12.5")
        .contains("mcp_jwks_keys 2")
        .contains("mcp_sessions_open 6")
        .contains("mcp_streams_open 1")
        .contains("mcp_subscriptions_open 0")
        .contains("mcp_dpop_replay_cache_size 7")
        .contains("mcp_introspection_calls_total{outcome=\"active\"} 11")
        .contains("mcp_introspection_calls_total{outcome=\"inactive\"} 12")
        .contains("mcp_introspection_calls_total{outcome=\"failed\"} 13")
        .contains("mcp_introspection_cache_hits_total 14")
        .contains("mcp_introspection_shared_total 15")
        .contains("mcp_introspection_limited_total 16")
        .contains("mcp_introspection_cache_size 17");
  }

  @Test
  void every_label_value_of_the_kits_meters_comes_from_a_fixed_set() {
    MicrometerMetrics metrics = MicrometerMetrics.withoutJvmMeters();
    for (Metrics.Route route : Metrics.Route.values()) {
      for (Metrics.Method method : Metrics.Method.values()) {
        for (Metrics.Era era : Metrics.Era.values()) {
          metrics.answered(new Metrics.Answered(route, method, era, 200), 1);
        }
      }
    }
    for (RejectionCode code : RejectionCode.values()) {
      metrics.decided(Metrics.Decision.rejected(code));
    }
    for (Metrics.Count count : Metrics.Count.values()) {
      metrics.count(count, () -> 1);
    }
    for (Metrics.Gauge gauge : Metrics.Gauge.values()) {
      metrics.gauge(gauge, () -> 1);
    }
    Set<String> allowed = new HashSet<>(Set.of("hit", "miss", "success", "failure", "200"));
    allowed.addAll(Set.of("active", "inactive", "failed"));
    allowed.addAll(Set.of("accepted", "undecided"));
    for (RejectionCode code : RejectionCode.values()) {
      allowed.add(code.code());
    }
    for (Metrics.Route route : Metrics.Route.values()) {
      allowed.add(route.label());
    }
    for (Metrics.Method method : Metrics.Method.values()) {
      allowed.add(method.name());
    }
    for (Metrics.Era era : Metrics.Era.values()) {
      allowed.add(era.label());
    }

    Set<String> seen = new HashSet<>();
    for (String line : metrics.scrape().split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      Matcher label = LABEL.matcher(line);
      while (label.find()) {
        if (!label.group(1).equals("le")) {
          seen.add(label.group(2));
        }
      }
    }
    assertThat(seen).isNotEmpty().isSubsetOf(allowed);
  }

  @Test
  void the_management_listener_serves_metrics_only() throws Exception {
    MicrometerMetrics metrics = MicrometerMetrics.withoutJvmMeters();
    metrics.decided(Metrics.Decision.ACCEPTED);
    HttpClient http = HttpClient.newHttpClient();
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(metrics, "127.0.0.1", 0)) {
      String base = "http://127.0.0.1:" + endpoint.port();

      HttpResponse<String> scrape =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> other =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/mcp")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics"))
                  .POST(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(scrape.body()).contains("mcp_auth_decisions_total{outcome=\"accepted\"} 1");
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
  }
}
