package io.github.mcpoauthkit.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedirectUrisTest {

  @ParameterizedTest(name = "{0} native={1} -> allowed={2}")
  @CsvSource({
    "https://client.example/cb, false, true",
    "http://127.0.0.1/callback, false, true",
    "http://[::1]:8080/callback, true, true",
    "http://localhost:6274/oauth/callback, false, true",
    "cursor://anysphere.cursor-mcp/oauth/callback, true, true",
    "cursor://anysphere.cursor-mcp/oauth/callback, false, false",
    "http://example.com/callback, true, false",
    "http://127.0.0.1.example.com/callback, true, false",
    "https://client.example/cb#fragment, true, false",
    "https://user@client.example/cb, true, false",
    "javascript:alert(1), true, false",
    "'data:text/html;base64,AAAA', true, false",
    "file:///etc/passwd, true, false",
    "/relative/callback, true, false",
  })
  void registration(String uri, boolean nativeApp, boolean allowed) {
    assertThat(RedirectUris.refusal(URI.create(uri), nativeApp).isEmpty()).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "http://127.0.0.1/callback, http://127.0.0.1:54321/callback, true",
    "http://127.0.0.1:33418/, http://127.0.0.1:40000/, true",
    "http://[::1]/cb, http://[::1]:9999/cb, true",
    "http://localhost:6274/oauth/callback, http://localhost:6275/oauth/callback, true",
    "http://127.0.0.1/callback, http://127.0.0.1:54321/other, false",
    "http://127.0.0.1/callback, http://localhost:54321/callback, false",
    "http://127.0.0.1/callback, http://127.0.0.1:1/callback?x=1, false",
    "https://client.example/cb, https://client.example:8443/cb, false",
    "https://client.example/cb, https://client.example/cb, true",
    "https://client.example/cb, https://client.example/cb/, false",
    "cursor://anysphere.cursor-mcp/oauth/callback, cursor://anysphere.cursor-mcp/oauth/callback, true",
    "cursor://anysphere.cursor-mcp/oauth/callback, cursor://anysphere.cursor-mcp/other, false",
  })
  void matching(String registered, String requested, boolean matches) {
    assertThat(
            RedirectUris.match(List.of(URI.create(registered)), URI.create(requested)).isPresent())
        .isEqualTo(matches);
  }
}
