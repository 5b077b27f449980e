package io.github.mcpoauthkit.adapter.micrometer;

import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.port.driven.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The kit's {@link Metrics} in a Micrometer Prometheus registry, with the JVM's and the process's
 * own meters beside them. Read the Prometheus text with {@link #scrape()}.
 *
 * <p>Meters (Prometheus names):
 *
 * <ul>
 *   <li>{@code http_server_requests_seconds} (a histogram): requests answered, by {@code route},
 *       {@code method}, {@code status} and {@code mcp_era}, timed to the start of the answer;
 *   <li>{@code mcp_auth_decisions_total}: authentication decisions by {@code outcome} ({@code
 *       accepted}, {@code undecided} or the rejection's stable code);
 *   <li>{@code mcp_token_cache_requests_total} by {@code result} ({@code hit}, {@code miss}) and
 *       {@code mcp_token_cache_size};
 *   <li>{@code mcp_jwks_fetches_total} by {@code outcome} ({@code success}, {@code failure}),
 *       {@code mcp_jwks_age_seconds} and {@code mcp_jwks_keys};
 *   <li>{@code mcp_introspection_calls_total} by {@code outcome} ({@code active}, {@code inactive},
 *       {@code failed}), {@code mcp_introspection_cache_hits_total}, {@code
 *       mcp_introspection_shared_total}, {@code mcp_introspection_limited_total} and {@code
 *       mcp_introspection_cache_size};
 *   <li>{@code mcp_dpop_replay_cache_size};
 *   <li>{@code mcp_sessions_open}, {@code mcp_streams_open}, {@code mcp_subscriptions_open};
 *   <li>the JVM's memory, threads and classes, the process's CPU, uptime and file descriptors
 *       (Micrometer's binders), and the collectors' {@code jvm_gc_collections_total} and {@code
 *       jvm_gc_collection_time_seconds_total}, read at scrape time ({@link GcMeters}).
 * </ul>
 *
 * <p>Every label value comes from a fixed set, so the number of series is bounded. Thread-safe; the
 * recording methods look up a meter in a map keyed by small integers and increment it.
 */
public final class MicrometerMetrics implements Metrics {

  /** The histogram's bucket bounds: from half a millisecond to ten seconds. */
  private static final Duration[] BUCKETS = {
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private final PrometheusMeterRegistry registry;
  private final Map<Integer, Timer> requests = new ConcurrentHashMap<>();
  private final Counter accepted;
  private final Counter undecided;
  private final Map<RejectionCode, Counter> rejected = new EnumMap<>(RejectionCode.class);
  // Micrometer holds a function counter's object weakly: these keep the suppliers alive.
  private final List<Object> sampled = new CopyOnWriteArrayList<>();

  private MicrometerMetrics(PrometheusMeterRegistry registry, boolean jvm) {
    this.registry = registry;
    this.accepted = decisionCounter(Decision.ACCEPTED.label());
    this.undecided = decisionCounter(Decision.UNDECIDED.label());
    for (RejectionCode code : RejectionCode.values()) {
      rejected.put(code, decisionCounter(code.code()));
    }
    if (jvm) {
      new JvmMemoryMetrics().bindTo(registry);
      // Not Micrometer's JvmGcMetrics, whose listener works at every collection: see GcMeters.
      GcMeters.bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      new FileDescriptorMetrics().bindTo(registry);
    }
  }

  /** A registry with the kit's meters and the JVM's and the process's. */
  public static MicrometerMetrics create() {
    return new MicrometerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), true);
  }

  /** A registry with the kit's meters only, for tests that compare whole scrapes. */
  static MicrometerMetrics withoutJvmMeters() {
    return new MicrometerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), false);
  }

  private Counter decisionCounter(String outcome) {
    return Counter.builder("mcp.auth.decisions")
        .description("Authentication decisions on the MCP endpoint, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public void answered(Answered answered, long nanos) {
    int key =
        ((answered.route().ordinal() * Method.values().length + answered.method().ordinal())
                        * Era.values().length
                    + answered.era().ordinal())
                * 1000
            + answered.status();
    Timer timer = requests.get(key);
    if (timer == null) {
      timer = requests.computeIfAbsent(key, k -> requestTimer(answered));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer requestTimer(Answered answered) {
    return Timer.builder("http.server.requests")
        .description("Requests answered, timed to the start of the answer")
        .tags(
            Tags.of(
                "route", answered.route().label(),
                "method", answered.method().name(),
                "status", Integer.toString(answered.status()),
                "mcp_era", answered.era().label()))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  @Override
  public void decided(Decision decision) {
    Objects.requireNonNull(decision, "decision");
    if (decision instanceof Decision.Rejected rejection) {
      rejected.get(rejection.code()).increment();
    } else if (decision instanceof Decision.Accepted) {
      accepted.increment();
    } else {
      undecided.increment();
    }
  }

  @Override
  public void gauge(Metrics.Gauge gauge, DoubleSupplier value) {
    Objects.requireNonNull(value, "value");
    String name;
    String description;
    String unit = null;
    switch (gauge) {
      case TOKEN_CACHE_SIZE -> {
        name = "mcp.token.cache.size";
        description = "Verified tokens held in the cache";
      }
      case KEY_SET_KEYS -> {
        name = "mcp.jwks.keys";
        description = "Usable signature keys in the issuer's key set";
      }
      case KEY_SET_AGE_SECONDS -> {
        name = "mcp.jwks.age";
        description = "Time since the issuer's key set was last fetched successfully";
        unit = "seconds";
      }
      case OPEN_SESSIONS -> {
        name = "mcp.sessions.open";
        description = "Open MCP sessions (MCP 2025)";
      }
      case OPEN_STREAMS -> {
        name = "mcp.streams.open";
        description = "Open event streams of both MCP eras";
      }
      case OPEN_SUBSCRIPTIONS -> {
        name = "mcp.subscriptions.open";
        description = "Open subscriptions/listen streams (MCP 2026-07-28)";
      }
      case DPOP_REPLAY_CACHE_SIZE -> {
        name = "mcp.dpop.replay.cache.size";
        description = "DPoP proofs remembered against replay";
      }
      case INTROSPECTION_CACHE_SIZE -> {
        name = "mcp.introspection.cache.size";
        description = "Introspection answers held in the introspection cache";
      }
      default -> throw new IllegalArgumentException("unknown gauge " + gauge);
    }
    io.micrometer.core.instrument.Gauge.builder(name, value, DoubleSupplier::getAsDouble)
        .description(description)
        .baseUnit(unit)
        .strongReference(true)
        .register(registry);
  }

  @Override
  public void count(Count count, LongSupplier value) {
    Objects.requireNonNull(value, "value");
    CountMeter meter = CountMeter.of(count);
    sampled.add(value);
    FunctionCounter.builder(meter.name(), value, supplier -> (double) supplier.getAsLong())
        .description(meter.description())
        .tags(meter.tags())
        .register(registry);
  }

  /** The Prometheus counter a {@link Count} is shown as. */
  private record CountMeter(String name, String description, Tags tags) {

    static CountMeter of(Count count) {
      return switch (count) {
        case TOKEN_CACHE_HITS -> tokenCache("hit");
        case TOKEN_CACHE_MISSES -> tokenCache("miss");
        case KEY_SET_FETCHES_SUCCEEDED -> keySetFetches("success");
        case KEY_SET_FETCHES_FAILED -> keySetFetches("failure");
        case INTROSPECTION_CALLS_ACTIVE -> introspectionCalls("active");
        case INTROSPECTION_CALLS_INACTIVE -> introspectionCalls("inactive");
        case INTROSPECTION_CALLS_FAILED -> introspectionCalls("failed");
        case INTROSPECTION_CACHE_HITS ->
            new CountMeter(
                "mcp.introspection.cache.hits",
                "Introspected tokens answered from the introspection cache, without a call",
                Tags.empty());
        case INTROSPECTION_SHARED_CALLS ->
            new CountMeter(
                "mcp.introspection.shared",
                "Introspected tokens that waited for another request's call in flight",
                Tags.empty());
        case INTROSPECTION_LIMITED ->
            new CountMeter(
                "mcp.introspection.limited",
                "Introspected tokens refused 503 by the limit on calls (rate or concurrency)",
                Tags.empty());
      };
    }

    private static CountMeter tokenCache(String result) {
      return new CountMeter(
          "mcp.token.cache.requests",
          "Token verifications answered from the cache, and those that missed it",
          Tags.of("result", result));
    }

    private static CountMeter keySetFetches(String outcome) {
      return new CountMeter(
          "mcp.jwks.fetches",
          "Fetches of the issuer's key set, by outcome",
          Tags.of("outcome", outcome));
    }

    private static CountMeter introspectionCalls(String outcome) {
      return new CountMeter(
          "mcp.introspection.calls",
          "Calls to the issuer's introspection endpoint, by outcome",
          Tags.of("outcome", outcome));
    }
  }

  /** The Prometheus text exposition (format 0.0.4) of every meter now. */
  public String scrape() {
    return registry.scrape();
  }

  /** The content type of {@link #scrape()}. */
  public static String contentType() {
    return "text/plain; version=0.0.4; charset=utf-8";
  }
}
