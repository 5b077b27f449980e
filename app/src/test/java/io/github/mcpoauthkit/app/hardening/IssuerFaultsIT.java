package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.mcpoauthkit.app.hardening.ForgeryIssuer.Endpoint;
import io.github.mcpoauthkit.app.hardening.Traffic.Signed;
import io.github.mcpoauthkit.app.hardening.Traffic.Tally;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * loopback ({@link ForgeryIssuer}) that the test stops, restarts on the same port, rotates keys on,
 * and makes misbehave.
 *
 * <p>At startup, an unreachable or misbehaving issuer must stop the server with exit status 1, a
 * message that names what failed and what to check, in the time its fetches may take (each bounded
 * by the connect plus the read timeout) plus a JVM's start, and without reading an oversized answer
 * whole. This runs the artifact only: the server fails before any transport starts.
 *
 * <p>Once running, on both transports (the packaged one as the artifact, the other as {@code Main}
 * on the test classpath): an outage of the issuer loses no request whose key the server holds, a
 * new key is answered 503 until the issuer is back and then accepted without a restart, and key
 * rotations under load fail no request whose key was published when it was sent.
 *
 * <p>Running servers use settings that make refreshes happen within a test's time: keys cached for
 * 20 s and refreshed in the background 1 s ahead (Nimbus schedules that refresh at the time to live
 * minus the refresh-ahead time minus its 15 s refresh timeout, so 4 s after each fetch), and a 1 s
 * rate-limit window. Every request verifies its token (the verified-token cache is off), and the
 * server is stateless, so that thousands of requests open no sessions.
 *
 * <p>With the default settings the same happens more slowly: known keys keep working through an
 * outage of up to {@code OAUTH_JWKS_OUTAGE_TOLERANCE} (1 h); a token under a new kid is answered
 * 503 with {@code Retry-After: 10} while the issuer is down, and accepted by its first request once
 * the issuer is back and the 30 s rate-limit window ({@code OAUTH_JWKS_RATE_LIMIT}) of the failed
 * attempts has passed (sooner if the background refresh, every 4 min 15 s, comes first).
 */
class IssuerFaultsIT {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /**
   * The connect timeout of the rows where nothing listens: the refusal is the kernel's at once, but
   * the JDK client learns of it on its selector thread, which a machine at a load of 17-20 on two
   * cores left unscheduled for over a second ("connect timed out" instead of "connection refused").
   */
  private static final Duration PATIENT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The read timeout of the rows that time out on the first fetch, discovery. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  /**
   * The read timeout of the rows that time out on the JWKS: discovery must succeed first, which on
   * a loaded machine can take longer than 1 s.
   */
  private static final Duration JWKS_READ_TIMEOUT = Duration.ofSeconds(3);

  /**
   * The read timeout of the rows that do not time out (connection refused, a bad answer): a fetch
   * that a loaded machine makes slow must still fail on its content, not on time.
   */
  private static final Duration PATIENT_READ_TIMEOUT = Duration.ofSeconds(10);

  /**
   * A JVM's start on a busy machine (one took 28 s at a load of 17-20 on two cores), on top of the
   * fetches' own time limits; a server that waited for a silent issuer instead would take 5
   * minutes.
   */
  private static final Duration JVM_MARGIN = Duration.ofSeconds(45);

  /** How long a kit may take to listen; a wait, not a bound under test. */
  private static final Duration STARTUP = Duration.ofSeconds(120);

  private static final String AUDIENCE_PATH = "/mcp";
  private static final int CLIENTS = 6;

  private static final RSAKey KEY_A = rsa("key-a");
  private static final RSAKey KEY_B = rsa("key-b");
  private static final RSAKey KEY_C = rsa("key-c");

