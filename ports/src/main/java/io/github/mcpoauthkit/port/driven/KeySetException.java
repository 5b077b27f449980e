package io.github.mcpoauthkit.port.driven;

/**
 * The issuer's key set could not be fetched or used at startup. The message is written for the
 * operator and is printed as it is: it begins with {@code Failed to fetch JWKS}, names the URI and
 * the cause, and lists what to check.
 */
public final class KeySetException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, the URI, the cause and what to check
   * @param cause the underlying failure, if any
   */
  public KeySetException(String message, Throwable cause) {
    super(message, cause);
  }
}
