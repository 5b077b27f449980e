package io.github.mcpoauthkit.adapter.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The garbage collectors' work, read when the registry is scraped: per collector ({@code gc}, the
 * JVM's name for it, e.g. {@code G1 Young Generation} or {@code Copy}), {@code
 * jvm_gc_collections_total} and {@code jvm_gc_collection_time_seconds_total}.
 *
 * <p>Why not Micrometer's {@code JvmGcMetrics}: it listens to a JMX notification per collection,
 * and the JVM builds a {@code GcInfo} composite for each, about 0.2 ms of CPU per collection on the
 * benchmark machine (a loop allocating 64-byte arrays with a 64 MiB heap: 1,792 collections took
 * 300-500 ms more CPU with it bound). A server answering 12,000 requests per second collects 12 or
 * more times a second, more with the launcher's 32 MiB starting heap: the side-by-side benchmark
 * measured about one point of requests per CPU-second for it. Counters read at scrape time cost
 * nothing between scrapes; rates and mean pause times follow from them ({@code
 * rate(jvm_gc_collection_time_seconds_total[1m]) / rate(jvm_gc_collections_total[1m])}). The heap's
 * pools are in {@code jvm_memory_used_bytes} ({@code JvmMemoryMetrics}).
 */
final class GcMeters {

  private GcMeters() {}

  /** Registers the two counters of every collector of this JVM in {@code registry}. */
  static void bindTo(MeterRegistry registry) {
    bindTo(registry, ManagementFactory.getGarbageCollectorMXBeans());
  }

  static void bindTo(MeterRegistry registry, List<GarbageCollectorMXBean> collectors) {
    for (GarbageCollectorMXBean collector : collectors) {
      FunctionCounter.builder(
              "jvm.gc.collections", collector, gc -> Math.max(0, gc.getCollectionCount()))
          .description("Collections this collector has run since the JVM started")
          .tag("gc", collector.getName())
          .register(registry);
      FunctionCounter.builder(
              "jvm.gc.collection.time",
              collector,
              gc -> Math.max(0, gc.getCollectionTime()) / 1000.0)
          .description(
              "Time this collector's collections took since the JVM started (approximate, as the"
                  + " JVM accounts it)")
          .baseUnit("seconds")
          .tag("gc", collector.getName())
          .register(registry);
    }
  }
}
