package io.github.mcpoauthkit.app.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.github.mcpoauthkit.app.Kit;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.features.CountingFeatures;
import io.github.mcpoauthkit.app.hardening.AdversarialTokensIT.Era;
import io.github.mcpoauthkit.app.hardening.RawHttp.Header;
import io.github.mcpoauthkit.app.testing.ServerProcesses;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every DPoP attack of issue 16 (RFC 9449 §4.3, §7, §11) against the whole server on both
 * transports with {@code OAUTH_DPOP=allowed}, in both protocol eras (an MCP 2025-06-18 {@code
 * initialize}, an MCP 2026-07-28 {@code tools/call}): each refused with its status, the challenge
 * of the scheme it came in ({@code DPoP} for a DPoP request, {@code Bearer} for a bearer one, both
 * offered, Bearer first), the error class in the body, its rejection code in the audit line, no
 * handler run and no part of a token or proof in the log. The sanity rows (a bound token with its
 * proof, an unbound bearer token) must pass, so that each refusal is the attack's doing.
 */
class AdversarialDPoPIT {

  private static final List<String> TRANSPORTS = List.of("helidon", "undertow");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** The client's proof key: its bound tokens carry this key's thumbprint. */
  private static final ECKey CLIENT = ecKey("client");

  /** A key of another client. */
  private static final ECKey OTHER = ecKey("other");

  private static ForgeryIssuer issuer;
  private static LogCapture log;
  private static final Map<String, Target> TARGETS = new LinkedHashMap<>();

  /** One running server and what a request to it needs. */
  record Target(Kit kit, String resource, Recipes recipes) {

