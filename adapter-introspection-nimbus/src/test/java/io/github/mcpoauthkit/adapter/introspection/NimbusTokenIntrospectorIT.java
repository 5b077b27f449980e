package io.github.mcpoauthkit.adapter.introspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.port.driven.IntrospectionResult;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NimbusTokenIntrospector} against a loopback endpoint that misbehaves in every way the
 * issue lists: each failure is unavailable (never active), within the time and size limits, and the
 * client authentication arrives as RFC 6749 and RFC 7523 say.
 */
class NimbusTokenIntrospectorIT {

  private static final BearerToken TOKEN = new BearerToken("opaque-token-value");

  /** Generous, so that answers arriving on a loaded machine are never mistaken for timeouts. */
  private static final IntrospectionHttpSettings SETTINGS =
      new IntrospectionHttpSettings(Duration.ofSeconds(5), 64 * 1024, false);

  /** For the endpoints too slow on purpose: they take 10 s where this allows 500 ms. */
  private static final IntrospectionHttpSettings SHORT_TIMEOUT =
      new IntrospectionHttpSettings(Duration.ofMillis(500), 64 * 1024, false);

  private static final IntrospectionClientAuth BASIC =
      IntrospectionClientAuth.clientSecretBasic("rs-client", "s3cret:with/odd chars");

  private final LoopbackEndpoint endpoint = new LoopbackEndpoint();

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private IntrospectionResult introspect(String path) {
    return introspect(path, BASIC);
  }

  private IntrospectionResult introspect(String path, IntrospectionClientAuth auth) {
    return NimbusTokenIntrospector.create(endpoint.uri(path), auth, SETTINGS, Clock.systemUTC())
        .introspect(TOKEN);
  }

  private IntrospectionResult introspectWithShortTimeout(String path) {
    return NimbusTokenIntrospector.create(
            endpoint.uri(path), BASIC, SHORT_TIMEOUT, Clock.systemUTC())
        .introspect(TOKEN);
  }

  private static IntrospectionResult.Reason unavailable(IntrospectionResult result) {
    assertThat(result).isInstanceOf(IntrospectionResult.Unavailable.class);
    return ((IntrospectionResult.Unavailable) result).reason();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      String[] parts = pair.split("=", 2);
      form.put(
          URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
    }
    return form;
  }

  // --- answers -----------------------------------------------------------------------------------

  @Test
  void an_active_answer_is_active_with_every_member() {
    endpoint.json(
        "/introspect",
        200,
        "{\"active\":true,\"sub\":\"user-1\",\"exp\":4102444800,\"aud\":[\"a\",\"b\"],"
            + "\"cnf\":{\"jkt\":\"x\"},\"scope\":\"read write\",\"ext\":null}");

    IntrospectionResult result = introspect("/introspect");

    assertThat(result).isInstanceOf(IntrospectionResult.Active.class);
    Map<String, Object> response = ((IntrospectionResult.Active) result).response();
    assertThat(response)
        .containsEntry("active", true)
        .containsEntry("sub", "user-1")
        .containsEntry("scope", "read write")
        .containsEntry("cnf", Map.of("jkt", "x"))
        .containsEntry("ext", null);
    assertThat(((Number) response.get("exp")).longValue()).isEqualTo(4102444800L);
    assertThat(response.get("aud")).isEqualTo(java.util.List.of("a", "b"));
  }

  @Test
  void an_inactive_answer_is_inactive() {
    endpoint.json("/introspect", 200, "{\"active\":false}");

    assertThat(introspect("/introspect")).isInstanceOf(IntrospectionResult.Inactive.class);
  }

  @Test
  void unsupported_token_type_is_inactive() {
    endpoint.json("/introspect", 400, "{\"error\":\"unsupported_token_type\"}");

    assertThat(introspect("/introspect")).isInstanceOf(IntrospectionResult.Inactive.class);
  }

  // --- faults ------------------------------------------------------------------------------------

  @Test
  void a_500_is_unavailable() {
    endpoint.route(
        "/introspect", exchange -> LoopbackEndpoint.send(exchange, 500, "text/plain", "oops"));

    assertThat(unavailable(introspect("/introspect")))
        .isEqualTo(IntrospectionResult.Reason.ERROR_RESPONSE);
  }

