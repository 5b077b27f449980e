package io.github.mcpoauthkit.app.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The jar's entry point. It is compiled for Java 8 (its own compiler execution in the POM), so that
 * an older {@code java} runs it and prints one line saying which Java runs, that 21 or newer is
 * needed and how to run the server with one found on this machine, instead of failing with {@code
 * UnsupportedClassVersionError}. On Java 21+ it hands over to {@code Main} at once.
 *
 * <p>Java 8 source: no {@code var}, records, {@code List.of} or {@code Runtime.version()}.
 */
public final class Launcher {

  static final int REQUIRED = 21;

  private static final String MAIN = "io.github.mcpoauthkit.app.Main";

  private Launcher() {}

  public static void main(String[] args) throws Throwable {
    int running = feature(System.getProperty("java.specification.version", "0"));
    if (running < REQUIRED) {
      System.err.println(
          message(
              System.getProperty("java.version", "?"),
              System.getProperty("java.home", "?"),
              newest(candidates(System.getenv(), System.getProperty("user.home", ""))),
              jar()));
      System.exit(1);
      return;
    }
    try {
      Class.forName(MAIN).getMethod("main", String[].class).invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The feature release of a {@code java.specification.version}: {@code 1.8} is 8. */
  static int feature(String specification) {
    String text = specification.startsWith("1.") ? specification.substring(2) : specification;
    int end = 0;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(text.substring(0, end));
  }

  /** A JDK or JRE found on disk: its home and feature release. */
  static final class Installed {
    final File home;
    final int feature;

    Installed(File home, int feature) {
      this.home = home;
      this.feature = feature;
    }
  }

  /**
   * The Java installations in the usual places: {@code JAVA_HOME}, Debian's and Red Hat's JVM
   * directories, {@code /opt/java}, macOS's, SDKMAN's, IntelliJ's and asdf's. Each is known by its
   * {@code release} file, so no JVM is started.
   */
  static List<Installed> candidates(Map<String, String> environment, String userHome) {
    List<File> homes = new ArrayList<File>();
    String javaHome = environment.get("JAVA_HOME");
    if (javaHome != null && !javaHome.isEmpty()) {
      homes.add(new File(javaHome));
    }
    for (String parent :
        Arrays.asList(
            "/usr/lib/jvm",
            "/usr/java",
            "/opt/java",
            "/Library/Java/JavaVirtualMachines",
            userHome + "/.sdkman/candidates/java",
            userHome + "/.jdks",
            userHome + "/.asdf/installs/java")) {
      File[] children = new File(parent).listFiles();
      if (children != null) {
        Arrays.sort(children);
        for (File child : children) {
          File macHome = new File(child, "Contents/Home");
          homes.add(macHome.isDirectory() ? macHome : child);
        }
      }
    }
    List<Installed> found = new ArrayList<Installed>();
    for (File home : homes) {
      int feature = releaseFeature(home);
      if (feature > 0 && new File(home, "bin/java").canExecute()) {
        found.add(new Installed(home, feature));
      }
    }
    return found;
  }

  /** The newest installation of Java {@value #REQUIRED} or newer, or null. */
  static Installed newest(List<Installed> candidates) {
    Installed best = null;
    for (Installed candidate : candidates) {
      if (candidate.feature >= REQUIRED && (best == null || candidate.feature > best.feature)) {
        best = candidate;
      }
    }
    return best;
  }

  private static int releaseFeature(File home) {
    File release = new File(home, "release");
    if (!release.isFile()) {
      return 0;
    }
    Properties properties = new Properties();
    try (InputStream in = new java.io.FileInputStream(release)) {
      properties.load(in);
    } catch (IOException e) {
      return 0;
    }
    String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
    return feature(version);
  }

  /** The jar this class runs from, as the user would type it, or null when not from a jar. */
  private static File jar() {
    try {
      File file =
          new File(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return file.isFile() ? file : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** The one line printed on a Java older than {@value #REQUIRED}. */
  static String message(String version, String home, Installed found, File jar) {
    String jarPath = jar == null ? "mcp-oauth-kit.jar" : relative(jar);
    File script = jar == null ? null : script(jar.getParentFile());
    StringBuilder line = new StringBuilder();
    line.append("mcp-oauth-kit needs Java ")
        .append(REQUIRED)
        .append(" or newer, but this is Java ")
        .append(version)
        .append(" (")
        .append(home)
        .append("). ");
    if (found == null) {
      line.append("No Java ")
          .append(REQUIRED)
          .append("+ was found in JAVA_HOME or the usual places: install one (e.g. Temurin 25)")
          .append(" and run it with that java: /path/to/jdk/bin/java -jar ")
          .append(jarPath);
    } else {
      line.append("Java ")
          .append(found.feature)
          .append(" is installed at ")
          .append(found.home.getPath())
          .append(": run ");
      if (script != null) {
        line.append("JAVA_HOME=")
            .append(found.home.getPath())
            .append(' ')
            .append(relative(script))
            .append(", or ");
      }
      line.append(new File(found.home, "bin/java").getPath()).append(" -jar ").append(jarPath);
    }
    return line.toString();
  }

  /**
   * The launcher script of a build ({@code target/mcp-oauth-kit} beside the jar) or of the
   * distribution ({@code bin/mcp-oauth-kit} beside the jar), or null.
   */
  private static File script(File directory) {
    File beside = new File(directory, "mcp-oauth-kit");
    if (beside.isFile() && beside.canExecute()) {
      return beside;
    }
    File bin = new File(new File(directory, "bin"), "mcp-oauth-kit");
    return bin.isFile() && bin.canExecute() ? bin : null;
  }

  private static String relative(File file) {
    String here = new File("").getAbsolutePath() + File.separator;
    String path = file.getAbsolutePath();
    return path.startsWith(here) ? path.substring(here.length()) : path;
  }
}