  @TempDir Path directory;

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable resource : resources.reversed()) {
      resource.close();
    }
  }

  static Stream<String> transports() {
    return Stream.of("helidon", "undertow");
  }

  // ---------------------------------------------------------------- 1. down at start

  @Test
  void an_unreachable_issuer_stops_startup_within_the_timeout_saying_what_to_check()
      throws Exception {
    String issuer = "http://127.0.0.1:" + ServerProcesses.freePort() + ForgeryIssuer.REALM;

    Failure failure = startupFails(issuer, PATIENT_CONNECT_TIMEOUT, READ_TIMEOUT, 1);

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
    URI jwks = URI.create("http://127.0.0.1:" + ServerProcesses.freePort() + "/jwks");
    issuer.advertiseJwksUri(jwks);

    Failure failure =
        startupFails(issuer.issuer(), PATIENT_CONNECT_TIMEOUT, PATIENT_READ_TIMEOUT, 2);

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
   * @param readTimeout the server's read timeout: {@link #READ_TIMEOUT} or {@link
   *     #JWKS_READ_TIMEOUT} where it is what fails, {@link #PATIENT_READ_TIMEOUT} elsewhere
   * @param fetches how many fetches the server makes, each bounded by the connect plus the read
   *     timeout: discovery is fetched once, the JWKS once and retried once
   * @param expected what standard error must say, given the issuer
   * @param check anything else to check afterwards
   */
  record StartupFault(
      Consumer<ForgeryIssuer> setup,
      Duration readTimeout,
      int fetches,
      Function<ForgeryIssuer, List<String>> expected,
      Consumer<ForgeryIssuer> check) {}

  static Stream<Arguments> startupFaults() {
    long gibibyte = 1L << 30;
    return Stream.of(
        fault(
            "discovery answers nothing",
            issuer -> issuer.silent(Endpoint.DISCOVERY),
            READ_TIMEOUT,
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
            JWKS_READ_TIMEOUT,
            2,
            issuer ->
                List.of(
                    jwksFailure(issuer),
                    "read timed out after",
                    "no complete response within readTimeout 3 s")),
        fault(
            "discovery trickles",
            issuer -> issuer.trickle(Endpoint.DISCOVERY),
            READ_TIMEOUT,
            1,
            issuer ->
                List.of(
                    discoveryFailure(issuer),
                    "the body was still arriving when connectTimeout + readTimeout (1 s + 1 s) ran"
                        + " out")),
        fault(
            "JWKS trickles",
            issuer -> issuer.trickle(Endpoint.JWKS),
            JWKS_READ_TIMEOUT,
            2,
            issuer ->
                List.of(
                    jwksFailure(issuer),
                    "the body was still arriving when connectTimeout + readTimeout (1 s + 3 s) ran"
                        + " out")),
        fault(
            "discovery answers a login page",
            issuer -> issuer.garbage(Endpoint.DISCOVERY, "<html><body>Sign in</body></html>"),
            PATIENT_READ_TIMEOUT,
            1,
            issuer ->
                List.of(
                    discoveryFailure(issuer),
                    "the response is not JSON; it begins: \"<html><body>Sign in",
                    "the URL reaches the authorization server itself, not a login page")),
        fault(
            "JWKS answers a login page",
            issuer -> issuer.garbage(Endpoint.JWKS, "<html><body>Sign in</body></html>"),
            PATIENT_READ_TIMEOUT,
            2,
            issuer -> List.of(jwksFailure(issuer), "Unable to parse JWK set")),
        fault(
            "discovery streams 1 GiB",
            issuer -> issuer.endless(Endpoint.DISCOVERY, gibibyte),
            PATIENT_READ_TIMEOUT,
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
            PATIENT_READ_TIMEOUT,
            2,
            issuer ->
                List.of(
                    jwksFailure(issuer), "response larger than 524288 bytes (maxResponseBytes)"),
            IssuerFaultsIT::streamedLittle),
        fault(
            "discovery redirects",
            issuer -> issuer.redirect(Endpoint.DISCOVERY, moved(issuer, Endpoint.DISCOVERY)),
            PATIENT_READ_TIMEOUT,
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
            PATIENT_READ_TIMEOUT,
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
      Duration readTimeout,
      int fetches,
      Function<ForgeryIssuer, List<String>> expected) {
    return fault(name, setup, readTimeout, fetches, expected, issuer -> {});
  }

  private static Arguments fault(
      String name,
      Consumer<ForgeryIssuer> setup,
      Duration readTimeout,
      int fetches,
      Function<ForgeryIssuer, List<String>> expected,
      Consumer<ForgeryIssuer> check) {
    return Arguments.of(
        Named.of(name, new StartupFault(setup, readTimeout, fetches, expected, check)));
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

    Failure failure =
        startupFails(issuer.issuer(), CONNECT_TIMEOUT, fault.readTimeout(), fault.fetches());

    assertThat(failure.stderr()).contains(fault.expected().apply(issuer)).contains("\nCheck:\n");
    fault.check().accept(issuer);
  }

  private record Failure(int exitStatus, Duration elapsed, String stderr) {}

  /**
   * Starts the artifact against {@code issuer}, which must stop it: exit status 1, within the time
   * its fetches may take plus a JVM's start.
   */
  private Failure startupFails(
      String issuer, Duration connectTimeout, Duration readTimeout, int fetches) throws Exception {
    Duration bound = connectTimeout.plus(readTimeout).multipliedBy(fetches + 1L).plus(JVM_MARGIN);
    int port = ServerProcesses.freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("OAUTH_ISSUER_URL", issuer);
    environment.put("OAUTH_AUDIENCE", "http://localhost:" + port + AUDIENCE_PATH);
    environment.put("PORT", Integer.toString(port));
    environment.put("OAUTH_HTTP_CONNECT_TIMEOUT", connectTimeout.toMillis() + "ms");
    environment.put("OAUTH_HTTP_READ_TIMEOUT", readTimeout.toMillis() + "ms");
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

  // ---------------------------------------------------------------- 2. down after start

  @ParameterizedTest
  @MethodSource("transports")
  void while_the_issuer_is_down_known_keys_pass_a_new_key_is_503_and_it_recovers_without_restart(
      String transport) throws Exception {
    ForgeryIssuer issuer = issuer(KEY_A);
    Running kit = running(transport, issuer);
    Traffic traffic = traffic(kit, issuer, KEY_A);
    Thread.sleep(500);

    long dueBeforeOutage = traffic.due();
    issuer.stop();
    long down = System.nanoTime();
    String failedFetch = awaitFailedKeyFetch(kit, Duration.ofSeconds(15));
    while (traffic.due() - dueBeforeOutage < 300) {
      assertThat(Duration.ofNanos(System.nanoTime() - down))
          .as("300 requests while the issuer is down")
          .isLessThan(Duration.ofSeconds(30));
      Thread.sleep(50);
    }

    String newKid = issuer.token(KEY_B, kit.resource());
    KeepAliveConnection.Response unavailable = send(kit, newKid);
    assertThat(unavailable.status()).as(unavailable.body()).isEqualTo(503);
    assertThat(unavailable.header("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
    assertThat(unavailable.body()).contains("\"error\":\"temporarily_unavailable\"");
    assertThat(unavailable.header("WWW-Authenticate")).isEmpty();

    long dueWhileDown = traffic.due() - dueBeforeOutage;
    issuer.publish(KEY_B);
    issuer.restart();
    long up = System.nanoTime();
    Set<Integer> whileRecovering = new LinkedHashSet<>();
    int status;
    while ((status = send(kit, newKid).status()) != 200) {
      whileRecovering.add(status);
      assertThat(Duration.ofNanos(System.nanoTime() - up))
          .as("the new key is accepted within 10 s of the issuer's return")
          .isLessThan(Duration.ofSeconds(10));
      Thread.sleep(100);
    }
    Duration recovery = Duration.ofNanos(System.nanoTime() - up);
    Thread.sleep(500);
    Tally tally = traffic.stop();

    System.out.printf(
        "outage (%s): issuer down %d ms; failed fetch seen: %s; %s; %d of them while down;"
            + " new kid while down: 503 Retry-After %s; accepted %d ms after the issuer's return"
            + " (before that: %s)%n",
        transport,
        (up - down) / 1_000_000,
        failedFetch,
        tally,
        dueWhileDown,
        unavailable.header("Retry-After").orElse("-"),
        recovery.toMillis(),
        whileRecovering);
    assertThat(whileRecovering).as("only 503 while recovering, never 401").isSubsetOf(503);
    assertThat(tally.failures()).isEmpty();
    assertThat(tally.failed()).isZero();
    assertThat(tally.passedByEra()).containsOnlyKeys(Traffic.LEGACY, Traffic.MODERN);
    assertThat(dueWhileDown).as("requests while the issuer was down").isGreaterThanOrEqualTo(300);
    assertThat(kit.process().isAlive()).isTrue();
  }

  /** Waits for {@code /health/ready} to report a failed JWKS fetch; returns the failure. */
  private String awaitFailedKeyFetch(Running kit, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      KeepAliveConnection.Response ready;
      try (KeepAliveConnection connection = Traffic.connection(kit.port())) {
        ready = connection.get("/health/ready", Map.of());
      }
      assertThat(ready.status()).as(ready.body()).isEqualTo(200);
      if (ready.body().contains("\"lastJwksFetch\"")) {
        return ready.body();
      }
      assertThat(System.nanoTime())
          .as("a background refresh fails within %s of the outage", timeout)
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  // ---------------------------------------------------------------- 3. rotation under load

  @ParameterizedTest
  @MethodSource("transports")
  void key_rotation_under_load_fails_no_request_whose_key_was_published(String transport)
      throws Exception {
    ForgeryIssuer issuer = issuer(KEY_A);
    // As a distant issuer's: a fetch is in flight long enough for the keys to change meanwhile.
    issuer.jwksLatency(Duration.ofMillis(300));
    Running kit = running(transport, issuer);
    Traffic traffic = traffic(kit, issuer, KEY_A);
    Thread.sleep(1000);

    // The gentle rotation: B published alongside A; tokens switch to B later; then A goes.
    issuer.publish(KEY_B);
    Thread.sleep(1500);
    awaitPassed(traffic, KEY_A);
    traffic.use(signed(issuer, kit, KEY_B));
    Thread.sleep(1000);
    awaitPassed(traffic, KEY_B);
    issuer.withdraw(KEY_A);
    long withdrawnA = System.nanoTime();
    Thread.sleep(1000);

    // The abrupt one: C is published and signs at once, while the server fetches the old set.
    int fetches = issuer.jwksRequests();
    long waitForFetch = System.nanoTime();
    while (issuer.jwksRequests() == fetches) {
      assertThat(Duration.ofNanos(System.nanoTime() - waitForFetch))
          .as("the server refreshes its keys in the background")
          .isLessThan(Duration.ofSeconds(15));
      Thread.sleep(5);
    }
    issuer.publish(KEY_C);
    traffic.use(signed(issuer, kit, KEY_C));
    Thread.sleep(1500);
    awaitPassed(traffic, KEY_C);
    issuer.withdraw(KEY_B);
    Thread.sleep(1000);

    String oldToken = issuer.token(KEY_A, kit.resource());
    KeepAliveConnection.Response withdrawn = send(kit, oldToken);
    Duration refusedAfter = Duration.ofNanos(System.nanoTime() - withdrawnA);
    Tally tally = traffic.stop();

    System.out.printf(
        "rotation (%s): %s; %d not judged (key withdrawn when sent); first request after the"
            + " rotations with withdrawn key A: %d, %d ms after A was withdrawn%n",
        transport, tally, tally.notDue(), withdrawn.status(), refusedAfter.toMillis());
    assertThat(tally.failures()).isEmpty();
    assertThat(tally.failed()).isZero();
    assertThat(tally.passedByEra()).containsOnlyKeys(Traffic.LEGACY, Traffic.MODERN);
    for (RSAKey key : List.of(KEY_A, KEY_B, KEY_C)) {
      assertThat(tally.passed(key.getKeyID())).as(key.getKeyID()).isGreaterThanOrEqualTo(20);
    }
    assertThat(withdrawn.status())
        .as("the server noticed A's withdrawal: " + withdrawn.body())
        .isEqualTo(401);
    assertThat(withdrawn.header("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
  }

  /**
   * Waits until 20 requests signed by {@code key} passed, so that a machine too loaded to send them
   * in the test's pauses does not leave a key untested; a server that refuses them fails here.
   */
  private static void awaitPassed(Traffic traffic, RSAKey key) throws InterruptedException {
    long start = System.nanoTime();
    while (traffic.passed(key.getKeyID()) < 20) {
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("20 requests signed by %s pass", key.getKeyID())
          .isLessThan(Duration.ofSeconds(30));
      Thread.sleep(20);
    }
  }

  // ---------------------------------------------------------------- fixtures

  private record Running(KitProcess process, int port) {
    String resource() {
      return "http://localhost:" + port + AUDIENCE_PATH;
    }
  }

  private ForgeryIssuer issuer(RSAKey... keys) {
    ForgeryIssuer issuer = new ForgeryIssuer(List.of(keys));
    resources.add(issuer);
    return issuer;
  }

  private KitProcess process(String transport, Map<String, String> environment) {
    KitProcess kit = KitProcess.start(transport, environment, directory);
    resources.add(kit);
    return kit;
  }

  private Running running(String transport, ForgeryIssuer issuer) throws Exception {
    int port = ServerProcesses.freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("OAUTH_ISSUER_URL", issuer.issuer());
    environment.put("OAUTH_AUDIENCE", "http://localhost:" + port + AUDIENCE_PATH);
    environment.put("PORT", Integer.toString(port));
    environment.put("MCP_STATELESS", "true");
    environment.put("OAUTH_TOKEN_CACHE_SIZE", "0");
    environment.put("OAUTH_JWKS_CACHE_TTL", "20s");
    environment.put("OAUTH_JWKS_REFRESH_AHEAD", "1s");
    environment.put("OAUTH_JWKS_RATE_LIMIT", "1s");
    // No test here times a fetch out (a stopped issuer refuses at once): on a loaded machine the
    // fetches at startup and after the issuer's return must not fail on time instead.
    environment.put("OAUTH_HTTP_CONNECT_TIMEOUT", "5s");
    environment.put("OAUTH_HTTP_READ_TIMEOUT", "5s");
    KitProcess kit = process(transport, environment);
    kit.awaitListening(port, STARTUP);
    assertThat(kit.stderr()).contains("(" + transport + ", stateless)");
    return new Running(kit, port);
  }

  private Traffic traffic(Running kit, ForgeryIssuer issuer, RSAKey first) {
    Traffic traffic =
        new Traffic(kit.port(), CLIENTS, signed(issuer, kit, first), issuer::publishes);
    resources.add(traffic);
    return traffic;
  }

  private static Signed signed(ForgeryIssuer issuer, Running kit, RSAKey key) {
    return new Signed(key.getKeyID(), issuer.token(key, kit.resource()));
  }

  /** One MCP 2025-06-18 {@code initialize} with {@code token}, on a connection of its own. */
  private static KeepAliveConnection.Response send(Running kit, String token) throws IOException {
    try (KeepAliveConnection connection = Traffic.connection(kit.port())) {
      return Traffic.send(connection, false, token);
    }
  }

  private static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
