package io.github.mcpoauthkit.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.mcpoauthkit.domain.token.Scope;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The token endpoint without HTTP: a fixed clock, no I/O. */
class TokenEndpointTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String ISSUER = "http://127.0.0.1:40000";
  private static final String RESOURCE = "http://localhost:3000/mcp";
  private static final String SECRET = "s3cret-value";
  private static final Optional<String> FORM = Optional.of("application/x-www-form-urlencoded");

  private static TokenSigner signer;
  private static TokenEndpoint endpoint;

  @BeforeAll
  static void createEndpoint() {
    signer = new TokenSigner(ISSUER, Clock.fixed(NOW, ZoneOffset.UTC));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Set<Scope> scopes = Set.of(new Scope("mcp:tools"));
    endpoint =
        new TokenEndpoint(
            "mcp-dev-client",
            SECRET,
            RESOURCE,
            new Scopes(scopes, scopes),
            signer,
            new Grants(),
            clock);
  }

  private static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static Answer post(Optional<String> authorization, String body) {
    return handle("POST", FORM, authorization, body.getBytes(StandardCharsets.UTF_8));
  }

  private static Answer handle(
      String method, Optional<String> contentType, Optional<String> authorization, byte[] body) {
    Map<String, String> headers = new HashMap<>();
    contentType.ifPresent(value -> headers.put("content-type", value));
    authorization.ifPresent(value -> headers.put("authorization", value));
    return endpoint.handle(
        new IncomingRequest(method, URI.create(ISSUER + "/token"), headers, body));
  }

  private static Answer postBasic(String body) {
    return post(Optional.of(basic("mcp-dev-client", SECRET)), body);
  }

  private static Map<String, Object> json(Answer answer) throws Exception {
    return JSONObjectUtils.parse(answer.body());
  }

  @Test
  void client_credentials_with_basic_authentication_gives_an_rfc_9068_token() throws Exception {
    Answer answer =
        postBasic("grant_type=client_credentials&resource=http%3A%2F%2Flocalhost%3A3000%2Fmcp");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers()).containsEntry("Cache-Control", "no-store");
    Map<String, Object> body = json(answer);
    assertThat(body)
        .containsEntry("token_type", "Bearer")
        .containsEntry("expires_in", 3600L)
        .containsEntry("scope", "mcp:tools");
    SignedJWT jwt = SignedJWT.parse((String) body.get("access_token"));
    RSAKey key = (RSAKey) JWKSet.parse(signer.publicJwks()).getKeys().get(0);
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.getKeyID());
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(ISSUER);
    assertThat(claims.getSubject()).isEqualTo("mcp-dev-client");
    assertThat(claims.getAudience()).containsExactly(RESOURCE);
    assertThat(claims.getStringClaim("client_id")).isEqualTo("mcp-dev-client");
    assertThat(claims.getStringClaim("scope")).isEqualTo("mcp:tools");
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(claims.getJWTID()).isNotBlank();
  }

  @Test
  void client_secret_post_works_and_the_audience_defaults_to_the_resource() throws Exception {
    Answer answer =
        post(
            Optional.empty(),
            "grant_type=client_credentials&client_id=mcp-dev-client&client_secret="
                + SECRET
                + "&scope=profile+mcp%3Aadmin");

    assertThat(answer.status()).isEqualTo(200);
    JWTClaimsSet claims =
        SignedJWT.parse((String) json(answer).get("access_token")).getJWTClaimsSet();
    assertThat(claims.getAudience()).containsExactly(RESOURCE);
    assertThat(claims.getStringClaim("scope")).isEqualTo("profile mcp:admin");
  }

  @Test
  void the_public_jwks_holds_no_private_key_material() throws Exception {
    assertThat(JWKSet.parse(signer.publicJwks()).getKeys())
        .singleElement()
        .satisfies(key -> assertThat(key.isPrivate()).isFalse());
    assertThat(signer.publicJwks()).doesNotContain("\"d\"").doesNotContain("\"p\"");
  }

  @Test
  void a_wrong_secret_is_401_invalid_client_with_a_basic_challenge() throws Exception {
    Answer answer =
        post(Optional.of(basic("mcp-dev-client", "wrong")), "grant_type=client_credentials");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.error()).contains("invalid_client");
    assertThat(answer.headers()).containsKey("WWW-Authenticate");
    assertThat(answer.body()).doesNotContain(SECRET);
  }

  @ParameterizedTest
  @CsvSource({
    "'grant_type=client_credentials&client_id=mcp-dev-client&client_secret=wrong'",
    "'grant_type=client_credentials&client_id=other-client&client_secret=" + SECRET + "'",
    "'grant_type=client_credentials&client_id=mcp-dev-client'",
    "'grant_type=client_credentials'",
  })
  void a_client_that_does_not_authenticate_is_401_invalid_client(String body) {
    Answer answer = post(Optional.empty(), body);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.error()).contains("invalid_client");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer abc", "Basic !!!", "Basic bm9jb2xvbg=="})
  void an_authorization_header_that_is_not_basic_credentials_is_401(String header) {
    Answer answer = post(Optional.of(header), "grant_type=client_credentials");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.error()).contains("invalid_client");
  }

  @Test
  void a_client_that_authenticates_twice_is_400_invalid_request() {
    Answer answer =
        postBasic("grant_type=client_credentials&client_id=mcp-dev-client&client_secret=" + SECRET);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error()).contains("invalid_request");
  }

  @ParameterizedTest
  @ValueSource(strings = {"password", "urn:x", "implicit"})
  void another_grant_is_400_unsupported_grant_type(String grant) {
    Answer answer = postBasic("grant_type=" + grant);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error()).contains("unsupported_grant_type");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "grant_type=authorization_code&code=abc&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb",
        "grant_type=refresh_token&refresh_token=abc"
      })
  void the_confidential_client_may_use_only_client_credentials(String body) {
    Answer answer = postBasic(body);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error()).contains("unauthorized_client");
  }

  @Test
  void a_missing_grant_type_is_400_invalid_request() {
    assertThat(postBasic("scope=mcp%3Atools").error()).contains("invalid_request");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "resource=http%3A%2F%2Fevil.example%2Fmcp",
        "resource=http%3A%2F%2Flocalhost%3A3000%2Fmcp%2F",
        "resource=http%3A%2F%2Flocalhost%3A3000%2Fmcp&resource=http%3A%2F%2Fother.example",
      })
  void a_foreign_resource_is_400_invalid_target(String resource) {
    Answer answer = postBasic("grant_type=client_credentials&" + resource);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error()).contains("invalid_target");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a%20%20b", "%20", "a%22b", "caf%C3%A9"})
  void a_malformed_scope_is_400_invalid_scope(String scope) {
    Answer answer = postBasic("grant_type=client_credentials&scope=" + scope);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error()).contains("invalid_scope");
  }

  @Test
  void a_repeated_parameter_is_400_invalid_request() {
    Answer answer = postBasic("grant_type=client_credentials&grant_type=client_credentials");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error()).contains("invalid_request");
  }

  @Test
  void a_body_that_is_not_a_form_is_400_invalid_request() {
    Answer wrongType =
        handle(
            "POST",
            Optional.of("application/json"),
            Optional.of(basic("mcp-dev-client", SECRET)),
            "{}".getBytes(StandardCharsets.UTF_8));
    Answer noType =
        handle(
            "POST",
            Optional.empty(),
            Optional.of(basic("mcp-dev-client", SECRET)),
            "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8));
    Answer badEscape = postBasic("grant_type=client_credentials&scope=%zz");

    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.error()).contains("invalid_request");
    assertThat(noType.status()).isEqualTo(400);
    assertThat(badEscape.status()).isEqualTo(400);
    assertThat(badEscape.error()).contains("invalid_request");
  }

  @Test
  void a_form_content_type_with_a_charset_is_accepted() {
    Answer answer =
        handle(
            "POST",
            Optional.of("Application/X-WWW-Form-URLEncoded; charset=UTF-8"),
            Optional.of(basic("mcp-dev-client", SECRET)),
            "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).isEqualTo(200);
  }

  @Test
  void a_body_over_the_limit_is_413() {
    Answer answer =
        handle(
            "POST",
            FORM,
            Optional.of(basic("mcp-dev-client", SECRET)),
            new byte[FormBody.MAX_BYTES + 1]);

    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.error()).contains("invalid_request");
  }

  @Test
  void only_post_is_allowed() {
    Answer answer = handle("GET", FORM, Optional.empty(), new byte[0]);

    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.headers()).containsEntry("Allow", "POST");
  }

  @Test
  void to_string_never_shows_the_token() {
    Answer answer = postBasic("grant_type=client_credentials");

    assertThat(answer.toString()).isEqualTo("Answer[200]").doesNotContain("eyJ");
  }
}