    String boundToken() {
      try {
        return recipes.boundTo(CLIENT.computeThumbprint().toString());
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * One attack: the request made for a server, the code it must be refused with, and the scheme
   * whose challenge must carry the error ({@code DPoP}, {@code Bearer}, or {@code both}).
   */
  record Attack(String kind, Function<Target, Sent> request, RejectionCode code, String scheme) {
    @Override
    public String toString() {
      return kind + " -> " + code.httpStatus() + " " + code.code();
    }
  }

  /** What is sent: the Authorization values and the DPoP header values. */
  record Sent(List<String> authorization, List<String> proofs) {
    static Sent dpop(String token, String... proofs) {
      return new Sent(List.of("DPoP " + token), List.of(proofs));
    }
  }

  @BeforeAll
  static void startIssuer() {
    log = LogCapture.start();
    issuer = new ForgeryIssuer(Recipes.issuerKeys());
  }

  @AfterAll
  static void stopAll() {
    TARGETS.values().forEach(target -> target.kit().close());
    TARGETS.clear();
    if (issuer != null) {
      issuer.close();
    }
    if (log != null) {
      log.close();
    }
  }

  private static Target target(String transport) {
    return target(transport, false);
  }

  /** The server for a transport; with {@code nonces}, one that asks for DPoP server nonces. */
  private static synchronized Target target(String transport, boolean nonces) {
    return TARGETS.computeIfAbsent(
        transport + (nonces ? "/nonces" : ""),
        key -> {
          int port = ServerProcesses.freePort();
          String resource = "http://localhost:" + port + "/mcp";
          Map<String, String> environment = new HashMap<>();
          environment.put("OAUTH_ISSUER_URL", issuer.issuer());
          environment.put("OAUTH_AUDIENCE", resource);
          environment.put("MCP_PUBLIC_URL", resource);
          environment.put("PORT", Integer.toString(port));
          environment.put("MCP_TRANSPORT", transport);
          environment.put("MCP_FEATURES", "counting");
          environment.put("OAUTH_DPOP", "allowed");
          environment.put("AUDIT_LOG", "on");
          if (nonces) {
            environment.put("OAUTH_DPOP_NONCE", "on");
          }
          KitConfig config = KitConfig.load(ConfigSource.of(Map.of(), environment), false);
          return new Target(
              Kit.start(config, config.issuer().orElseThrow()),
              resource,
              new Recipes(issuer.issuer(), resource));
        });
  }

  // ---------------------------------------------------------------- the attacks

  static List<Attack> attacks() {
    List<Attack> attacks = new ArrayList<>();
    attacks.add(
        new Attack(
            "no_proof",
            t -> new Sent(List.of("DPoP " + t.boundToken()), List.of()),
            RejectionCode.DPOP_PROOF_MISSING,
            "DPoP"));
    attacks.add(
        new Attack(
            "two_proof_headers",
            t -> {
              String token = t.boundToken();
              return Sent.dpop(token, proof(t, token, claims -> {}), proof(t, token, claims -> {}));
            },
            RejectionCode.DPOP_PROOF_MULTIPLE,
            "DPoP"));
    attacks.add(
        dpopAttack(
            "two_proofs_in_one_header",
            (t, token) -> proof(t, token, claims -> {}) + ", " + proof(t, token, claims -> {}),
            RejectionCode.DPOP_PROOF_MULTIPLE));
    attacks.add(
        dpopAttack(
            "alg_none",
            (t, token) ->
                b64(header("none", "dpop+jwt", CLIENT.toPublicJWK().toJSONString()))
                    + "."
                    + b64(json(claims(t, token)))
                    + ".",
            RejectionCode.DPOP_PROOF_ALGORITHM));
    attacks.add(
        dpopAttack(
            "hs256_with_the_public_key_as_secret",
            (t, token) ->
                hmacSigned(
                    header("HS256", "dpop+jwt", CLIENT.toPublicJWK().toJSONString()),
                    json(claims(t, token))),
            RejectionCode.DPOP_PROOF_ALGORITHM));
    attacks.add(
        dpopAttack(
            "private_key_in_jwk",
            (t, token) ->
                ecSigned(
                    CLIENT,
                    header("ES256", "dpop+jwt", CLIENT.toJSONString()),
                    json(claims(t, token))),
            RejectionCode.DPOP_PROOF_KEY));
    attacks.add(
        dpopAttack(
            "signed_by_another_key_than_its_jwk",
            (t, token) -> ecSigned(OTHER, proofHeader(CLIENT, "dpop+jwt"), json(claims(t, token))),
            RejectionCode.DPOP_PROOF_SIGNATURE));
    attacks.add(
        dpopAttack(
            "typ_jwt",
            (t, token) -> ecSigned(CLIENT, proofHeader(CLIENT, "JWT"), json(claims(t, token))),
            RejectionCode.DPOP_PROOF_TYPE));
    attacks.add(
        claimAttack(
            "wrong_htm", claims -> claims.put("htm", "GET"), RejectionCode.DPOP_PROOF_METHOD));
    attacks.add(
        claimAttack(
            "htu_other_host",
            claims -> claims.put("htu", "http://evil.example/mcp"),
            RejectionCode.DPOP_PROOF_URI));
    attacks.add(
        dpopAttack(
            "htu_other_path",
            (t, token) -> proof(t, token, claims -> claims.put("htu", t.resource() + "/admin")),
            RejectionCode.DPOP_PROOF_URI));
    attacks.add(
        dpopAttack(
            "htu_with_query",
            (t, token) -> proof(t, token, claims -> claims.put("htu", t.resource() + "?x=1")),
            RejectionCode.DPOP_PROOF_URI));
    attacks.add(
        claimAttack(
            "iat_ten_minutes_old",
            claims -> claims.put("iat", Instant.now().getEpochSecond() - 600),
            RejectionCode.DPOP_PROOF_STALE));
    attacks.add(
        claimAttack(
            "iat_ten_minutes_ahead",
            claims -> claims.put("iat", Instant.now().getEpochSecond() + 600),
            RejectionCode.DPOP_PROOF_FUTURE));
    attacks.add(
        claimAttack(
            "ath_of_another_token",
            claims -> claims.put("ath", sha256("another token")),
            RejectionCode.DPOP_PROOF_TOKEN_HASH));
    attacks.add(
        claimAttack("no_jti", claims -> claims.remove("jti"), RejectionCode.DPOP_PROOF_MALFORMED));
    attacks.add(
        dpopAttack(
            "proof_key_is_not_cnf_jkt",
            (t, token) -> ecSigned(OTHER, proofHeader(OTHER, "dpop+jwt"), json(claims(t, token))),
            RejectionCode.DPOP_KEY_MISMATCH));
    attacks.add(
        new Attack(
            "bound_token_as_bearer",
            t -> new Sent(List.of("Bearer " + t.boundToken()), List.of()),
            RejectionCode.SENDER_CONSTRAINED,
            "Bearer"));
    attacks.add(
        new Attack(
            "bound_token_as_bearer_with_its_proof",
            t -> {
              String token = t.boundToken();
              return new Sent(List.of("Bearer " + token), List.of(proof(t, token, claims -> {})));
            },
            RejectionCode.SENDER_CONSTRAINED,
            "Bearer"));
    attacks.add(
        new Attack(
            "unbound_token_under_dpop",
            t -> {
              String token = t.recipes().valid();
              return Sent.dpop(token, proof(t, token, claims -> {}));
            },
            RejectionCode.DPOP_TOKEN_NOT_BOUND,
            "DPoP"));
    attacks.add(
        new Attack(
            "bearer_and_dpop_authorization_together",
            t -> {
              String token = t.boundToken();
              return new Sent(
                  List.of("Bearer " + token, "DPoP " + token),
                  List.of(proof(t, token, claims -> {})));
            },
            RejectionCode.MULTIPLE_CREDENTIALS,
            "both"));
    return attacks;
  }

  /** An attack with a bound token and one DPoP header made for it. */
  private static Attack dpopAttack(
      String kind, BiFunction<Target, String, String> proof, RejectionCode code) {
    return new Attack(
        kind,
        t -> {
          String token = t.boundToken();
          return Sent.dpop(token, proof.apply(t, token));
        },
        code,
        "DPoP");
  }

  private static Attack claimAttack(
      String kind, Consumer<Map<String, Object>> change, RejectionCode code) {
    return dpopAttack(kind, (t, token) -> proof(t, token, change), code);
  }

  // ---------------------------------------------------------------- the tests

  @TestFactory
  Stream<DynamicNode> every_dpop_attack_is_refused_with_its_code_and_challenge() {
    return TRANSPORTS.stream()
        .map(
            transport ->
                DynamicContainer.dynamicContainer(
                    transport,
                    Stream.of(Era.values())
                        .map(
                            era ->
                                DynamicContainer.dynamicContainer(
                                    era.toString(),
                                    attacks().stream()
                                        .map(
                                            attack ->
                                                DynamicTest.dynamicTest(
                                                    attack.kind(),
                                                    () -> refused(transport, era, attack)))))));
  }

  @TestFactory
  Stream<DynamicNode> a_replayed_proof_is_refused_after_its_first_use() {
    return TRANSPORTS.stream()
        .flatMap(
            transport ->
                Stream.of(Era.values())
                    .map(
                        era ->
                            DynamicTest.dynamicTest(
                                transport + ", " + era,
                                () -> {
                                  Target target = target(transport);
                                  String token = target.boundToken();
                                  Sent sent = Sent.dpop(token, proof(target, token, claims -> {}));
                                  accepted(transport, era, sent);
                                  refused(
                                      transport,
                                      era,
                                      new Attack(
                                          "replayed_jti",
                                          t -> sent,
                                          RejectionCode.DPOP_PROOF_REPLAYED,
                                          "DPoP"));
                                })));
  }

  @TestFactory
  Stream<DynamicNode> a_bound_token_with_its_proof_and_an_unbound_bearer_token_pass() {
    return TRANSPORTS.stream()
        .flatMap(
            transport ->
                Stream.of(Era.values())
                    .flatMap(
                        era ->
                            Stream.of(
                                DynamicTest.dynamicTest(
                                    transport + ", " + era + ": DPoP",
                                    () -> {
                                      Target target = target(transport);
                                      String token = target.boundToken();
                                      accepted(
                                          transport,
                                          era,
                                          Sent.dpop(token, proof(target, token, claims -> {})));
                                    }),
                                DynamicTest.dynamicTest(
                                    transport + ", " + era + ": Bearer",
                                    () ->
                                        accepted(
                                            transport,
                                            era,
                                            new Sent(
                                                List.of(
                                                    "Bearer "
                                                        + target(transport).recipes().valid()),
                                                List.of()))))));
  }

  @TestFactory
  Stream<DynamicNode>
      with_server_nonces_a_proof_without_the_nonce_is_told_it_and_the_retry_passes() {
    return TRANSPORTS.stream()
        .flatMap(
            transport ->
                Stream.of(Era.values())
                    .map(
                        era ->
                            DynamicTest.dynamicTest(
                                transport + ", " + era, () -> nonceRoundTrip(transport, era))));
  }

  private static void nonceRoundTrip(String transport, Era era) throws Exception {
    Target target = target(transport, true);
    String token = target.boundToken();
    long runs = CountingFeatures.runs();

    RawHttp.Response without =
        send(target, transport, era, Sent.dpop(token, proof(target, token, claims -> {})));
    RawHttp.Response stale =
        send(
            target,
            transport,
            era,
            Sent.dpop(token, proof(target, token, claims -> claims.put("nonce", "bm90LW91cnM"))));
    String nonce = without.header("DPoP-Nonce").orElseThrow();
    RawHttp.Response retried =
        send(
            target,
            transport,
            era,
            Sent.dpop(token, proof(target, token, claims -> claims.put("nonce", nonce))));

    String context = transport + ", " + era;
    for (RawHttp.Response refused : List.of(without, stale)) {
      assertThat(refused.status()).as(context + ": " + refused.body()).isEqualTo(401);
      assertThat(refused.header("WWW-Authenticate").orElseThrow())
          .as(context)
          .startsWith("Bearer ")
          .contains(", DPoP ")
          .contains("error=\"use_dpop_nonce\"");
      assertThat(JSON.readTree(refused.body()).path("error").asText())
          .as(context)
          .isEqualTo("use_dpop_nonce");
      assertThat(refused.header("DPoP-Nonce")).as(context).contains(nonce);
    }
    assertThat(without.body()).contains("Resource server requires nonce in DPoP proof");
    assertThat(stale.body()).contains("DPoP proof nonce is unknown or expired");
    assertThat(nonce).matches("[A-Za-z0-9_-]{32}");
    assertThat(retried.status()).as(context + ": " + retried.body()).isEqualTo(200);
    assertThat(CountingFeatures.runs())
        .as(context + ": only the retry reached a handler")
        .isEqualTo(era == Era.MODERN ? runs + 1 : runs);
  }

  @Test
  void the_metadata_offers_dpop_beside_bearer() throws Exception {
    for (String transport : TRANSPORTS) {
      Target target = target(transport);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + target.kit().port()
                                  + "/.well-known/oauth-protected-resource/mcp"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode metadata = JSON.readTree(response.body());
      // Absent means false (RFC 9728 §2); true would turn away every bearer client.
      assertThat(metadata.path("dpop_bound_access_tokens_required").asBoolean(false))
          .as(transport)
          .isFalse();
      assertThat(metadata.path("dpop_signing_alg_values_supported").toString())
          .as(transport)
          .contains("ES256", "EdDSA")
          .doesNotContain("HS256");
    }
  }

  private static RawHttp.Response send(String transport, Era era, Sent sent) {
    return send(target(transport), transport, era, sent);
  }

  private static RawHttp.Response send(Target target, String transport, Era era, Sent sent) {
    RawHttp.Request request =
        era.shape(
            new RawHttp.Request(
                sent.authorization(), null, "application/json", Recipes.INITIALIZE));
    List<Header> headers = new ArrayList<>(request.headers());
    for (String proof : sent.proofs()) {
      headers.add(new Header("DPoP", proof));
    }
    request = request.withHeaders(headers);
    List<String> fragments = new ArrayList<>(AdversarialTokensIT.secretFragments(request));
    for (String proof : sent.proofs()) {
      for (String piece : proof.split("[.\\s,]+")) {
        if (piece.length() >= 16) {
          fragments.add(piece);
        }
      }
    }
    int mark = log.length();
    RawHttp.Response response = RawHttp.send(target.kit().port(), request);
    String logged = log.textFrom(mark);
    for (String fragment : fragments) {
      assertThat(logged)
          .as(transport + ", " + era + ": the log holds part of a token or proof")
          .doesNotContain(fragment);
    }
    return response;
  }

  private static void accepted(String transport, Era era, Sent sent) {
    long runs = CountingFeatures.runs();
    RawHttp.Response response = send(transport, era, sent);
    String context = transport + ", " + era + ": " + response.status() + " " + response.body();
    assertThat(response.status()).as(context).isEqualTo(200);
    if (era == Era.MODERN) {
      assertThat(CountingFeatures.runs())
          .as(context + ": the handler ran once")
          .isEqualTo(runs + 1);
    }
  }

  private static void refused(String transport, Era era, Attack attack) throws Exception {
    Target target = target(transport);
    Sent sent = attack.request().apply(target);
    long runs = CountingFeatures.runs();
    int mark = log.length();
    RawHttp.Response response = send(transport, era, sent);
    String context =
        attack + " on " + transport + ", " + era + ": " + response.status() + " " + response.body();
    assertThat(CountingFeatures.runs()).as(context + ": no handler ran").isEqualTo(runs);
    assertThat(response.status()).as(context).isEqualTo(attack.code().httpStatus());
    assertThat(response.body())
        .as(context + " (nothing of a Java exception)")
        .doesNotContainIgnoringCase("exception")
        .doesNotContain("\tat ");
    String errorValue = attack.code().errorClass().orElseThrow().code();
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("error").asText()).as(context).isEqualTo(errorValue);
    Optional<String> challenge = response.header("WWW-Authenticate");
    assertThat(challenge).as(context).isPresent();
    assertThat(challenge.get()).as(context + ": Bearer offered first").startsWith("Bearer ");
    assertThat(challenge.get()).as(context + ": DPoP offered too").contains(", DPoP ");
    String[] schemes = challenge.get().split(", DPoP ", 2);
    String bearer = schemes[0];
    String dpop = schemes[1];
    // Which scheme a request with both came in is unknown: both challenges tell its error.
    boolean inBearer = !attack.scheme().equals("DPoP");
    boolean inDPoP = !attack.scheme().equals("Bearer");
    assertThat(bearer.contains("error=\"" + errorValue + "\""))
        .as(context + ": the error told in the Bearer challenge")
        .isEqualTo(inBearer);
    assertThat(dpop.contains("error=\"" + errorValue + "\""))
        .as(context + ": the error told in the DPoP challenge")
        .isEqualTo(inDPoP);
    assertThat(challenge.get().split("error=\"", -1).length - 1)
        .as(context + ": no other error told")
        .isEqualTo((inBearer ? 1 : 0) + (inDPoP ? 1 : 0));
    assertThat(dpop).as(context).contains("algs=\"");
    assertThat(log.textFrom(mark))
        .as(context + ": the audit line names the code")
        .contains("verdict=rejected code=" + attack.code().code());
  }

  // ---------------------------------------------------------------- proofs

  private static Map<String, Object> claims(Target target, String token) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("htm", "POST");
    claims.put("htu", target.resource());
    claims.put("iat", Instant.now().getEpochSecond());
    claims.put("ath", sha256(token));
    return claims;
  }

  private static String proof(Target target, String token, Consumer<Map<String, Object>> change) {
    Map<String, Object> claims = claims(target, token);
    change.accept(claims);
    return ecSigned(CLIENT, proofHeader(CLIENT, "dpop+jwt"), json(claims));
  }

  private static String proofHeader(ECKey key, String typ) {
    return header("ES256", typ, key.toPublicJWK().toJSONString());
  }

  /** A proof's JOSE header with {@code jwk} as given, public or not. */
  private static String header(String alg, String typ, String jwkJson) {
    return "{\"typ\":\"" + typ + "\",\"alg\":\"" + alg + "\",\"jwk\":" + jwkJson + "}";
  }

  private static String ecSigned(ECKey key, String headerJson, String payloadJson) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    try {
      return input
          + "."
          + new ECDSASigner(key)
              .sign(new JWSHeader(JWSAlgorithm.ES256), input.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hmacSigned(String headerJson, String payloadJson) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    byte[] secret = CLIENT.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    try {
      return input
          + "."
          + new MACSigner(secret)
              .sign(new JWSHeader(JWSAlgorithm.HS256), input.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return B64.encodeToString(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String text) {
    return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String json(Object value) {
    return ModernRequests.json(value);
  }

  private static ECKey ecKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
