package io.github.mcpoauthkit.adapter.nimbus;

import static io.github.mcpoauthkit.adapter.nimbus.LoopbackHttpServer.discoveryDocument;
import static io.github.mcpoauthkit.adapter.nimbus.LoopbackHttpServer.discoveryDocumentWithout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.port.driven.IssuerMetadataException;
import io.github.mcpoauthkit.port.driven.IssuerMetadataSource;
import io.github.mcpoauthkit.port.driven.IssuerMetadataSourceContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The port contract against real HTTP, and what an operator sees when discovery goes wrong.
 *
 * <p>The contract configures all its sources with one issuer, so each test instance reserves a free
 * loopback port for that issuer and starts on it only what the test needs: mock-oauth2-server for
 * the healthy issuer, a JDK HttpServer naming another issuer, or nothing for the unreachable one.
 */
class NimbusIssuerMetadataSourceIT implements IssuerMetadataSourceContract {

  private static final String OIDC = "/.well-known/openid-configuration";
  private static final String RFC8414 = "/.well-known/oauth-authorization-server";
  private static final HttpSettings FAST =
      new HttpSettings(Duration.ofSeconds(2), Duration.ofMillis(300), 64 * 1024, false);

  private final int reservedPort = freeLoopbackPort();
  private final Issuer contractIssuer = new Issuer("http://localhost:" + reservedPort + "/default");
  private MockOAuth2Server oauthServer;
  private LoopbackHttpServer contractServer;
  private final LoopbackHttpServer server = LoopbackHttpServer.start();

  @AfterEach
  void stopServers() {
    server.close();
    if (contractServer != null) {
      contractServer.close();
    }
    if (oauthServer != null) {
      oauthServer.shutdown();
    }
  }

  // --- the contract ---

  @Override
  public Issuer configuredIssuer() {
    return contractIssuer;
  }

  @Override
  public IssuerMetadataSource healthySource() {
    oauthServer = new MockOAuth2Server();
    oauthServer.start(reservedPort);
    assertThat(oauthServer.issuerUrl("default").toString()).isEqualTo(contractIssuer.value());
    return new NimbusIssuerMetadataSource(contractIssuer, HttpSettings.DEFAULTS);
  }

  @Override
  public IssuerMetadataSource sourceWhoseDocumentNamesAnotherIssuer() {
    contractServer =
        LoopbackHttpServer.start(reservedPort)
            .json(
                "/default" + OIDC,
                discoveryDocument("http://localhost:" + reservedPort + "/someone-else"));
    return new NimbusIssuerMetadataSource(contractIssuer, HttpSettings.DEFAULTS);
  }

  @Override
  public IssuerMetadataSource unreachableSource() {
    return new NimbusIssuerMetadataSource(contractIssuer, HttpSettings.DEFAULTS);
  }

  // --- what the contract leaves open ---

  @Test
  void a_healthy_issuer_yields_everything_it_publishes() {
    String issuer = server.origin();
    server.json(OIDC, discoveryDocument(issuer));

    IssuerMetadata metadata = source(issuer).fetch();

    assertThat(metadata.issuer()).isEqualTo(new Issuer(issuer));
    assertThat(metadata.authorizationEndpoint()).isEqualTo(issuer + "/authorize");
    assertThat(metadata.tokenEndpoint()).isEqualTo(issuer + "/token");
    assertThat(metadata.jwksUri()).isEqualTo(issuer + "/jwks");
    assertThat(metadata.scopesSupported())
        .containsExactly(new Scope("openid"), new Scope("mcp:read"));
    assertThat(metadata.codeChallengeMethodsSupported()).containsExactly("S256");
    assertThat(metadata.grantTypesSupported())
        .containsExactly("authorization_code", "refresh_token");
    assertThat(metadata.document()).containsEntry("jwks_uri", issuer + "/jwks");
    assertThat(server.requests()).containsExactly(OIDC);
  }

