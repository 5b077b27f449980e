package io.github.mcpoauthkit.domain.archfixture;

/** Violation: library code writing to the console of the server that embeds it. */
public final class DomainWritingToStandardError {
  public void warn(String message) {
    System.err.println(message);
  }

  public void report(IllegalStateException failure) {
    failure.printStackTrace();
  }
}
