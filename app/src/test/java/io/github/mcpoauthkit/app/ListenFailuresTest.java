package io.github.mcpoauthkit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.ListenException;
import java.net.BindException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The one line per reason; ListenFailureIT shows the in-use and not-local ones from a process. */
class ListenFailuresTest {

  @Test
  void a_low_port_without_privilege_says_to_choose_one_of_1024_or_above() {
    ListenException e = ListenException.of("127.0.0.1", 80, new BindException("Permission denied"));

    assertThat(ListenFailures.mcpServer(e))
        .hasMessage(
            "The MCP server cannot listen on 127.0.0.1:80: permission denied (ports below 1024"
                + " need privileges). Choose a port of 1024 or above with PORT (e.g. PORT=3000),"
                + " or run with the privilege to bind low ports.")
        .hasCause(e);
  }

  @Test
  void a_host_that_does_not_resolve_says_to_set_host() {
    ListenException e =
        ListenException.of("mcp.invalid", 3000, new UnknownHostException("mcp.invalid"));

    assertThat(ListenFailures.mcpServer(e))
        .hasMessage(
            "The MCP server cannot listen on mcp.invalid:3000: the host name does not resolve."
                + " Set HOST to an address of this machine: 127.0.0.1 for local use, 0.0.0.0 for"
                + " every interface.");
  }

  @Test
  void the_highest_port_in_use_suggests_no_port_beyond_the_range() {
    ListenException e =
        ListenException.of("127.0.0.1", 65_535, new BindException("Address already in use"));

    assertThat(ListenFailures.mcpServer(e))
        .hasMessageEndingWith("Stop the process that holds it, or choose another port with PORT.");
  }

  @Test
  void another_failure_of_the_dev_issuer_names_its_cause_and_its_port_setting() {
    ListenException e = ListenException.of("127.0.0.1", 9000, new BindException("Odd failure"));

    assertThat(ListenFailures.devIssuer(e))
        .hasMessage(
            "The development issuer cannot listen on 127.0.0.1:9000: the server could not open its"
                + " socket (BindException: Odd failure). Check OAUTH_DEV_ISSUER_PORT.");
  }
}