  @Test
  void the_mock_oauth2_server_document_is_kept_whole() {
    oauthServer = new MockOAuth2Server();
    oauthServer.start();
    Issuer issuer = new Issuer(oauthServer.issuerUrl("default").toString());

    IssuerMetadata metadata = new NimbusIssuerMetadataSource(issuer, HttpSettings.DEFAULTS).fetch();

    assertThat(metadata.jwksUri()).isEqualTo(oauthServer.jwksUrl("default").toString());
    assertThat(metadata.codeChallengeMethodsSupported()).contains("S256");
    assertThat(metadata.document()).containsKey("response_types_supported");
    assertThat(metadata.document().get("response_types_supported"))
        .isInstanceOfSatisfying(
            List.class,
            list ->
                assertThatThrownBy(() -> list.clear())
                    .isInstanceOf(UnsupportedOperationException.class));
  }

  @Test
  void on_404_the_rfc_8414_document_is_used() {
    String issuer = server.origin();
    server.json(RFC8414, discoveryDocument(issuer));

    IssuerMetadata metadata = source(issuer).fetch();

    assertThat(metadata.jwksUri()).isEqualTo(issuer + "/jwks");
    assertThat(server.requests()).containsExactly(OIDC, RFC8414);
  }

  @Test
  void for_an_issuer_with_a_path_rfc_8414_inserts_the_well_known_segment_before_it() {
    String issuer = server.origin() + "/realms/x";
    server.json(RFC8414 + "/realms/x", discoveryDocument(issuer));

    IssuerMetadata metadata = source(issuer).fetch();

    assertThat(metadata.issuer().value()).isEqualTo(issuer);
    assertThat(server.requests()).containsExactly("/realms/x" + OIDC, RFC8414 + "/realms/x");
  }

  @Test
  void a_trailing_slash_on_the_issuer_is_not_doubled() {
    String issuer = server.origin() + "/realms/x/";
    server.json("/realms/x" + OIDC, discoveryDocument(issuer));

    assertThat(source(issuer).fetch().issuer().value()).isEqualTo(issuer);
    assertThat(server.requests()).containsExactly("/realms/x" + OIDC);
  }

