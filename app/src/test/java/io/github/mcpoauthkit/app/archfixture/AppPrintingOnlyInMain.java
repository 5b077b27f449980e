package io.github.mcpoauthkit.app.archfixture;

/** Not a violation: a launcher that prints only from {@code main}, including a lambda there. */
public final class AppPrintingOnlyInMain {
  public static void main(String[] args) {
    System.out.println("starting");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("stopped")));
  }
}
