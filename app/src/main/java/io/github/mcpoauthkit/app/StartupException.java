package io.github.mcpoauthkit.app;

/**
 * The server cannot start, for a reason the user can fix: its message is the one line {@code main}
 * prints, saying what failed and what to change.
 */
public final class StartupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  StartupException(String message, Throwable cause) {
    super(message, cause);
  }

  StartupException(String message) {
    super(message);
  }
}