  @Test
  void a_configured_metadata_url_is_the_only_one_read_and_its_issuer_is_still_checked() {
    String issuer = server.origin() + "/tenant/";
    String elsewhere = server.origin() + "/metadata/tenant" + OIDC;
    server.json("/metadata/tenant" + OIDC, discoveryDocument(issuer));

    IssuerMetadata metadata =
        new NimbusIssuerMetadataSource(new Issuer(issuer), URI.create(elsewhere), FAST).fetch();

    assertThat(metadata.issuer().value()).isEqualTo(issuer);
    assertThat(server.requests()).containsExactly("/metadata/tenant" + OIDC);
    assertThatThrownBy(
            () ->
                new NimbusIssuerMetadataSource(
                        new Issuer(server.origin() + "/other/"), URI.create(elsewhere), FAST)
                    .fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageContaining("issuer mismatch");
  }

  @Test
  void a_configured_metadata_url_that_answers_404_is_named_without_a_fallback() {
    String issuer = server.origin() + "/tenant/";
    String elsewhere = server.origin() + "/metadata/tenant" + OIDC;

    assertThatThrownBy(
            () ->
                new NimbusIssuerMetadataSource(new Issuer(issuer), URI.create(elsewhere), FAST)
                    .fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageStartingWith("Failed to fetch OIDC discovery document from " + elsewhere)
        .hasMessageContaining("OAUTH_ISSUER_METADATA_URL names the issuer's discovery document");
    assertThat(server.requests()).containsExactly("/metadata/tenant" + OIDC);
  }

  @Test
  void a_plain_http_metadata_url_beyond_loopback_is_refused_before_any_request() {
    assertThatThrownBy(
            () ->
                new NimbusIssuerMetadataSource(
                        new Issuer(server.origin() + "/tenant/"),
                        URI.create("http://login.example/tenant" + OIDC),
                        FAST)
                    .fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageContaining("the metadata URL");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void when_both_discovery_urls_answer_404_both_are_named() {
    String issuer = server.origin();

    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageStartingWith("Failed to fetch OIDC discovery document from " + issuer + OIDC)
        .hasMessageContaining(issuer + OIDC + " -> HTTP 404")
        .hasMessageContaining(issuer + RFC8414 + " -> HTTP 404")
        .hasMessageContaining("Check:");
  }

  @Test
  void a_server_error_is_reported_with_its_status_and_no_fallback() {
    String issuer = server.origin();
    server.status(OIDC, 500);

    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageStartingWith("Failed to fetch OIDC discovery document from " + issuer + OIDC)
        .hasMessageContaining("Cause: HTTP 500");
    assertThat(server.requests()).containsExactly(OIDC);
  }

  @Test
  void a_redirect_is_reported_with_its_target_and_not_followed() {
    String issuer = server.origin();
    String target = issuer + "/elsewhere" + OIDC;
    server.redirect(OIDC, 302, target).json("/elsewhere" + OIDC, discoveryDocument(issuer));

    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageStartingWith("Failed to fetch OIDC discovery document from " + issuer + OIDC)
        .hasMessageContaining("HTTP 302 redirect to " + target + ", not followed")
        .hasMessageContaining("redirects are not followed");
    assertThat(server.requests()).containsExactly(OIDC);
  }

  @Test
  void a_body_that_is_not_json_is_refused_with_its_beginning() {
    String issuer = server.origin();
    server.route(
        OIDC,
        exchange ->
            LoopbackHttpServer.send(
                exchange, 200, "text/html", "<html><body>Sign in</body></html>"));

    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageStartingWith("Failed to fetch OIDC discovery document from " + issuer + OIDC)
        .hasMessageContaining("the response is not JSON; it begins: \"<html><body>Sign in")
        .hasMessageContaining("not a login page");
  }

  @Test
  void a_json_array_is_refused() {
    String issuer = server.origin();
    server.json(OIDC, "[{\"issuer\":\"" + issuer + "\"}]");

    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageContaining("the response is a JSON array, not a JSON object");
  }

  @Test
  void json_null_is_refused() {
    String issuer = server.origin();
    server.json(OIDC, "null");

    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void a_missing_jwks_uri_is_named() {
    String issuer = server.origin();
    server.json(OIDC, discoveryDocumentWithout(issuer, "jwks_uri"));

    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageStartingWith("Failed to fetch OIDC discovery document from " + issuer + OIDC)
        .hasMessageContaining("\"jwks_uri\" is missing");
  }

  @Test
  void a_required_member_of_the_wrong_type_is_named() {
    String issuer = server.origin();
    server.json(OIDC, discoveryDocument(issuer, Map.of("token_endpoint", List.of("x"))));

    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageContaining("\"token_endpoint\" is not a non-empty string");
  }

  @Test
  void an_issuer_differing_only_by_a_trailing_slash_says_so() {
    String issuer = server.origin();
    server.json(OIDC, discoveryDocument(issuer + "/"));

    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageStartingWith("Failed to fetch OIDC discovery document from " + issuer + OIDC)
        .hasMessageContaining("the document's \"issuer\" is \"" + issuer + "/\"")
        .hasMessageContaining("the configured issuer is \"" + issuer + "\"")
        .hasMessageContaining("They differ only by a trailing slash.");
  }

  @Test
  void another_issuer_is_refused_with_both_values() {
    String issuer = server.origin();
    server.json(OIDC, discoveryDocument("https://impostor.example"));

    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageContaining("issuer mismatch")
        .hasMessageContaining("\"https://impostor.example\"")
        .hasMessageContaining("\"" + issuer + "\"")
        .hasMessageNotContaining("trailing slash.");
  }

  @Test
  void an_oversized_document_is_refused_without_reading_it_all() throws Exception {
    String issuer = server.origin();
    CompletableFuture<Long> written = new CompletableFuture<>();
    long tenMebibytes = 10L * 1024 * 1024;
    server.stream(OIDC, tenMebibytes, written);
    // A generous read timeout: on a loaded machine the first 64 KiB may take longer than 300 ms,
    // and this test is about the size limit, not the timeout.
    HttpSettings patient =
        new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), 64 * 1024, false);

    assertThatThrownBy(() -> new NimbusIssuerMetadataSource(new Issuer(issuer), patient).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageContaining("Cause: response larger than 65536 bytes (maxResponseBytes)");
    assertThat(written.get(10, java.util.concurrent.TimeUnit.SECONDS)).isLessThan(tenMebibytes);
  }

  @Test
  void a_slow_issuer_times_out_with_the_configured_value() {
    String issuer = server.origin();
    server.slow(OIDC, Duration.ofSeconds(10), discoveryDocument(issuer));

    long start = System.nanoTime();
    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageContaining("timed out")
        .hasMessageContaining("readTimeout 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void an_unreachable_issuer_says_connection_refused_and_what_to_check() {
    String issuer = "http://127.0.0.1:" + reservedPort;

    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageStartingWith("Failed to fetch OIDC discovery document from " + issuer + OIDC)
        .hasMessageContaining("Cause: connection refused")
        .hasMessageContaining("Configured issuer (OAUTH_ISSUER_URL): " + issuer)
        .hasMessageContaining("Check:\n  - ")
        .hasMessageContaining("OAUTH_ISSUER_URL is correct and reachable from this host")
        .hasMessageContaining("the issuer is running")
        .hasMessageContaining("trailing slash")
        .hasMessageContaining("proxy")
        .hasMessageNotContaining("\tat ");
  }

  @Test
  void plain_http_beyond_loopback_is_refused_before_any_request() {
    assertThatThrownBy(() -> source("http://issuer.example").fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageStartingWith(
            "Failed to fetch OIDC discovery document for issuer http://issuer.example")
        .hasMessageContaining("plain http")
        .hasMessageContaining("https is required");
  }

  @Test
  void an_issuer_that_is_not_a_url_is_refused() {
    assertThatThrownBy(() -> source("issuer example").fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageStartingWith("Failed to fetch OIDC discovery document for issuer issuer example")
        .hasMessageContaining("not a valid URL");
    assertThatThrownBy(() -> source("https://issuer.example?tenant=1").fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageContaining("query or fragment");
  }

  @Test
  void a_plain_http_jwks_uri_beyond_loopback_needs_allow_insecure_http() {
    String issuer = server.origin();
    server.json(OIDC, discoveryDocument(issuer, Map.of("jwks_uri", "http://keys.example/jwks")));

    assertThatThrownBy(() -> source(issuer).fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageContaining("jwks_uri \"http://keys.example/jwks\" uses plain http");

    HttpSettings insecure =
        new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), 64 * 1024, true);
    assertThat(new NimbusIssuerMetadataSource(new Issuer(issuer), insecure).fetch().jwksUri())
        .isEqualTo("http://keys.example/jwks");
  }

  @Test
  void optional_members_of_the_wrong_shape_are_dropped() {
    String issuer = server.origin();
    server.json(
        OIDC,
        discoveryDocument(
            issuer,
            Map.of(
                "scopes_supported", List.of("openid", "has space", 42, "mcp:write"),
                "code_challenge_methods_supported", "S256",
                "grant_types_supported", List.of("authorization_code", 7))));

    IssuerMetadata metadata = source(issuer).fetch();

    assertThat(metadata.scopesSupported())
        .containsExactly(new Scope("openid"), new Scope("mcp:write"));
    assertThat(metadata.codeChallengeMethodsSupported()).isEmpty();
    assertThat(metadata.grantTypesSupported()).isEmpty();
    assertThat(metadata.document()).containsEntry("code_challenge_methods_supported", "S256");
  }

  @Test
  void discovery_urls_follow_oidc_discovery_4_and_rfc_8414_3_1() {
    assertThat(NimbusIssuerMetadataSource.oidcDiscoveryUrl("https://a.example"))
        .isEqualTo(URI.create("https://a.example" + OIDC));
    assertThat(NimbusIssuerMetadataSource.oidcDiscoveryUrl("https://a.example/"))
        .isEqualTo(URI.create("https://a.example" + OIDC));
    assertThat(NimbusIssuerMetadataSource.oidcDiscoveryUrl("https://a.example/tenant/"))
        .isEqualTo(URI.create("https://a.example/tenant" + OIDC));
    assertThat(NimbusIssuerMetadataSource.rfc8414Url(URI.create("https://a.example")))
        .isEqualTo(URI.create("https://a.example" + RFC8414));
    assertThat(NimbusIssuerMetadataSource.rfc8414Url(URI.create("https://a.example/")))
        .isEqualTo(URI.create("https://a.example" + RFC8414));
    assertThat(NimbusIssuerMetadataSource.rfc8414Url(URI.create("https://a.example:8443/t/1/")))
        .isEqualTo(URI.create("https://a.example:8443" + RFC8414 + "/t/1"));
  }

  private static NimbusIssuerMetadataSource source(String issuer) {
    return new NimbusIssuerMetadataSource(new Issuer(issuer), FAST);
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
