package io.github.mcpoauthkit.streamablehttp;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A channel that adds the same headers to every answer, complete or streamed: the CORS headers of
 * an allowed origin, {@code Connection: close} while draining. Used as the channel it wraps is.
 */
final class HeaderAddingChannel implements HttpResponseChannel {

  private final HttpResponseChannel delegate;
  private final Map<String, String> added;

  /**
   * @param delegate where the answers go
   * @param added the headers added to each, replacing same-named ones
   */
  HeaderAddingChannel(HttpResponseChannel delegate, Map<String, String> added) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.added = Map.copyOf(added);
  }

  @Override
  public void send(HttpAnswer answer) throws IOException {
    delegate.send(StreamableHttpTransportProvider.withHeaders(answer, added));
  }

  @Override
  public EventStreamSink openEventStream(Map<String, String> headers) throws IOException {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(added);
    return delegate.openEventStream(all);
  }
}
