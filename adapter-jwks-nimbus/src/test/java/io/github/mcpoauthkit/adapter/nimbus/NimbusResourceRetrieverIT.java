package io.github.mcpoauthkit.adapter.nimbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSetRetrievalException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NimbusResourceRetrieverIT {

  private static final HttpSettings SETTINGS =
      new HttpSettings(Duration.ofSeconds(2), Duration.ofMillis(300), 64 * 1024, false);

  private final LoopbackHttpServer server = LoopbackHttpServer.start();
  private final NimbusResourceRetriever retriever =
      new NimbusResourceRetriever(new BoundedHttpClient(SETTINGS));

  @AfterEach
  void stop() {
    server.close();
  }

  private URL url(String path) throws IOException {
    return server.uri(path).toURL();
  }

  @Test
  void returns_the_body_and_content_type() throws IOException {
    server.json("/jwks", "{\"keys\":[]}");

    Resource resource = retriever.retrieveResource(url("/jwks"));

    assertThat(resource.getContent()).isEqualTo("{\"keys\":[]}");
    assertThat(resource.getContentType()).isEqualTo("application/json");
  }

  @Test
  void a_non_2xx_status_is_an_io_exception_naming_it() {
    server.status("/jwks", 503);

    assertThatThrownBy(() -> retriever.retrieveResource(url("/jwks")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 503")
        .hasMessageContaining(server.origin() + "/jwks");
  }

  @Test
  void a_redirect_is_not_followed() {
    server
        .redirect("/jwks", 301, server.origin() + "/elsewhere")
        .json("/elsewhere", "{\"keys\":[]}");

    assertThatThrownBy(() -> retriever.retrieveResource(url("/jwks")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 301")
        .hasMessageContaining("redirect to " + server.origin() + "/elsewhere not followed");
    assertThat(server.requests()).containsExactly("/jwks");
  }

  @Test
  void an_oversized_body_is_refused() {
    server.stream("/jwks", 10L * 1024 * 1024, new CompletableFuture<>());
    // A generous read timeout: on a loaded machine the first 64 KiB may take longer than 300 ms,
    // and this test is about the size limit, not the timeout.
    NimbusResourceRetriever patient =
        new NimbusResourceRetriever(
            new BoundedHttpClient(
                new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), 64 * 1024, false)));

    assertThatThrownBy(() -> patient.retrieveResource(url("/jwks")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("response larger than 65536 bytes");
  }

  @Test
  void a_slow_server_times_out() {
    server.slow("/jwks", Duration.ofSeconds(10), "{\"keys\":[]}");

    long start = System.nanoTime();
    assertThatThrownBy(() -> retriever.retrieveResource(url("/jwks")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void nimbus_reports_our_failure_as_a_jwks_retrieval_failure() throws Exception {
    server.status("/jwks", 500);
    JWKSetSource<SecurityContext> source = new URLBasedJWKSetSource<>(url("/jwks"), retriever);

    assertThatThrownBy(() -> source.getJWKSet(null, System.currentTimeMillis(), null))
        .isInstanceOf(JWKSetRetrievalException.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void nimbus_reads_a_real_issuers_keys_through_it() throws Exception {
    MockOAuth2Server oauth = new MockOAuth2Server();
    oauth.start();
    try {
      JWKSource<SecurityContext> keys =
          JWKSourceBuilder.create(oauth.jwksUrl("default").url(), retriever)
              .refreshAheadCache(false)
              .build();

      assertThat(keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null)).isNotEmpty();
    } finally {
      oauth.shutdown();
    }
  }
}
