package io.github.mcpoauthkit.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What the tests that run the server in a JVM of its own, or on a port of its own, share: the
 * packaged artifact, this JVM's {@code java}, a process that inherits none of the build's settings,
 * and a free port.
 */
public final class ServerProcesses {

  /** The module's build directory (Maven sets {@code basedir} for the tests). */
  public static final Path TARGET = Path.of(System.getProperty("basedir", ".")).resolve("target");

  private ServerProcesses() {}

  /** {@code target/mcp-oauth-kit.jar}, which the package phase builds before the ITs run. */
  public static Path artifact() {
    Path jar = TARGET.resolve("mcp-oauth-kit.jar");
    assertThat(jar).as("the package phase builds the jar before the ITs run").exists();
    return jar.toAbsolutePath();
  }

  /** The {@code java} executable of this JVM. */
  public static String java() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * A process of {@code command} in {@code directory} (so that no stray {@code .env} is read) with
   * exactly {@code environment} as its settings: none of the build's own {@code OAUTH_*}, {@code
   * MCP_*}, {@code HOST} or {@code PORT} is inherited.
   */
  public static ProcessBuilder isolated(
      List<String> command, Map<String, String> environment, Path directory) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(
            name ->
                name.startsWith("OAUTH_")
                    || name.startsWith("MCP_")
                    || name.equals("HOST")
                    || name.equals("PORT"));
    builder.environment().putAll(environment);
    return builder;
  }

  /** A port free on loopback now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads {@code stream} (a process's output) to its end on {@code readers}, as UTF-8 text; a read
   * that fails gives {@code (unreadable: <reason>)} instead, so that a test's assertion shows it.
   * Use threads of the test's own: the common pool may have one worker, which a blocking read
   * takes.
   */
  public static CompletableFuture<String> drain(InputStream stream, Executor readers) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
          }
        },
        readers);
  }
}
