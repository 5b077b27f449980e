package io.github.mcpoauthkit.app.config;

/** A setting has a bad value: the message names it, says what is wrong and the accepted form. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ConfigException(String message) {
    super(message);
  }
}
