package io.github.mcpoauthkit.app.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.mcpoauthkit.app.testing.ServerProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target/mcp-oauth-kit-<version>.tar.gz} as a user gets it: its entries, then extracted with
 * {@code tar} into a directory whose name has a space, its launcher {@code bin/mcp-oauth-kit} run
 * on this JVM (the build's JDK, which made the AOT cache) and, where one is installed, on a Java
 * 17. {@code .ci/distribution-jdks} runs it on Debian's Java 21 and on another build of Java 25.
 */
class DistributionIT {

  private static final String VERSION = System.getProperty("kit.version", "0.1.0-SNAPSHOT");
  private static final String TOP = "mcp-oauth-kit-" + VERSION + "/";
  private static final Duration RUN = Duration.ofSeconds(60);
  private static final Duration SHUTDOWN = Duration.ofSeconds(15);
  // A class every start loads: its source says whether it came from the AOT cache.
  private static final String PROBE = "io.github.mcpoauthkit.app.config.KitConfig source: ";

  @TempDir static Path extracted;
  @TempDir Path workingDirectory;

  private static Path home;
  // Its own threads: the common pool may have one worker, which a blocking read would take.
  private static final ExecutorService READERS = Executors.newCachedThreadPool();
  private Process process;

  @BeforeAll
  static void extract() throws Exception {
    Path into = Files.createDirectories(extracted.resolve("dir with space"));
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive().toString(), "-C", into.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tar.waitFor()).as("tar -xzf: %s", output).isZero();
    home = into.resolve(TOP);
  }

  @AfterAll
  static void stopReaders() {
    READERS.shutdownNow();
  }

  @AfterEach
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void the_archive_holds_the_launcher_the_jar_its_libraries_and_a_note_with_fixed_modes_and_times()
      throws IOException {
    Map<String, TarEntry> entries = new HashMap<>();
    for (TarEntry entry : TarEntry.read(archive())) {
      entries.put(entry.name(), entry);
    }
    Instant outputTimestamp =
        Instant.parse(System.getProperty("kit.outputTimestamp", "2026-11-26T00:00:00Z"));

    assertThat(entries.keySet()).allSatisfy(name -> assertThat(name).startsWith(TOP));
    assertThat(entries.get(TOP + "bin/mcp-oauth-kit").mode()).isEqualTo(0755);
    assertThat(entries.get(TOP + "mcp-oauth-kit.jar").mode()).isEqualTo(0644);
    assertThat(entries).containsKey(TOP + "README.txt");
    assertThat(entries.values())
        .allSatisfy(
            entry -> {
              assertThat(entry.modified()).as(entry.name()).isEqualTo(outputTimestamp);
              if (entry.directory()) {
                assertThat(entry.mode()).as(entry.name()).isEqualTo(0755);
              } else if (!entry.name().endsWith("/bin/mcp-oauth-kit")) {
                assertThat(entry.mode()).as(entry.name()).isEqualTo(0644);
              }
            });
    // lib/ holds exactly the jars the build's target/lib holds: the jar's manifest names them.
    TreeSet<String> jars = new TreeSet<>();
    try (DirectoryStream<Path> built =
        Files.newDirectoryStream(ServerProcesses.TARGET.resolve("lib"), "*.jar")) {
      built.forEach(jar -> jars.add(TOP + "lib/" + jar.getFileName()));
    }
    assertThat(jars).isNotEmpty();
    assertThat(entries.keySet().stream().filter(name -> name.endsWith(".jar")))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(jars.stream(), Stream.of(TOP + "mcp-oauth-kit.jar")).toList());
    // A JDK 25+ build trains an AOT cache; an older one packages none.
    boolean cached = Runtime.version().feature() >= 25 && !Boolean.getBoolean("kit.aot.skip");
    assertThat(entries.containsKey(TOP + "lib/mcp-oauth-kit.aot")).isEqualTo(cached);
    assertThat(entries.containsKey(TOP + "lib/mcp-oauth-kit.aot.stamp")).isEqualTo(cached);
  }

  @Test
  void help_runs_through_the_launcher_from_any_directory_and_through_symbolic_links()
      throws Exception {
    Path links = Files.createDirectories(workingDirectory.resolve("links"));
    Path first = Files.createSymbolicLink(links.resolve("kit"), home.resolve("bin/mcp-oauth-kit"));
    // A relative link to a link, as /usr/local/bin/x -> ../opt/... installs make.
    Path second = Files.createSymbolicLink(workingDirectory.resolve("kit2"), Path.of("links/kit"));

    for (Path launcher : List.of(home.resolve("bin/mcp-oauth-kit"), first, second)) {
      Run run = run(launcher, Map.of(), "--help");

      assertThat(run.status()).as("%s --help: %s", launcher, run.stderr()).isZero();
      assertThat(run.stdout()).contains("Usage: mcp-oauth-kit [--dev] [--help]");
      assertThat(run.stderr()).isEmpty();
    }
  }

  @Test
  void the_default_flags_apply_unless_java_opts_replaces_them_and_java_opts_append_adds_to_either()
      throws Exception {
    Run defaults = run(Map.of("JAVA_OPTS_APPEND", "-XX:+PrintCommandLineFlags"), "--help");
    Run replaced = run(Map.of("JAVA_OPTS", "-Xmx100m -XX:+PrintCommandLineFlags"), "--help");
    Run appended =
        run(Map.of("JAVA_OPTS_APPEND", "-Xmx300m -XX:+PrintCommandLineFlags -DPORT=1"), "--help");

    String flags = firstLine(defaults.stdout());
    assertThat(flags)
        .contains("-XX:InitialHeapSize=33554432", "-XX:MaxHeapSize=268435456")
        .contains("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError")
        .contains("-XX:TrimNativeHeapInterval=1000");
    if (Runtime.version().feature() >= 25) {
      assertThat(flags).contains("-XX:+UseCompactObjectHeaders");
    }
    assertThat(firstLine(replaced.stdout()))
        .contains("-XX:MaxHeapSize=104857600")
        .doesNotContain("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError")
        .doesNotContain("UseCompactObjectHeaders", "TrimNativeHeapInterval");
    assertThat(firstLine(appended.stdout()))
        .contains("-XX:MaxHeapSize=314572800", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
    assertThat(List.of(defaults, replaced, appended))
        .allSatisfy(
            run -> {
              assertThat(run.status()).as(run.stderr()).isZero();
              assertThat(run.stderr()).isEmpty();
            });
  }

  @Test
  void the_aot_cache_is_used_on_the_jdk_build_that_made_it() throws Exception {
    assumeTrue(Files.exists(home.resolve("lib/mcp-oauth-kit.aot")), "no AOT cache (JDK < 25)");

    Run run = run(Map.of("JAVA_OPTS_APPEND", "-Xlog:class+load=info"), "--help");

    assertThat(run.status()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains(PROBE + "shared objects file");
    assertThat(run.stderr()).isEmpty();
    // The stamp names this JDK's build, as its release file gives it.
    Properties release = new Properties();
    try (InputStream in =
        Files.newInputStream(Path.of(System.getProperty("java.home"), "release"))) {
      release.load(in);
    }
    assertThat(Files.readString(home.resolve("lib/mcp-oauth-kit.aot.stamp")))
        .startsWith("jdk: " + unquote(release.getProperty("IMPLEMENTOR")) + " ")
        .contains(" " + unquote(release.getProperty("JAVA_RUNTIME_VERSION")) + " ");
  }

  @Test
  void without_a_fitting_cache_the_server_starts_without_it_and_nothing_is_printed()
      throws Exception {
    assumeTrue(Files.exists(home.resolve("lib/mcp-oauth-kit.aot")), "no AOT cache (JDK < 25)");
    Path stamp = home.resolve("lib/mcp-oauth-kit.aot.stamp");
    String original = Files.readString(stamp);
    String log = "-Xlog:class+load=info";
    try {
      // A stamp of another JDK build: the launcher does not pass the cache.
      Files.writeString(stamp, original.replaceFirst("^jdk: ", "jdk: Another Vendor "));
      Run otherBuild = run(Map.of("JAVA_OPTS_APPEND", log), "--help");
      Files.writeString(stamp, original);
      // The right stamp, but JAVA_OPTS without the compact object headers the cache was made
      // with: the launcher passes it, the JVM refuses it, and says nothing.
      Run otherFlags = run(Map.of("JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC " + log), "--help");
      // Switched off.
      Run off = run(Map.of("JAVA_OPTS_APPEND", log, "MCP_OAUTH_KIT_AOT_CACHE", "off"), "--help");

      assertThat(List.of(otherBuild, otherFlags, off))
          .allSatisfy(
              run -> {
                assertThat(run.status()).as(run.stderr()).isZero();
                assertThat(run.stdout())
                    .contains(PROBE + "file:")
                    .contains("Usage: mcp-oauth-kit [--dev] [--help]");
                assertThat(run.stderr()).isEmpty();
              });
    } finally {
      Files.writeString(stamp, original);
    }
  }

  @Test
  void dev_mode_runs_through_the_launcher_and_sigterm_reaches_the_jvm_which_exits_0()
      throws Exception {
    int port = ServerProcesses.freePort();
    process =
        start(home.resolve("bin/mcp-oauth-kit"), Map.of("PORT", Integer.toString(port)), "--dev");
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> banner =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                while ((line = stdout.readLine()) != null) {
                  if (line.startsWith("MCP server ")) {
                    return line;
                  }
                }
                return "";
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            READERS);

    String first = banner.get(RUN.toSeconds(), TimeUnit.SECONDS);
    assertThat(first).as("stderr: %s", stderr.getNow("")).endsWith(":" + port + "/mcp");
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    // The launcher exec'd java: the process started is the JVM itself, not a shell around it.
    Optional<String> command = process.toHandle().info().command();
    assertThat(command).hasValueSatisfying(path -> assertThat(path).endsWith("/bin/java"));

    // SIGTERM, through the handle: Process.destroy() would also close the pipes.
    assertThat(process.toHandle().destroy()).isTrue();
    assertThat(process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS))
        .as("the server stops within %s of SIGTERM", SHUTDOWN)
        .isTrue();
    assertThat(process.exitValue()).isZero();
  }

  @Test
  void on_java_17_the_launcher_ends_with_the_one_line_message_naming_a_newer_java()
      throws Exception {
    Optional<Path> jdk17 = installedJava(17);
    assumeTrue(jdk17.isPresent(), "no Java 17 in /usr/lib/jvm");

    Run run =
        run(
            home.resolve("bin/mcp-oauth-kit"),
            Map.of("JAVA_HOME", jdk17.get().toString()),
            "--help");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr().lines().toList())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("mcp-oauth-kit needs Java 21 or newer, but this is Java 17")
                    .contains(" is installed at ")
                    .contains(home.resolve("bin/mcp-oauth-kit").toString()));
  }

  @Test
  void create_aot_cache_refuses_extra_arguments_and_never_reaches_the_server() throws Exception {
    Run run = run(home.resolve("bin/mcp-oauth-kit"), Map.of(), "--create-aot-cache", "--dev");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.stderr()).contains("--create-aot-cache takes no other argument");
  }

  private Run run(Map<String, String> environment, String... arguments) throws Exception {
    return run(home.resolve("bin/mcp-oauth-kit"), environment, arguments);
  }

  private Run run(Path launcher, Map<String, String> environment, String... arguments)
      throws Exception {
    Process started = start(launcher, environment, arguments);
    CompletableFuture<String> stdout = drain(started.getInputStream());
    CompletableFuture<String> stderr = drain(started.getErrorStream());
    assertThat(started.waitFor(RUN.toSeconds(), TimeUnit.SECONDS)).isTrue();
    return new Run(
        started.exitValue(), stdout.get(5, TimeUnit.SECONDS), stderr.get(5, TimeUnit.SECONDS));
  }

  /** The launcher, with JAVA_HOME this JVM's and none of the build's JVM flags or settings. */
  private Process start(Path launcher, Map<String, String> environment, String... arguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        ServerProcesses.isolated(command, Map.of(), workingDirectory)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().keySet().removeIf(name -> name.startsWith("JAVA_"));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(environment);
    return builder.start();
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return ServerProcesses.drain(stream, READERS);
  }

  private static Path archive() {
    Path archive = ServerProcesses.TARGET.resolve("mcp-oauth-kit-" + VERSION + ".tar.gz");
    assertThat(archive).as("the package phase builds the archive before the ITs run").exists();
    return archive;
  }

  /** A Java of that feature release in /usr/lib/jvm, known by its release file. */
  private static Optional<Path> installedJava(int feature) throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .filter(home -> !Files.isSymbolicLink(home))
          .filter(home -> Files.isExecutable(home.resolve("bin/java")))
          .filter(home -> releaseVersion(home).matches(feature + "(\\..*)?"))
          .sorted()
          .findFirst();
    }
  }

  private static String releaseVersion(Path home) {
    Properties release = new Properties();
    try (InputStream in = Files.newInputStream(home.resolve("release"))) {
      release.load(in);
    } catch (IOException e) {
      return "";
    }
    return unquote(release.getProperty("JAVA_VERSION", ""));
  }

  private static String unquote(String value) {
    return value == null ? "" : value.replace("\"", "");
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }

  private record Run(int status, String stdout, String stderr) {}
}