  @Test
  void invalid_client_is_unavailable_not_inactive() {
    endpoint.json("/introspect", 401, "{\"error\":\"invalid_client\"}");

    assertThat(unavailable(introspect("/introspect")))
        .isEqualTo(IntrospectionResult.Reason.ERROR_RESPONSE);
  }

  @Test
  void the_endpoints_retry_after_is_kept_within_a_minute() {
    endpoint.route(
        "/busy",
        exchange -> {
          exchange.getResponseHeaders().set("Retry-After", "30");
          LoopbackEndpoint.send(exchange, 503, "text/plain", "busy");
        });
    endpoint.route(
        "/very-busy",
        exchange -> {
          exchange.getResponseHeaders().set("Retry-After", "86400");
          LoopbackEndpoint.send(exchange, 429, "application/json", "{\"error\":\"slow_down\"}");
        });

    assertThat(((IntrospectionResult.Unavailable) introspect("/busy")).retryAfter())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(((IntrospectionResult.Unavailable) introspect("/very-busy")).retryAfter())
        .isEqualTo(Duration.ofSeconds(60));
    endpoint.json("/plain-500", 500, "{}");
    assertThat(((IntrospectionResult.Unavailable) introspect("/plain-500")).retryAfter())
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void an_endpoint_slower_than_the_timeout_is_unavailable_in_about_the_timeout() {
    endpoint.route(
        "/introspect",
        exchange -> {
          Thread.sleep(10_000);
          LoopbackEndpoint.send(exchange, 200, "application/json", "{\"active\":true}");
        });

    long start = System.nanoTime();
    IntrospectionResult result = introspectWithShortTimeout("/introspect");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(unavailable(result)).isEqualTo(IntrospectionResult.Reason.TIMEOUT);
    assertThat(took).isLessThan(Duration.ofMillis(4_000));
  }

  @Test
  void a_body_that_trickles_in_past_the_timeout_is_unavailable() {
    endpoint.route(
        "/introspect",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write("{\"active\":true,".getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (int i = 0; i < 100; i++) {
              Thread.sleep(100);
              out.write(' ');
              out.flush();
            }
          }
        });

    long start = System.nanoTime();
    IntrospectionResult result = introspectWithShortTimeout("/introspect");

    assertThat(unavailable(result)).isEqualTo(IntrospectionResult.Reason.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4_000));
  }

  @Test
  void a_10_mb_body_is_cut_at_the_cap() {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) ' ');
    endpoint.route(
        "/introspect",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          // Chunked, no Content-Length: the cap must hold while reading, not only up front.
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write('{');
            for (int i = 0; i < 160; i++) {
              out.write(chunk);
            }
            out.write("\"active\":true}".getBytes(StandardCharsets.UTF_8));
          }
        });

    IntrospectionResult result = introspect("/introspect");

    assertThat(unavailable(result)).isEqualTo(IntrospectionResult.Reason.OVERSIZED);
  }

  @Test
  void a_declared_10_mb_body_is_refused_before_it_is_read() {
    endpoint.route(
        "/introspect",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 10L * 1024 * 1024);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(new byte[10 * 1024 * 1024]);
          }
        });

    assertThat(unavailable(introspect("/introspect")))
        .isEqualTo(IntrospectionResult.Reason.OVERSIZED);
  }

  @Test
  void an_html_page_is_malformed() {
    endpoint.route(
        "/introspect",
        exchange ->
            LoopbackEndpoint.send(
                exchange, 200, "text/html", "<html><body>{\"active\":true}</body></html>"));

    assertThat(unavailable(introspect("/introspect")))
        .isEqualTo(IntrospectionResult.Reason.MALFORMED_RESPONSE);
  }

  @Test
  void json_that_is_no_object_or_has_no_boolean_active_is_malformed() {
    endpoint.json("/array", 200, "[{\"active\":true}]");
    endpoint.json("/string", 200, "\"active\"");
    endpoint.json("/no-active", 200, "{\"sub\":\"user-1\"}");
    endpoint.json("/string-active", 200, "{\"active\":\"true\"}");
    endpoint.json("/truncated", 200, "{\"active\":tr");

    for (String path :
        java.util.List.of("/array", "/string", "/no-active", "/string-active", "/truncated")) {
      assertThat(unavailable(introspect(path)))
          .as(path)
          .isEqualTo(IntrospectionResult.Reason.MALFORMED_RESPONSE);
    }
  }

  @Test
  void a_redirect_is_not_followed() {
    endpoint.json("/elsewhere", 200, "{\"active\":true,\"sub\":\"x\"}");
    endpoint.route(
        "/introspect",
        exchange -> {
          exchange.getResponseHeaders().set("Location", endpoint.uri("/elsewhere").toString());
          LoopbackEndpoint.send(exchange, 307, "text/plain", "");
        });

    assertThat(unavailable(introspect("/introspect")))
        .isEqualTo(IntrospectionResult.Reason.ERROR_RESPONSE);
    assertThat(endpoint.seen()).extracting(LoopbackEndpoint.Seen::path).containsOnly("/introspect");
  }

  @Test
  void a_closed_port_is_unreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    NimbusTokenIntrospector introspector =
        NimbusTokenIntrospector.create(
            URI.create("http://127.0.0.1:" + port + "/introspect"),
            BASIC,
            SETTINGS,
            Clock.systemUTC());

    assertThat(unavailable(introspector.introspect(TOKEN)))
        .isEqualTo(IntrospectionResult.Reason.UNREACHABLE);
  }

  // --- the request -------------------------------------------------------------------------------

  @Test
  void client_secret_basic_sends_the_credentials_in_the_header_and_the_token_in_the_form() {
    endpoint.json("/introspect", 200, "{\"active\":false}");

    introspect("/introspect", BASIC);

    LoopbackEndpoint.Seen request = endpoint.seen().get(0);
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    "rs-client:s3cret%3Awith%2Fodd+chars".getBytes(StandardCharsets.UTF_8));
    assertThat(request.header("Authorization")).isEqualTo(expected);
    assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(request.header("Accept")).isEqualTo("application/json");
    assertThat(form(request.body()))
        .containsEntry("token", TOKEN.value())
        .containsEntry("token_type_hint", "access_token")
        .doesNotContainKeys("client_id", "client_secret");
  }

  @Test
  void client_secret_post_sends_the_credentials_in_the_form() {
    endpoint.json("/introspect", 200, "{\"active\":false}");

    introspect("/introspect", IntrospectionClientAuth.clientSecretPost("rs-client", "s3cret"));

    LoopbackEndpoint.Seen request = endpoint.seen().get(0);
    assertThat(request.header("Authorization")).isNull();
    assertThat(form(request.body()))
        .containsEntry("token", TOKEN.value())
        .containsEntry("client_id", "rs-client")
        .containsEntry("client_secret", "s3cret");
  }

  @Test
  void private_key_jwt_sends_a_fresh_signed_assertion_for_each_call() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair key = generator.generateKeyPair();
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    URI issuer = URI.create("https://issuer.example");
    IntrospectionClientAuth auth =
        IntrospectionClientAuth.privateKeyJwt(
            "rs-client", key.getPrivate(), "ES256", Optional.of("key-1"), issuer);
    NimbusTokenIntrospector introspector =
        NimbusTokenIntrospector.create(
            endpoint.uri("/introspect"), auth, SETTINGS, Clock.fixed(now, ZoneOffset.UTC));
    endpoint.json("/introspect", 200, "{\"active\":false}");

    introspector.introspect(TOKEN);
    introspector.introspect(TOKEN);

    JWSVerifier verifier = new ECDSAVerifier((ECPublicKey) key.getPublic());
    String[] jtis = new String[2];
    for (int i = 0; i < 2; i++) {
      Map<String, String> form = form(endpoint.seen().get(i).body());
      assertThat(form)
          .containsEntry("token", TOKEN.value())
          .containsEntry(
              "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
          .doesNotContainKey("client_secret");
      SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
      assertThat(assertion.verify(verifier)).isTrue();
      assertThat(assertion.getHeader().getKeyID()).isEqualTo("key-1");
      JWTClaimsSet claims = assertion.getJWTClaimsSet();
      assertThat(claims.getIssuer()).isEqualTo("rs-client");
      assertThat(claims.getSubject()).isEqualTo("rs-client");
      assertThat(claims.getAudience()).containsExactly(issuer.toString());
      assertThat(claims.getIssueTime().toInstant()).isEqualTo(now);
      assertThat(claims.getExpirationTime().toInstant()).isEqualTo(now.plusSeconds(60));
      jtis[i] = claims.getJWTID();
    }
    assertThat(jtis[0]).isNotBlank().isNotEqualTo(jtis[1]);
  }

  @Test
  void a_key_that_cannot_sign_with_the_algorithm_fails_at_construction() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair key = generator.generateKeyPair();

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                IntrospectionClientAuth.privateKeyJwt(
                    "rs-client",
                    key.getPrivate(),
                    "RS256",
                    Optional.empty(),
                    URI.create("https://issuer.example")));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                IntrospectionClientAuth.privateKeyJwt(
                    "rs-client",
                    key.getPrivate(),
                    "HS256",
                    Optional.empty(),
                    URI.create("https://issuer.example")));
  }

  @Test
  void neither_the_secret_nor_the_key_shows_in_descriptions() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    IntrospectionClientAuth keyAuth =
        IntrospectionClientAuth.privateKeyJwt(
            "rs-client",
            generator.generateKeyPair().getPrivate(),
            "ES256",
            Optional.empty(),
            URI.create("https://issuer.example"));
    NimbusTokenIntrospector introspector =
        NimbusTokenIntrospector.create(
            endpoint.uri("/introspect"), BASIC, SETTINGS, Clock.systemUTC());

    assertThat(BASIC.toString()).contains("rs-client").doesNotContain("s3cret");
    assertThat(introspector.toString()).doesNotContain("s3cret");
    assertThat(keyAuth.toString()).contains("private_key_jwt").contains("redacted");
    assertThat(IntrospectionClientAuth.clientSecretPost("c", "hunter2").toString())
        .doesNotContain("hunter2");
  }

  // --- configuration -----------------------------------------------------------------------------

  @Test
  void plain_http_beyond_loopback_is_refused_unless_allowed() {
    URI remote = URI.create("http://issuer.example/introspect");

    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> NimbusTokenIntrospector.create(remote, BASIC, SETTINGS, Clock.systemUTC()))
        .withMessageContaining("https is required");
    NimbusTokenIntrospector allowed =
        NimbusTokenIntrospector.create(
            remote,
            BASIC,
            new IntrospectionHttpSettings(Duration.ofSeconds(1), 1024, true),
            Clock.systemUTC());
    assertThat(allowed.endpoint()).isEqualTo(remote);
    NimbusTokenIntrospector.create(
        URI.create("https://issuer.example/introspect"), BASIC, SETTINGS, Clock.systemUTC());
    NimbusTokenIntrospector.create(
        URI.create("http://[::1]:8080/introspect"), BASIC, SETTINGS, Clock.systemUTC());
  }

  @Test
  void urls_that_are_not_http_are_refused() {
    for (String url :
        java.util.List.of(
            "ftp://issuer.example/x", "issuer.example/x", "https://issuer.example/x#frag")) {
      assertThatIllegalArgumentException()
          .as(url)
          .isThrownBy(
              () ->
                  NimbusTokenIntrospector.create(
                      URI.create(url), BASIC, SETTINGS, Clock.systemUTC()));
    }
  }

  @Test
  void client_auth_methods_parse_by_their_registered_names() {
    assertThat(IntrospectionClientAuth.Method.parse("client_secret_basic"))
        .isEqualTo(IntrospectionClientAuth.Method.CLIENT_SECRET_BASIC);
    assertThat(IntrospectionClientAuth.Method.parse(" Private_Key_JWT "))
        .isEqualTo(IntrospectionClientAuth.Method.PRIVATE_KEY_JWT);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IntrospectionClientAuth.Method.parse("tls_client_auth"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IntrospectionClientAuth.clientSecretBasic("rs-client", " "));
  }
}
