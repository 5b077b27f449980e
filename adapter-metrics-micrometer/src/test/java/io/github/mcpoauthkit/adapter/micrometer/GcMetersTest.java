package io.github.mcpoauthkit.adapter.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GcMetersTest {

  @Test
  void each_collector_is_read_when_scraped() {
    AtomicLong count = new AtomicLong(3);
    AtomicLong millis = new AtomicLong(1_500);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GcMeters.bindTo(registry, List.of(collector("Copy", count, millis)));

    assertThat(registry.scrape())
        .contains("jvm_gc_collections_total{gc=\"Copy\"} 3")
        .contains("jvm_gc_collection_time_seconds_total{gc=\"Copy\"} 1.5");

    count.set(7);
    millis.set(2_250);
    assertThat(registry.scrape())
        .contains("jvm_gc_collections_total{gc=\"Copy\"} 7")
        .contains("jvm_gc_collection_time_seconds_total{gc=\"Copy\"} 2.25");
  }

  @Test
  void a_collector_that_cannot_tell_counts_zero() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GcMeters.bindTo(registry, List.of(collector("Odd", new AtomicLong(-1), new AtomicLong(-1))));

    assertThat(registry.scrape())
        .contains("jvm_gc_collections_total{gc=\"Odd\"} 0")
        .contains("jvm_gc_collection_time_seconds_total{gc=\"Odd\"} 0");
  }

  @Test
  void the_kit_registry_has_this_jvms_collectors_and_not_the_per_collection_meters() {
    List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

    MicrometerMetrics metrics = MicrometerMetrics.create();

    String scrape = metrics.scrape();
    for (GarbageCollectorMXBean collector : collectors) {
      assertThat(scrape)
          .contains("jvm_gc_collections_total{gc=\"" + collector.getName() + "\"}")
          .contains("jvm_gc_collection_time_seconds_total{gc=\"" + collector.getName() + "\"}");
    }
    // What Micrometer's JvmGcMetrics registers, from its listener at every collection.
    assertThat(scrape)
        .doesNotContain("jvm_gc_pause")
        .doesNotContain("jvm_gc_memory_allocated")
        .doesNotContain("jvm_gc_live_data_size");
  }

  private static GarbageCollectorMXBean collector(
      String name, AtomicLong count, AtomicLong millis) {
    return (GarbageCollectorMXBean)
        Proxy.newProxyInstance(
            GcMetersTest.class.getClassLoader(),
            new Class<?>[] {GarbageCollectorMXBean.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getName" -> name;
                  case "getCollectionCount" -> count.get();
                  case "getCollectionTime" -> millis.get();
                  case "isValid" -> true;
                  case "getMemoryPoolNames" -> new String[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  case "toString" -> name;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
