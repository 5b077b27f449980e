package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.app.hardening.ForgeryIssuer.Endpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The faults of issue #7: the server as a real process ({@link KitProcess}) against an issuer on
 * loopback ({@link ForgeryIssuer}) that is unreachable or misbehaves when the server starts. Each
 * must stop the server with exit status 1, a message that names what failed and what to check, in
 * the time its fetches may take (each bounded by the connect plus the read timeout) plus a JVM's
 * start, and without reading an oversized answer whole.
 */
class IssuerFaultsIT {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  /** A JVM's start on a busy machine, on top of the fetches' own time limits. */
  private static final Duration JVM_MARGIN = Duration.ofSeconds(10);

  private static final String AUDIENCE_PATH = "/mcp";

  @TempDir Path directory;

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable resource : resources.reversed()) {
      resource.close();
    }
  }

  // ---------------------------------------------------------------- 1. down at start

  @Test
  void an_unreachable_issuer_stops_startup_within_the_timeout_saying_what_to_check()
      throws Exception {
    String issuer = "http://127.0.0.1:" + KitProcess.freePort() + ForgeryIssuer.REALM;

    Failure failure = startupFails(issuer, 1);

    assertThat(failure.stderr())
        .contains(
            "Failed to fetch OIDC discovery document from "
                + issuer
                + "/.well-known/openid-configuration")
        .contains("Cause: connection refused")
        .contains("\nCheck:\n")
        .contains("something listens on the issuer's host and port");
  }

  @Test
  void an_unreachable_jwks_uri_stops_startup_within_the_timeout_saying_what_to_check()
      throws Exception {
    ForgeryIssuer issuer = issuer();
    URI jwks = URI.create("http://127.0.0.1:" + KitProcess.freePort() + "/jwks");
    issuer.advertiseJwksUri(jwks);

    Failure failure = startupFails(issuer.issuer(), 2);

    assertThat(failure.stderr())
        .contains("Failed to fetch JWKS from " + jwks)
        .contains("Cause: connection refused")
        .contains("\nCheck:\n")
        .contains("that the jwks_uri in the issuer's discovery document is reachable");
  }

  // ---------------------------------------------------------------- 4. misbehaving at start

  /**
   * A way for the issuer to misbehave at startup.
   *
   * @param setup makes the issuer misbehave
   * @param fetches how many fetches the server makes, each bounded by the connect plus the read
   *     timeout: discovery is fetched once, the JWKS once and retried once
   * @param expected what standard error must say, given the issuer
   * @param check anything else to check afterwards
   */
  record StartupFault(
      Consumer<ForgeryIssuer> setup,
      int fetches,
      Function<ForgeryIssuer, List<String>> expected,
      Consumer<ForgeryIssuer> check) {}

  static Stream<Arguments> startupFaults() {
    long gibibyte = 1L << 30;
    return Stream.of(
        fault(
            "discovery answers nothing",
            issuer -> issuer.silent(Endpoint.DISCOVERY),
            1,
            issuer ->
                List.of(
                    discoveryFailure(issuer),
                    "read timed out after",
                    "no complete response within readTimeout 1 s",
                    "the issuer answers within the configured timeouts (connectTimeout 1 s,"
                        + " readTimeout 1 s)")),
        fault(
            "JWKS answers nothing",
            issuer -> issuer.silent(Endpoint.JWKS),
            2,
            issuer ->
                List.of(
                    jwksFailure(issuer),
                    "read timed out after",
                    "no complete response within readTimeout 1 s")),
        fault(
            "discovery trickles",
            issuer -> issuer.trickle(Endpoint.DISCOVERY),
            1,
            issuer ->
                List.of(
                    discoveryFailure(issuer),
                    "the body was still arriving when connectTimeout + readTimeout (1 s + 1 s) ran"
                        + " out")),
        fault(
            "JWKS trickles",
            issuer -> issuer.trickle(Endpoint.JWKS),
            2,
            issuer ->
                List.of(
                    jwksFailure(issuer),
                    "the body was still arriving when connectTimeout + readTimeout (1 s + 1 s) ran"
                        + " out")),
        fault(
            "discovery answers a login page",
            issuer -> issuer.garbage(Endpoint.DISCOVERY, "<html><body>Sign in</body></html>"),
            1,
            issuer ->
                List.of(
                    discoveryFailure(issuer),
                    "the response is not JSON; it begins: \"<html><body>Sign in",
                    "the URL reaches the authorization server itself, not a login page")),
        fault(
            "JWKS answers a login page",
            issuer -> issuer.garbage(Endpoint.JWKS, "<html><body>Sign in</body></html>"),
            2,
            issuer -> List.of(jwksFailure(issuer), "Unable to parse JWK set")),
        fault(
            "discovery streams 1 GiB",
            issuer -> issuer.endless(Endpoint.DISCOVERY, gibibyte),
            1,
            issuer ->
                List.of(
                    discoveryFailure(issuer),
                    "response larger than 524288 bytes (maxResponseBytes)",
                    "the limit is maxResponseBytes"),
            IssuerFaultsIT::streamedLittle),
        fault(
            "JWKS streams 1 GiB",
            issuer -> issuer.endless(Endpoint.JWKS, gibibyte),
            2,
            issuer ->
                List.of(
                    jwksFailure(issuer), "response larger than 524288 bytes (maxResponseBytes)"),
            IssuerFaultsIT::streamedLittle),
        fault(
            "discovery redirects",
            issuer -> issuer.redirect(Endpoint.DISCOVERY, moved(issuer, Endpoint.DISCOVERY)),
            1,
            issuer ->
                List.of(
                    discoveryFailure(issuer),
                    "HTTP 302 redirect to " + moved(issuer, Endpoint.DISCOVERY) + ", not followed",
                    "redirects are not followed"),
            IssuerFaultsIT::notFollowed),
        fault(
            "JWKS redirects",
            issuer -> issuer.redirect(Endpoint.JWKS, moved(issuer, Endpoint.JWKS)),
            2,
            issuer ->
                List.of(
                    jwksFailure(issuer),
                    "redirect to " + moved(issuer, Endpoint.JWKS) + " not followed"),
            IssuerFaultsIT::notFollowed));
  }

  private static Arguments fault(
      String name,
      Consumer<ForgeryIssuer> setup,
      int fetches,
      Function<ForgeryIssuer, List<String>> expected) {
    return fault(name, setup, fetches, expected, issuer -> {});
  }

  private static Arguments fault(
      String name,
      Consumer<ForgeryIssuer> setup,
      int fetches,
      Function<ForgeryIssuer, List<String>> expected,
      Consumer<ForgeryIssuer> check) {
    return Arguments.of(Named.of(name, new StartupFault(setup, fetches, expected, check)));
  }

  private static String discoveryFailure(ForgeryIssuer issuer) {
    return "Failed to fetch OIDC discovery document from " + issuer.uri(Endpoint.DISCOVERY);
  }

  private static String jwksFailure(ForgeryIssuer issuer) {
    return "Failed to fetch JWKS from " + issuer.uri(Endpoint.JWKS);
  }

  /** Where a redirect points: a path this issuer would answer, so following it would work. */
  private static URI moved(ForgeryIssuer issuer, Endpoint endpoint) {
    return URI.create(issuer.uri(endpoint) + "-moved");
  }

  private static void notFollowed(ForgeryIssuer issuer) {
    assertThat(issuer.requests()).noneMatch(path -> path.endsWith("-moved"));
  }

  /** The server hung up soon after the limit, not after reading the whole stream. */
  private static void streamedLittle(ForgeryIssuer issuer) {
    System.out.printf(
        "    the issuer wrote %,d bytes before the server hung up%n", issuer.streamed());
    assertThat(issuer.streamed()).isPositive().isLessThan(64L << 20);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("startupFaults")
  void a_misbehaving_issuer_stops_startup_in_bounded_time_with_a_clear_error(StartupFault fault)
      throws Exception {
    ForgeryIssuer issuer = issuer();
    fault.setup().accept(issuer);

    Failure failure = startupFails(issuer.issuer(), fault.fetches());

    assertThat(failure.stderr()).contains(fault.expected().apply(issuer)).contains("\nCheck:\n");
    fault.check().accept(issuer);
  }

  private record Failure(int exitStatus, Duration elapsed, String stderr) {}

  /**
   * Starts the artifact against {@code issuer}, which must stop it: exit status 1, within the time
   * its fetches may take plus a JVM's start.
   */
  private Failure startupFails(String issuer, int fetches) throws Exception {
    Duration bound = CONNECT_TIMEOUT.plus(READ_TIMEOUT).multipliedBy(fetches + 1L).plus(JVM_MARGIN);
    int port = KitProcess.freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("OAUTH_ISSUER_URL", issuer);
    environment.put("OAUTH_AUDIENCE", "http://localhost:" + port + AUDIENCE_PATH);
    environment.put("PORT", Integer.toString(port));
    environment.put("OAUTH_HTTP_CONNECT_TIMEOUT", CONNECT_TIMEOUT.toMillis() + "ms");
    environment.put("OAUTH_HTTP_READ_TIMEOUT", READ_TIMEOUT.toMillis() + "ms");
    KitProcess kit = process(KitProcess.packagedTransport(), environment);

    Integer status = kit.awaitExit(bound.plusSeconds(20)).orElse(null);

    String stderr = kit.stderr();
    System.out.printf(
        "  exit %s after %d ms (bound %d ms); standard error:%n%s",
        status, kit.elapsed().toMillis(), bound.toMillis(), stderr.indent(4));
    assertThat(status).as("exit status; standard error:\n" + stderr).isEqualTo(1);
    assertThat(kit.elapsed()).isLessThanOrEqualTo(bound);
    assertThat(stderr).doesNotContain("MCP server listening");
    return new Failure(status, kit.elapsed(), stderr);
  }

  // ---------------------------------------------------------------- fixtures

  private ForgeryIssuer issuer() {
    ForgeryIssuer issuer = new ForgeryIssuer(List.of());
    resources.add(issuer);
    return issuer;
  }

  private KitProcess process(String transport, Map<String, String> environment) {
    KitProcess kit = KitProcess.start(transport, environment, directory);
    resources.add(kit);
    return kit;
  }
}
