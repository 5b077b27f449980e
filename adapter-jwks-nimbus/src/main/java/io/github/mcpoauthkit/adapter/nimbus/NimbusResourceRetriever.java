package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Objects;

/**
 * Nimbus's {@link ResourceRetriever} on a {@link BoundedHttpClient}, for the JWKS fetches: the same
 * timeouts, size limit and no-redirect rule as discovery. Every failure, a non-2xx status included,
 * becomes an {@link IOException}, which Nimbus reports as {@code JWKSetRetrievalException}.
 * Thread-safe.
 */
final class NimbusResourceRetriever implements ResourceRetriever {

  private final BoundedHttpClient http;

  NimbusResourceRetriever(BoundedHttpClient http) {
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public Resource retrieveResource(URL url) throws IOException {
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("not a valid URI: " + url, e);
    }
    Fetch fetch;
    try {
      fetch = http.get(uri);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (fetch instanceof Fetch.Failure failure) {
      throw new IOException(failure.description() + " (" + uri + ")", failure.cause());
    }
    Fetch.Response response = (Fetch.Response) fetch;
    if (response.isRedirect()) {
      throw new IOException(
          "HTTP "
              + response.status()
              + " from "
              + uri
              + ": redirect to "
              + response.location().orElse("(no Location header)")
              + " not followed");
    }
    if (!response.isSuccess()) {
      throw new IOException("HTTP " + response.status() + " from " + uri);
    }
    return new Resource(response.body(), response.contentType().orElse(null));
  }
}
