package io.github.mcpoauthkit.streamablehttp.archfixture;

import io.micrometer.core.instrument.Counter;

/** Violation: the transport-neutral module counting with Micrometer instead of the port. */
public final class StreamableHttpUsingMicrometerTypes {
  public void count(Counter counter) {
    counter.increment();
  }
}
