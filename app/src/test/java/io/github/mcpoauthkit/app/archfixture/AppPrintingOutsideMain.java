package io.github.mcpoauthkit.app.archfixture;

/** Violation: printing from an ordinary method, even in the launcher. */
public final class AppPrintingOutsideMain {
  public static void main(String[] args) {
    System.out.println("allowed here");
  }

  public void report(String message) {
    System.out.println(message);
  }
}
