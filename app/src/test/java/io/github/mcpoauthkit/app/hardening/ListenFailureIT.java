package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server as a process that cannot listen: it must exit 1 at once with one line that names the
 * address and port, says why and which setting changes it, with no stack trace and no banner.
 * Helidon used to log the bind failure and carry on as if it listened on port -1 (exiting 0 after a
 * few seconds, or printing the dev banner and running on).
 */
class ListenFailureIT {

  /** A JVM's start and the issuer's fetches on a busy machine; a failure takes about 1 to 3 s. */
  private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);

  @TempDir Path directory;

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable resource : resources.reversed()) {
      resource.close();
    }
  }

  static Stream<Arguments> transportsAndModes() {
    return Stream.of("helidon", "undertow")
        .flatMap(
            transport -> Stream.of(Arguments.of(transport, false), Arguments.of(transport, true)));
  }

  static Stream<String> transports() {
    return Stream.of("helidon", "undertow");
  }

  @ParameterizedTest(name = "{0}, dev mode {1}")
  @MethodSource("transportsAndModes")
  void a_port_in_use_stops_the_server_with_one_line_naming_it(String transport, boolean dev)
      throws Exception {
    ServerSocket taken = takenPort();
    int port = taken.getLocalPort();
    Map<String, String> environment = dev ? devMode() : withIssuer();
    environment.put("PORT", Integer.toString(port));

    String line = failsWithOneLine(transport, environment);

    assertThat(line)
        .isEqualTo(
            "The MCP server cannot listen on 127.0.0.1:"
                + port
                + ": the port is already in use by another process. Stop the process that holds"
                + " it, or choose another port with PORT (e.g. PORT="
                + (port + 1)
                + ").");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void an_address_of_another_machine_stops_the_server_naming_host(String transport)
      throws Exception {
    Map<String, String> environment = withIssuer();
    int port = ServerProcesses.freePort();
    environment.put("PORT", Integer.toString(port));
    // TEST-NET-1 (RFC 5737): never an address of this machine; binding to it sends nothing.
    environment.put("HOST", "192.0.2.1");
    environment.put("MCP_PUBLIC_URL", "http://localhost:" + port + "/mcp");

    String line = failsWithOneLine(transport, environment);

    assertThat(line)
        .isEqualTo(
            "The MCP server cannot listen on 192.0.2.1:"
                + port
                + ": the address is not one of this machine's. Set HOST to an address of this"
                + " machine: 127.0.0.1 for local use, 0.0.0.0 for every interface.");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void the_dev_issuers_port_in_use_stops_dev_mode_naming_its_setting(String transport)
      throws Exception {
    ServerSocket taken = takenPort();
    int port = taken.getLocalPort();
    Map<String, String> environment = devMode();
    environment.put("PORT", Integer.toString(ServerProcesses.freePort()));
    environment.put("OAUTH_DEV_ISSUER_PORT", Integer.toString(port));

    String line = failsWithOneLine(transport, environment);

    assertThat(line)
        .isEqualTo(
            "The development issuer cannot listen on 127.0.0.1:"
                + port
                + ": the port is already in use by another process. Stop the process that holds"
                + " it, or choose another port with OAUTH_DEV_ISSUER_PORT (e.g."
                + " OAUTH_DEV_ISSUER_PORT="
                + (port + 1)
                + ").");
  }

  /**
   * Runs the server, which must exit 1 within {@link #EXIT_WITHIN}, print nothing on standard
   * output (no banner), and end standard error with one line and no stack trace; returns the line.
   */
  private String failsWithOneLine(String transport, Map<String, String> environment)
      throws InterruptedException {
    KitProcess kit = KitProcess.start(transport, environment, directory);
    resources.add(kit);

    Optional<Integer> status = kit.awaitExit(EXIT_WITHIN);

    assertThat(status).as("exit status; stderr:\n" + kit.stderr()).contains(1);
    assertThat(kit.stdout()).as("no banner, no curl with a token").isEmpty();
    assertThat(kit.stderr())
        .as("no stack trace")
        .doesNotContain("\tat ")
        .doesNotContain("Exception")
        .doesNotContain("SEVERE")
        .doesNotContain("There is no Helidon logging implementation");
    List<String> lines = kit.stderr().lines().toList();
    return lines.get(lines.size() - 1);
  }

  private ServerSocket takenPort() throws Exception {
    ServerSocket socket = new ServerSocket();
    resources.add(socket);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return socket;
  }

  private Map<String, String> devMode() {
    Map<String, String> environment = new HashMap<>();
    environment.put("OAUTH_DEV", "true");
    return environment;
  }

  private Map<String, String> withIssuer() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("listen-key").generate();
    ForgeryIssuer issuer = new ForgeryIssuer(List.of(key));
    resources.add(issuer);
    Map<String, String> environment = new HashMap<>();
    environment.put("OAUTH_ISSUER_URL", issuer.issuer());
    environment.put("OAUTH_AUDIENCE", "http://localhost:3000/mcp");
    return environment;
  }
}
