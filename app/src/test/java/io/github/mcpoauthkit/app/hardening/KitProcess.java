package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.app.testing.ServerProcesses;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The server as a JVM of its own, the way an operator runs it. The transport the build packaged
 * runs as the artifact, {@code java -jar target/mcp-oauth-kit.jar}; the other one, which a build
 * never packages alongside, as {@code Main} on the test classpath, which holds both, with {@code
 * MCP_TRANSPORT} naming it. What the process writes (its log goes to standard error) is kept.
 */
final class KitProcess implements AutoCloseable {

  private static final String MAIN = "io.github.mcpoauthkit.app.Main";
  private static final String LAUNCHER = "io.github.mcpoauthkit.app.launcher.Launcher";

  private final Process process;
  private final long startNanos;
  private final StringBuffer stdout = new StringBuffer();
  private final StringBuffer stderr = new StringBuffer();
  private final List<Thread> readers;
  private volatile long exitNanos;

  private KitProcess(Process process, long startNanos) {
    this.process = process;
    this.startNanos = startNanos;
    this.readers =
        List.of(
            Thread.ofPlatform()
                .daemon()
                .name("kit-stdout")
                .start(() -> read(process.getInputStream(), stdout)),
            Thread.ofPlatform()
                .daemon()
                .name("kit-stderr")
                .start(() -> read(process.getErrorStream(), stderr)));
    process.onExit().thenRun(() -> exitNanos = System.nanoTime());
  }

  /** The transport the package phase put in {@code target/lib}: helidon or undertow. */
  static String packagedTransport() {
    Path lib = ServerProcesses.TARGET.resolve("lib");
    assertThat(lib).as("the package phase copies the runtime classpath before the ITs").exists();
    try (Stream<Path> jars = Files.list(lib)) {
      List<String> transports =
          jars.map(jar -> jar.getFileName().toString())
              .filter(
                  name -> name.startsWith("adapter-helidon") || name.startsWith("adapter-undertow"))
              .map(name -> name.startsWith("adapter-helidon") ? "helidon" : "undertow")
              .toList();
      assertThat(transports).as("exactly one packaged transport in " + lib).hasSize(1);
      return transports.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code transport} runs as the artifact itself. */
  static boolean isArtifact(String transport) {
    return transport.equals(packagedTransport());
  }

  /**
   * Starts the server with exactly {@code environment} (nothing of the build's own {@code OAUTH_*},
   * {@code MCP_*}, {@code HOST} or {@code PORT} is inherited), in {@code directory}, so that no
   * stray {@code .env} is read. Unless {@code environment} sets {@code SHUTDOWN_DRAIN}, it is 0: a
   * test that stops the server has no load balancer to wait for.
   */
  static KitProcess start(String transport, Map<String, String> environment, Path directory) {
    return start(transport, environment, directory, false);
  }

  /**
   * As {@link #start(String, Map, Path)}, with the test feature sets ({@code waiting}, ...) on the
   * classpath: the artifact runs with {@code target/mcp-oauth-kit-conformance.jar} beside it, as
   * {@code .ci/conformance} runs it.
   */
  static KitProcess startWithTestFeatures(
      String transport, Map<String, String> environment, Path directory) {
    return start(transport, environment, directory, true);
  }

  private static KitProcess start(
      String transport, Map<String, String> environment, Path directory, boolean testFeatures) {
    List<String> command = new ArrayList<>();
    command.add(ServerProcesses.java());
    if (isArtifact(transport) && testFeatures) {
      Path features = ServerProcesses.TARGET.resolve("mcp-oauth-kit-conformance.jar");
      assertThat(features).as("the package phase builds the test features' jar").exists();
      command.add("-cp");
      command.add(ServerProcesses.artifact() + File.pathSeparator + features.toAbsolutePath());
      command.add(LAUNCHER);
    } else if (isArtifact(transport)) {
      command.add("-jar");
      command.add(ServerProcesses.artifact().toString());
    } else {
      command.add("-cp");
      command.add(testClasspath());
      command.add(MAIN);
    }
    ProcessBuilder builder = ServerProcesses.isolated(command, environment, directory);
    builder.environment().putIfAbsent("SHUTDOWN_DRAIN", "0");
    if (!isArtifact(transport)) {
      builder.environment().put("MCP_TRANSPORT", transport);
    }
    long start = System.nanoTime();
    try {
      return new KitProcess(builder.start(), start);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The classpath of this test JVM; Surefire and Failsafe name it apart from their own. */
  private static String testClasspath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  private static void read(InputStream stream, StringBuffer into) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        into.append(line).append('\n');
      }
    } catch (IOException e) {
      into.append("(unreadable: ").append(e.getMessage()).append(")\n");
    }
  }

  /** Waits until the server logs that it listens on {@code port}. */
  void awaitListening(int port, Duration timeout) throws InterruptedException {
    String listening = "MCP server listening on http://127.0.0.1:" + port + " ";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!stderr.toString().contains(listening)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "the server exited (" + process.exitValue() + ") during startup:\n" + stderr());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the server did not listen within "
                + timeout
                + "; its threads, "
                + elapsed().toMillis()
                + " ms after its start:\n"
                + threadDump()
                + "\nits log:\n"
                + stderr());
      }
      Thread.sleep(50);
    }
  }

  /**
   * The process's threads as {@code jcmd PID Thread.print} prints them, for a startup that did not
   * finish in time: a start slowed by a loaded machine shows its threads at work, a hung one shows
   * where they wait.
   */
  private String threadDump() {
    Path jcmd = Path.of(ServerProcesses.java()).resolveSibling("jcmd");
    if (!Files.isExecutable(jcmd)) {
      return "(no thread dump: " + jcmd + " is not there)\n";
    }
    try {
      Process dump =
          new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
              .redirectErrorStream(true)
              .start();
      StringBuffer text = new StringBuffer();
      Thread reader = Thread.ofPlatform().daemon().start(() -> read(dump.getInputStream(), text));
      if (!dump.waitFor(30, TimeUnit.SECONDS)) {
        dump.destroyForcibly();
        return "(no thread dump: jcmd did not answer within 30 s)\n" + text;
      }
      reader.join(Duration.ofSeconds(5));
      return text.toString();
    } catch (IOException e) {
      return "(no thread dump: " + e + ")\n";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(no thread dump: interrupted)\n";
    }
  }

  /**
   * Sends SIGTERM, as an orchestrator stopping the replica does, and returns at once. Through the
   * process handle: {@link Process#destroy()} would also close the pipes the log is read from.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** Waits until standard error holds {@code text}, or fails after {@code timeout}. */
  void awaitLog(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!stderr.toString().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the server did not log '" + text + "' within " + timeout + ":\n" + stderr());
      }
      Thread.sleep(20);
    }
  }

  /** The exit status, once the process ended within {@code timeout}. */
  Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return Optional.empty();
    }
    for (Thread reader : readers) {
      reader.join(Duration.ofSeconds(5));
    }
    return Optional.of(process.exitValue());
  }

  /** From the start of the process until it exited, or until now while it runs. */
  Duration elapsed() {
    long end = process.isAlive() || exitNanos == 0 ? System.nanoTime() : exitNanos;
    return Duration.ofNanos(end - startNanos);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** What the process wrote to standard error so far: its log and any startup failure. */
  String stderr() {
    return stderr.toString();
  }

  /** What the process wrote to standard output so far. */
  String stdout() {
    return stdout.toString();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
