package io.github.mcpoauthkit.port.driven;

/**
 * The issuer's metadata could not be fetched or used: a startup failure. The message is written for
 * the operator and is printed as it is.
 */
public final class IssuerMetadataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, the URL, the cause and what to check
   * @param cause the underlying failure, if any
   */
  public IssuerMetadataException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * @param message what failed, the URL, the cause and what to check
   */
  public IssuerMetadataException(String message) {
    super(message);
  }
}
