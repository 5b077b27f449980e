package io.github.mcpoauthkit.app.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher's decisions; {@code .ci/run} runs the jar itself on a Java 17 runtime, where this
 * class's message must appear.
 */
class LauncherTest {

  @TempDir Path directory;

  @ParameterizedTest
  @CsvSource({
    "1.8, 8",
    "1.8.0_392, 8",
    "11, 11",
    "17, 17",
    "17.0.15, 17",
    "21, 21",
    "25, 25",
    "x, 0"
  })
  void the_feature_release_is_read_from_old_and_new_version_strings(String version, int feature) {
    assertThat(Launcher.feature(version)).isEqualTo(feature);
  }

  @Test
  void java_home_is_found_by_its_release_file_without_starting_a_jvm() throws IOException {
    Path jdk = fakeJdk("jdk-23", "23.0.2");

    List<Launcher.Installed> found =
        Launcher.candidates(Map.of("JAVA_HOME", jdk.toString()), directory.toString());

    assertThat(found)
        .anySatisfy(
            installed -> {
              assertThat(installed.home).isEqualTo(jdk.toFile());
              assertThat(installed.feature).isEqualTo(23);
            });
  }

  @Test
  void the_newest_installation_of_java_21_or_newer_is_chosen() {
    Launcher.Installed old = new Launcher.Installed(new File("/jdk17"), 17);
    Launcher.Installed jdk21 = new Launcher.Installed(new File("/jdk21"), 21);
    Launcher.Installed jdk25 = new Launcher.Installed(new File("/jdk25"), 25);

    assertThat(Launcher.newest(List.of(old, jdk25, jdk21))).isSameAs(jdk25);
    assertThat(Launcher.newest(List.of(old))).isNull();
  }

  @Test
  void the_message_names_the_running_java_and_how_to_run_a_newer_one() throws IOException {
    Path jar = Files.createFile(directory.resolve("mcp-oauth-kit.jar"));
    Path script = Files.createFile(directory.resolve("mcp-oauth-kit"));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Launcher.Installed jdk25 = new Launcher.Installed(new File("/opt/jdk-25"), 25);

    String message = Launcher.message("17.0.15", "/usr/lib/jvm/java-17", jdk25, jar.toFile());

    assertThat(message)
        .isEqualTo(
            "mcp-oauth-kit needs Java 21 or newer, but this is Java 17.0.15"
                + " (/usr/lib/jvm/java-17). Java 25 is installed at /opt/jdk-25: run"
                + " JAVA_HOME=/opt/jdk-25 "
                + script
                + ", or /opt/jdk-25/bin/java -jar "
                + jar)
        .doesNotContain("\n");
  }

  @Test
  void in_the_distribution_the_message_names_its_bin_launcher() throws IOException {
    Path jar = Files.createFile(directory.resolve("mcp-oauth-kit.jar"));
    Path script =
        Files.createFile(
            Files.createDirectories(directory.resolve("bin")).resolve("mcp-oauth-kit"));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Launcher.Installed jdk25 = new Launcher.Installed(new File("/opt/jdk-25"), 25);

    String message = Launcher.message("17.0.15", "/usr/lib/jvm/java-17", jdk25, jar.toFile());

    assertThat(message)
        .contains(
            ": run JAVA_HOME=/opt/jdk-25 " + script + ", or /opt/jdk-25/bin/java -jar " + jar);
  }

  @Test
  void without_a_newer_java_the_message_says_to_install_one() throws IOException {
    Path jar = Files.createFile(directory.resolve("mcp-oauth-kit.jar"));

    String message = Launcher.message("11.0.2", "/opt/java-11", null, jar.toFile());

    assertThat(message)
        .startsWith("mcp-oauth-kit needs Java 21 or newer, but this is Java 11.0.2 (/opt/java-11).")
        .contains("No Java 21+ was found in JAVA_HOME or the usual places: install one")
        .endsWith("/path/to/jdk/bin/java -jar " + jar);
  }

  private Path fakeJdk(String name, String version) throws IOException {
    Path home = Files.createDirectories(directory.resolve(name));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    Path java = Files.createFile(Files.createDirectories(home.resolve("bin")).resolve("java"));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }
}
