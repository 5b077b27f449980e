package io.github.mcpoauthkit.adapter.nimbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointPolicyTest {

  private final EndpointPolicy strict = new EndpointPolicy(false);
  private final EndpointPolicy lenient = new EndpointPolicy(true);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://issuer.example",
        "https://issuer.example/realms/x",
        "HTTPS://issuer.example",
        "http://localhost:8080/default",
        "http://LOCALHOST",
        "http://127.0.0.1:9000",
        "http://127.255.10.3",
        "http://[::1]:8080/",
        "http://[0:0:0:0:0:0:0:1]"
      })
  void https_and_loopback_http_are_accepted(String url) {
    assertThat(strict.problem(URI.create(url))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://issuer.example",
        "http://10.0.0.1",
        "http://128.0.0.1",
        "http://127.0.0.1.example",
        "http://localhost.evil.example",
        "http://[::2]"
      })
  void plain_http_beyond_loopback_is_refused_unless_allowed(String url) {
    assertThat(strict.problem(URI.create(url)))
        .hasValueSatisfying(
            problem -> assertThat(problem).contains("plain http").contains("https is required"));
    assertThat(lenient.problem(URI.create(url))).isEmpty();
    assertThat(EndpointPolicy.isPlainHttpBeyondLoopback(URI.create(url))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://issuer.example", "file:///etc/passwd", "/relative", "mailto:x@y"})
  void other_schemes_and_relative_urls_are_refused_even_when_http_is_allowed(String url) {
    assertThat(lenient.problem(URI.create(url))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://under_score.example/", "https:///no-host", "http://127.0.0.256"})
  void a_url_without_a_host_is_refused(String url) {
    assertThat(lenient.problem(URI.create(url))).hasValue("has no host name");
  }
}
