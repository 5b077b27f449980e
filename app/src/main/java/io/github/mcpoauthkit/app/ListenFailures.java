package io.github.mcpoauthkit.app;

import io.github.mcpoauthkit.streamablehttp.ListenException;

/**
 * Turns a {@link ListenException} into the one line a user reads: which server, which address and
 * port, why, and the setting that changes it.
 */
final class ListenFailures {

  private static final String ANY_LOCAL_ADDRESS =
      "Set HOST to an address of this machine: 127.0.0.1 for local use, 0.0.0.0 for every"
          + " interface.";

  private ListenFailures() {}

  /** The MCP server could not listen on {@code HOST:PORT}. */
  static StartupException mcpServer(ListenException e) {
    return new StartupException(
        line("The MCP server", e, "PORT", ANY_LOCAL_ADDRESS, "Check HOST and PORT."), e);
  }

  /** The development issuer could not listen on its loopback port. */
  static StartupException devIssuer(ListenException e) {
    return new StartupException(
        line(
            "The development issuer",
            e,
            "OAUTH_DEV_ISSUER_PORT",
            "The development issuer listens on 127.0.0.1 only; check that this machine has it.",
            "Check OAUTH_DEV_ISSUER_PORT."),
        e);
  }

  private static String line(
      String server, ListenException e, String portSetting, String hostFix, String otherFix) {
    String fix =
        switch (e.reason()) {
          case ADDRESS_IN_USE ->
              "Stop the process that holds it, or choose another port with "
                  + portSetting
                  + suggestion(portSetting, e.port() + 1)
                  + ".";
          case PERMISSION_DENIED ->
              "Choose a port of 1024 or above with "
                  + portSetting
                  + suggestion(portSetting, 3000)
                  + ", or run with the privilege to bind low ports.";
          case ADDRESS_NOT_AVAILABLE, UNKNOWN_HOST -> hostFix;
          case OTHER -> otherFix;
        };
    return server + " cannot listen on " + e.address() + ": " + e.explanation() + ". " + fix;
  }

  private static String suggestion(String portSetting, int port) {
    return port > 0 && port <= 65_535 ? " (e.g. " + portSetting + "=" + port + ")" : "";
  }
}
