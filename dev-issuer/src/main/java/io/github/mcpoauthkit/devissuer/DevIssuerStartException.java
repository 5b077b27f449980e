package io.github.mcpoauthkit.devissuer;

import java.io.IOException;
import java.util.Objects;

/**
 * The development issuer could not listen on its loopback address: a startup failure. It carries
 * the address and the JDK's own exception, so that the application can explain the cause in its
 * words (a port in use, a port below 1024) without this module knowing any web server.
 */
public final class DevIssuerStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String host;
  private final int port;

  DevIssuerStartException(String host, int port, IOException cause) {
    super(
        "The development issuer cannot listen on " + host + ":" + port + ": " + cause,
        Objects.requireNonNull(cause, "cause"));
    this.host = host;
    this.port = port;
  }

  /** The address the issuer tried, always a loopback address. */
  public String host() {
    return host;
  }

  /** The port the issuer tried; 0 when it asked for a free one. */
  public int port() {
    return port;
  }
}
