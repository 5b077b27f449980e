package io.github.mcpoauthkit.adapter.opentelemetry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how spans are exported: the standard OpenTelemetry variables the kit honours.
 *
 * @param endpoint {@code OTEL_EXPORTER_OTLP_ENDPOINT}, the collector's base URL; spans go to its
 *     {@code /v1/traces} (OTLP/HTTP with protobuf, the only protocol the JDK sender speaks)
 * @param serviceName {@code OTEL_SERVICE_NAME}, the resource's {@code service.name}
 * @param headers {@code OTEL_EXPORTER_OTLP_HEADERS}, sent with every export (often a collector's
 *     credentials: never logged, and left out of {@link #toString()})
 * @param timeout how long one export may take
 */
public record OtlpSettings(
    URI endpoint, String serviceName, Map<String, String> headers, Duration timeout) {

  /** The service name when {@code OTEL_SERVICE_NAME} is unset. */
  public static final String DEFAULT_SERVICE_NAME = "mcp-oauth-kit";

  /**
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code endpoint} is not an absolute http or https URL
   */
  public OtlpSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(serviceName, "serviceName");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(timeout, "timeout");
    if (!endpoint.isAbsolute()
        || endpoint.getHost() == null
        || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
      throw new IllegalArgumentException("the OTLP endpoint must be an http or https URL");
    }
  }

  /** The URL spans are posted to: the endpoint's path with {@code /v1/traces} appended. */
  public URI tracesUrl() {
    String base = endpoint.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "v1/traces");
  }

  @Override
  public String toString() {
    return "OtlpSettings[endpoint="
        + endpoint
        + ", serviceName="
        + serviceName
        + ", headers="
        + headers.keySet()
        + ", timeout="
        + timeout
        + "]";
  }
}
