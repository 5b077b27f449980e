package io.github.mcpoauthkit.domain.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceUrlTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "http://localhost:3000/mcp,        http://localhost:3000,     /mcp,"
        + "        http://localhost:3000/.well-known/oauth-protected-resource/mcp",
    "https://mcp.example.com/mcp,      https://mcp.example.com,   /mcp,"
        + "        https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
    "https://mcp.example.com,          https://mcp.example.com,   '',"
        + "          https://mcp.example.com/.well-known/oauth-protected-resource",
    "https://mcp.example.com/api/v1/mcp, https://mcp.example.com, /api/v1/mcp,"
        + " https://mcp.example.com/.well-known/oauth-protected-resource/api/v1/mcp",
    "http://127.0.0.1:8080/MCP,        http://127.0.0.1:8080,     /MCP,"
        + "        http://127.0.0.1:8080/.well-known/oauth-protected-resource/MCP",
    "http://[::1]:3000/mcp,            http://[::1]:3000,         /mcp,"
        + "        http://[::1]:3000/.well-known/oauth-protected-resource/mcp",
    "https://mcp.example.com/a%20b,    https://mcp.example.com,   /a%20b,"
        + "      https://mcp.example.com/.well-known/oauth-protected-resource/a%20b"
  })
  void a_canonical_url_is_accepted_and_its_metadata_url_inserts_the_well_known_suffix(
      String value, String origin, String path, String metadataUrl) {
    ResourceUrl url = new ResourceUrl(value);

    assertThat(url.value()).isEqualTo(value);
    assertThat(url).hasToString(value);
    assertThat(url.origin()).isEqualTo(origin);
    assertThat(url.path()).isEqualTo(path);
    assertThat(url.metadataUrl()).isEqualTo(metadataUrl);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mcp.example.com|it has no scheme",
        "mcp.example.com/mcp|it has no scheme",
        "/mcp|it has no scheme",
        "''|it has no scheme",
        "//mcp.example.com/mcp|it has no scheme",
        "ftp://mcp.example.com/mcp|the scheme must be http or https",
        "ws://mcp.example.com/mcp|the scheme must be http or https",
        "localhost:3000/mcp|the scheme must be http or https",
        "https:mcp|it has no host",
        "http:///mcp|it has no host",
        "HTTPS://mcp.example.com/mcp|the scheme and host must be lowercase",
        "Http://mcp.example.com/mcp|the scheme and host must be lowercase",
        "https://MCP.example.com/mcp|the scheme and host must be lowercase",
        "https://mcp.Example.com/mcp|the scheme and host must be lowercase",
        "https://user@mcp.example.com/mcp|it must not contain user info",
        "https://user:secret@mcp.example.com/mcp|it must not contain user info",
        "https://mcp.example.com/mcp#section|it must not have a fragment",
        "https://mcp.example.com/mcp#|it must not have a fragment",
        "https://mcp.example.com/mcp?x=1|it must not have a query",
        "https://mcp.example.com/mcp?|it must not have a query",
        "https://mcp.example.com/mcp/|it must not end with a slash",
        "https://mcp.example.com/|it must not end with a slash",
        "http://localhost:3000/|it must not end with a slash",
        "https://mcp.example.com/m cp|it is not a URI",
        "'https://mcp.example.com/mcp '|it is not a URI"
      })
  void a_non_canonical_url_is_refused_with_a_message_naming_the_problem(
      String value, String problem) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ResourceUrl(value))
        .withMessageStartingWith("'" + value + "' is not a valid resource URL: " + problem)
        .withMessageContaining("https://mcp.example.com/mcp");
  }

  @Test
  void a_null_url_is_refused() {
    assertThatNullPointerException().isThrownBy(() -> new ResourceUrl(null));
  }

  @Test
  void equal_values_are_equal_urls() {
    assertThat(new ResourceUrl("https://mcp.example.com/mcp"))
        .isEqualTo(new ResourceUrl("https://mcp.example.com/mcp"))
        .isNotEqualTo(new ResourceUrl("https://mcp.example.com/mcp2"));
  }
}
