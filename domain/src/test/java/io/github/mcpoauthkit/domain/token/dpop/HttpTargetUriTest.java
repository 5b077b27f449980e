package io.github.mcpoauthkit.domain.token.dpop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3986 §6.2.2 and §6.2.3 normalisation of {@code htu}, and what an {@code htu} cannot be. */
class HttpTargetUriTest {

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource({
    "https://mcp.example/mcp,                 https://mcp.example/mcp",
    "HTTPS://MCP.Example/mcp,                 https://mcp.example/mcp",
    "https://mcp.example:443/mcp,             https://mcp.example/mcp",
    "http://mcp.example:80/mcp,               http://mcp.example/mcp",
    "http://mcp.example:443/mcp,              http://mcp.example:443/mcp",
    "https://mcp.example:8443/mcp,            https://mcp.example:8443/mcp",
    "https://mcp.example,                     https://mcp.example/",
    "https://mcp.example/a/./b/../mcp,        https://mcp.example/a/mcp",
    "https://mcp.example/../mcp,              https://mcp.example/mcp",
    "https://mcp.example/a/..,                https://mcp.example/",
    "https://mcp.example/%6dcp,               https://mcp.example/mcp",
    "https://mcp.example/%7Etool,             https://mcp.example/~tool",
    "https://mcp.example/a%2fb,               https://mcp.example/a%2Fb",
    "https://mcp.example/%2e%2e/mcp,          https://mcp.example/mcp",
    "http://127.0.0.1:8080/mcp,               http://127.0.0.1:8080/mcp",
    "http://[::1]:8080/mcp,                   http://[::1]:8080/mcp",
    "http://[0:0:0:0:0:0:0:1]/mcp,            http://[0:0:0:0:0:0:0:1]/mcp",
    "https://mcp.example/mcp/,                https://mcp.example/mcp/"
  })
  void normalises_case_ports_percent_encoding_and_dot_segments(String uri, String normal) {
    assertThat(HttpTargetUri.normalise(uri)).contains(normal);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "https://mcp.example/mcp?x=1",
        "https://mcp.example/mcp?",
        "https://mcp.example/mcp#frag",
        "https://user:pass@mcp.example/mcp",
        "https://user@mcp.example/mcp",
        "ftp://mcp.example/mcp",
        "wss://mcp.example/mcp",
        "/mcp",
        "mcp.example/mcp",
        "urn:example:mcp",
        "https:///mcp",
        "https://mcp example/mcp",
        "https://mcp.example/%zz",
        "https://mcp.example/%4",
        "https://mcp.example:99999/mcp",
        "https://mcp_example/mcp",
        ""
      })
  void refuses_what_cannot_be_an_htu(String uri) {
    assertThat(HttpTargetUri.normalise(uri)).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource({
    // RFC 3986 §5.4.2's abnormal examples, with the base path removed.
    "/a/b/c/./../../g, /a/g",
    "/mid/content=5/../6, /mid/6",
    "/../../g, /g",
    "/./g, /g",
    "/g/., /g/",
    "/g/.., /",
    "/g., /g.",
    "/.g, /.g",
    "/..g, /..g"
  })
  void removes_dot_segments_as_rfc_3986_does(String path, String expected) {
    assertThat(HttpTargetUri.removeDotSegments(path)).isEqualTo(expected);
  }

  @Test
  void refuses_a_very_long_url() {
    assertThat(HttpTargetUri.normalise("https://mcp.example/" + "a".repeat(3000))).isEmpty();
  }
}
