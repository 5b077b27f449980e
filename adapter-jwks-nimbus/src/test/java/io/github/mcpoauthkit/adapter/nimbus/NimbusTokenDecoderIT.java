package io.github.mcpoauthkit.adapter.nimbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.sun.net.httpserver.HttpServer;
import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.KeyId;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.port.driven.DecodeResult;
import io.github.mcpoauthkit.port.driven.KeySetException;
import io.github.mcpoauthkit.testing.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NimbusTokenDecoderIT {

  private static final String CLAIMS =
      "{\"iss\":\"https://issuer.example\",\"sub\":\"alice\",\"exp\":4102444800}";
  private static final KeySetSettings SETTINGS = KeySetSettings.DEFAULTS;
  private static final HttpSettings HTTP =
      new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 64 * 1024, false);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  private JwksServer jwks(JWK... keys) throws Exception {
    JwksServer server = new JwksServer(keys);
    resources.add(server);
    return server;
  }

  private NimbusTokenDecoder decoder(URI jwksUri) {
    NimbusTokenDecoder decoder =
        NimbusTokenDecoder.connect(
            jwksUri, ValidationPolicy.DEFAULT_ALGORITHMS, SETTINGS, HTTP, clock);
    resources.add(0, decoder);
    return decoder;
  }

  private static DecodeResult decode(NimbusTokenDecoder decoder, String token) {
    return decoder.decode(new BearerToken(token));
  }

  private static RejectionCode rejection(DecodeResult result) {
    assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
    return ((DecodeResult.Rejected) result).rejection().code();
  }

  static Stream<Arguments> algorithms() {
    return Stream.of(
        Arguments.of(TestKeys.rsa("rsa"), JWSAlgorithm.RS256),
        Arguments.of(TestKeys.rsa("rsa"), JWSAlgorithm.RS384),
        Arguments.of(TestKeys.rsa("rsa"), JWSAlgorithm.RS512),
        Arguments.of(TestKeys.rsa("rsa"), JWSAlgorithm.PS256),
        Arguments.of(TestKeys.rsa("rsa"), JWSAlgorithm.PS384),
        Arguments.of(TestKeys.rsa("rsa"), JWSAlgorithm.PS512),
        Arguments.of(TestKeys.ec("p256", Curve.P_256), JWSAlgorithm.ES256),
        Arguments.of(TestKeys.ec("p384", Curve.P_384), JWSAlgorithm.ES384),
        Arguments.of(TestKeys.ec("p521", Curve.P_521), JWSAlgorithm.ES512),
        Arguments.of(TestKeys.ed25519("ed"), JWSAlgorithm.EdDSA),
        Arguments.of(TestKeys.ed25519("ed"), JWSAlgorithm.Ed25519));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("algorithms")
  void every_accepted_algorithm_signs_and_verifies(JWK key, JWSAlgorithm algorithm)
      throws Exception {
    NimbusTokenDecoder decoder = decoder(jwks(key).uri());

    DecodeResult result = decode(decoder, TestKeys.sign(key, algorithm, CLAIMS));

    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
    assertThat(decoded.header().algorithm()).isEqualTo(algorithm.getName());
    assertThat(decoded.header().type()).contains("at+jwt");
    assertThat(decoded.signingKey()).isEqualTo(new KeyId(key.getKeyID()));
    assertThat(decoded.claims()).containsEntry("sub", "alice");
  }

  @Test
  void a_token_signed_by_the_right_key_but_another_algorithm_than_the_jwk_declares_is_refused()
      throws Exception {
    RSAKey declared =
        new RSAKey.Builder(TestKeys.rsa("rs256-only")).algorithm(JWSAlgorithm.RS256).build();
    NimbusTokenDecoder decoder = decoder(jwks(declared).uri());

    assertThat(decode(decoder, TestKeys.sign(declared, JWSAlgorithm.RS256, CLAIMS)))
        .isInstanceOf(DecodeResult.Decoded.class);
    assertThat(rejection(decode(decoder, TestKeys.sign(declared, JWSAlgorithm.PS256, CLAIMS))))
        .isEqualTo(RejectionCode.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void a_token_without_kid_is_verified_against_the_keys_of_its_algorithm() throws Exception {
    RSAKey key = TestKeys.rsa("no-kid-needed");
    NimbusTokenDecoder decoder = decoder(jwks(key).uri());
    String token = TestKeys.sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).build(), CLAIMS);

    assertThat(decode(decoder, token)).isInstanceOf(DecodeResult.Decoded.class);
  }

  @Nested
  class Refusals {

    @Test
    void alg_none_in_any_case_is_refused() throws Exception {
      NimbusTokenDecoder decoder = decoder(jwks(TestKeys.rsa("k")).uri());
      String payload = Base64URL.encode(CLAIMS).toString();

      for (String none : List.of("none", "None", "NONE")) {
        String header = Base64URL.encode("{\"alg\":\"" + none + "\"}").toString();
        assertThat(rejection(decode(decoder, header + "." + payload + ".c2ln")))
            .as(none)
            .isIn(RejectionCode.ALGORITHM_NOT_ALLOWED);
      }
    }

    /** Found by TokenVerificationFuzzIT: a header that was JSON null threw out of decode. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"null", "[]", "42", "\"RS256\"", "true", "{}", "{\"alg\":null}"})
    void a_header_that_is_not_an_object_with_alg_is_not_a_jwt(String header) throws Exception {
      NimbusTokenDecoder decoder = decoder(jwks(TestKeys.rsa("k")).uri());
      String token = Base64URL.encode(header) + "." + Base64URL.encode(CLAIMS) + ".c2ln";

      assertThat(rejection(decode(decoder, token))).isEqualTo(RejectionCode.INVALID_JWT_FORMAT);
    }

    @Test
    void hs256_signed_with_the_rsa_public_key_as_secret_is_refused() throws Exception {
      RSAKey key = TestKeys.rsa("k");
      NimbusTokenDecoder decoder = decoder(jwks(key).uri());
      String signingInput =
          Base64URL.encode("{\"alg\":\"HS256\",\"kid\":\"k\"}") + "." + Base64URL.encode(CLAIMS);
      Mac mac = Mac.getInstance("HmacSHA256");
      byte[] publicKey = key.toRSAPublicKey().getEncoded();
      mac.init(new SecretKeySpec(publicKey, "HmacSHA256"));
      String token =
          signingInput
              + "."
              + Base64URL.encode(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));

      assertThat(rejection(decode(decoder, token))).isEqualTo(RejectionCode.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void an_embedded_jwk_header_is_never_trusted() throws Exception {
      NimbusTokenDecoder decoder = decoder(jwks(TestKeys.rsa("k")).uri());
      RSAKey attacker = TestKeys.rsa("attacker");
      JWSHeader header =
          new JWSHeader.Builder(JWSAlgorithm.RS256)
              .keyID("attacker")
              .jwk(attacker.toPublicJWK())
              .build();

      assertThat(rejection(decode(decoder, TestKeys.sign(attacker, header, CLAIMS))))
          .isEqualTo(RejectionCode.UNKNOWN_KEY);
    }

    @Test
    void jku_and_x5u_headers_are_never_followed() throws Exception {
      NimbusTokenDecoder decoder = decoder(jwks(TestKeys.rsa("k")).uri());
      RSAKey attacker = TestKeys.rsa("attacker");
      JwksServer attackerJwks = jwks(attacker);
      int before = attackerJwks.fetches();
      JWSHeader header =
          new JWSHeader.Builder(JWSAlgorithm.RS256)
              .keyID("attacker")
              .jwkURL(attackerJwks.uri())
              .x509CertURL(attackerJwks.uri())
              .build();

      assertThat(rejection(decode(decoder, TestKeys.sign(attacker, header, CLAIMS))))
          .isEqualTo(RejectionCode.UNKNOWN_KEY);
      assertThat(attackerJwks.fetches()).isEqualTo(before);
    }

    @Test
    void the_trusted_kid_on_a_token_signed_by_another_key_is_an_invalid_signature()
        throws Exception {
      NimbusTokenDecoder decoder = decoder(jwks(TestKeys.rsa("k")).uri());
      JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build();

      assertThat(rejection(decode(decoder, TestKeys.sign(TestKeys.rsa("other"), header, CLAIMS))))
          .isEqualTo(RejectionCode.INVALID_SIGNATURE);
    }

    @Test
    void crit_headers_are_refused() throws Exception {
      RSAKey key = TestKeys.rsa("k");
      NimbusTokenDecoder decoder = decoder(jwks(key).uri());
      JWSHeader header =
          new JWSHeader.Builder(JWSAlgorithm.RS256)
              .keyID("k")
              .criticalParams(Set.of("exp"))
              .customParam("exp", 1)
              .build();

      DecodeResult result = decode(decoder, TestKeys.sign(key, header, CLAIMS));

      assertThat(rejection(result)).isEqualTo(RejectionCode.INVALID_SIGNATURE);
      assertThat(((DecodeResult.Rejected) result).rejection().message()).contains("crit");
    }

    @Test
    void a_payload_that_is_not_a_json_object_is_malformed_claims() throws Exception {
      RSAKey key = TestKeys.rsa("k");
      NimbusTokenDecoder decoder = decoder(jwks(key).uri());

      assertThat(rejection(decode(decoder, TestKeys.sign(key, JWSAlgorithm.RS256, "[1,2,3]"))))
          .isEqualTo(RejectionCode.CLAIMS_MALFORMED);
    }

    @Test
    void a_kid_with_path_traversal_or_a_huge_kid_is_just_unknown() throws Exception {
      RSAKey key = TestKeys.rsa("k");
      NimbusTokenDecoder decoder = decoder(jwks(key).uri());

      for (String kid : List.of("../../etc/passwd", "' OR 1=1 --", "x".repeat(10_000))) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build();
        assertThat(rejection(decode(decoder, TestKeys.sign(key, header, CLAIMS))))
            .isEqualTo(RejectionCode.UNKNOWN_KEY);
      }
    }
  }

  @Nested
  class KeySelection {

    @Test
    void encryption_keys_and_keys_not_for_verify_are_ignored() throws Exception {
      RSAKey encryption = new RSAKey.Builder(TestKeys.rsa("enc")).keyUse(KeyUse.ENCRYPTION).build();
      RSAKey signOnly =
          new RSAKey.Builder(TestKeys.rsa("sign-only"))
              .keyOperations(Set.of(KeyOperation.SIGN))
              .build();
      RSAKey good =
          new RSAKey.Builder(TestKeys.rsa("good"))
              .keyUse(KeyUse.SIGNATURE)
              .keyOperations(Set.of(KeyOperation.VERIFY))
              .build();
      NimbusTokenDecoder decoder = decoder(jwks(encryption, signOnly, good).uri());

      assertThat(decoder.currentKeys()).containsExactly(new KeyId("good"));
      assertThat(rejection(decode(decoder, TestKeys.sign(encryption, JWSAlgorithm.RS256, CLAIMS))))
          .isEqualTo(RejectionCode.UNKNOWN_KEY);
      assertThat(rejection(decode(decoder, TestKeys.sign(signOnly, JWSAlgorithm.RS256, CLAIMS))))
          .isEqualTo(RejectionCode.UNKNOWN_KEY);
      assertThat(decode(decoder, TestKeys.sign(good, JWSAlgorithm.RS256, CLAIMS)))
          .isInstanceOf(DecodeResult.Decoded.class);
    }

    @Test
    void rsa_keys_under_2048_bits_are_ignored() throws Exception {
      RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
      NimbusTokenDecoder decoder = decoder(jwks(weak, TestKeys.rsa("strong")).uri());

      assertThat(decoder.currentKeys()).containsExactly(new KeyId("strong"));
      // Nimbus refuses to sign with a short key, so sign with the JDK as a careless issuer would.
      String signingInput =
          Base64URL.encode("{\"alg\":\"RS256\",\"kid\":\"weak\"}") + "." + Base64URL.encode(CLAIMS);
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(weak.toPrivateKey());
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      String weaklySigned = signingInput + "." + Base64URL.encode(rsa.sign());
      assertThat(rejection(decode(decoder, weaklySigned))).isEqualTo(RejectionCode.UNKNOWN_KEY);
    }

    @Test
    void a_key_without_kid_is_identified_by_its_thumbprint() throws Exception {
      RSAKey anonymous = new RSAKey.Builder(TestKeys.rsa("x")).keyID(null).build();
      NimbusTokenDecoder decoder = decoder(jwks(anonymous).uri());
      String token =
          TestKeys.sign(anonymous, new JWSHeader.Builder(JWSAlgorithm.RS256).build(), CLAIMS);

      DecodeResult result = decode(decoder, token);

      assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
      KeyId thumbprint = new KeyId(anonymous.computeThumbprint().toString());
      assertThat(((DecodeResult.Decoded) result).signingKey()).isEqualTo(thumbprint);
      assertThat(decoder.currentKeys()).containsExactly(thumbprint);
    }
  }

  @Nested
  class Rotation {

    @Test
    void a_new_kid_is_accepted_after_one_refresh() throws Exception {
      JwksServer jwks = jwks(TestKeys.rsa("old"));
      NimbusTokenDecoder decoder = decoder(jwks.uri());
      int afterStartup = jwks.fetches();
      jwks.add(TestKeys.rsa("new"));

      DecodeResult result =
          decode(decoder, TestKeys.sign(TestKeys.rsa("new"), JWSAlgorithm.RS256, CLAIMS));

      assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
      assertThat(jwks.fetches()).isEqualTo(afterStartup + 1);
      assertThat(decoder.currentKeys())
          .containsExactlyInAnyOrder(new KeyId("old"), new KeyId("new"));
    }

    @Test
    void a_key_published_while_a_fetch_is_under_way_is_found_by_the_tokens_that_waited_for_it()
        throws Exception {
      JwksServer jwks = jwks(TestKeys.rsa("old"));
      NimbusTokenDecoder decoder = decoder(jwks.uri());
      clock.advance(SETTINGS.rateLimitInterval().plusSeconds(1));
      JwksServer.Hold hold = jwks.holdNextAnswer();
      // Any refresh will do (a background one, or this token under a kid nobody publishes): its
      // fetch takes the key set before the new key is published, and answers after.
      CompletableFuture<DecodeResult> unrelated =
          CompletableFuture.supplyAsync(() -> decode(decoder, forgedWithKid("nobody")));
      hold.awaitArrival();
      jwks.add(TestKeys.rsa("new"));
      String rotated = TestKeys.sign(TestKeys.rsa("new"), JWSAlgorithm.RS256, CLAIMS);
      // Several, so that one's second fetch may begin before another has seen the first's keys.
      List<CompletableFuture<DecodeResult>> results = new ArrayList<>();
      List<Thread> waiting = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        CompletableFuture<DecodeResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> result.complete(decode(decoder, rotated)));
        thread.start();
        results.add(result);
        waiting.add(thread);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!waiting.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING)) {
        assertThat(System.nanoTime()).as("the tokens wait for the fetch").isLessThan(deadline);
        Thread.sleep(1);
      }
      int fetchesSoFar = jwks.fetches();

      hold.release();

      for (CompletableFuture<DecodeResult> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(DecodeResult.Decoded.class);
      }
      assertThat(rejection(unrelated.get(10, TimeUnit.SECONDS)))
          .isEqualTo(RejectionCode.UNKNOWN_KEY);
      assertThat(jwks.fetches()).as("one more fetch, for the new key").isEqualTo(fetchesSoFar + 1);
    }

    @Test
    void a_removed_key_is_refused_once_the_cache_expires() throws Exception {
      JwksServer jwks = jwks(TestKeys.rsa("old"), TestKeys.rsa("new"));
      NimbusTokenDecoder decoder = decoder(jwks.uri());
      String oldToken = TestKeys.sign(TestKeys.rsa("old"), JWSAlgorithm.RS256, CLAIMS);
      assertThat(decode(decoder, oldToken)).isInstanceOf(DecodeResult.Decoded.class);

      jwks.remove(TestKeys.rsa("old"));
      assertThat(decode(decoder, oldToken))
          .as("still cached")
          .isInstanceOf(DecodeResult.Decoded.class);
      clock.advance(SETTINGS.cacheTimeToLive().plusSeconds(1));

      assertThat(rejection(decode(decoder, oldToken))).isEqualTo(RejectionCode.UNKNOWN_KEY);
      assertThat(decoder.currentKeys()).containsExactly(new KeyId("new"));
    }
  }

  @Nested
  class Outage {

    @Test
    void cached_keys_keep_verifying_while_the_jwks_endpoint_is_down() throws Exception {
      JwksServer jwks = jwks(TestKeys.rsa("k"));
      NimbusTokenDecoder decoder = decoder(jwks.uri());
      String token = TestKeys.sign(TestKeys.rsa("k"), JWSAlgorithm.RS256, CLAIMS);
      jwks.answer(503, "down");
      clock.advance(SETTINGS.cacheTimeToLive().plusSeconds(1));

      assertThat(decode(decoder, token)).isInstanceOf(DecodeResult.Decoded.class);
      assertThat(jwks.fetches()).as("the expired cache tried to refresh").isGreaterThan(1);
    }

    @Test
    void an_unknown_kid_while_the_endpoint_is_down_is_undecided_not_rejected() throws Exception {
      JwksServer jwks = jwks(TestKeys.rsa("k"));
      NimbusTokenDecoder decoder = decoder(jwks.uri());
      jwks.answer(503, "down");

      DecodeResult result =
          decode(decoder, TestKeys.sign(TestKeys.rsa("rotated-in"), JWSAlgorithm.RS256, CLAIMS));

      assertThat(result).isInstanceOf(DecodeResult.Undecided.class);
      assertThat(((DecodeResult.Undecided) result).retryAfter()).isPositive();
    }

    @Test
    void the_decoder_recovers_when_the_endpoint_comes_back() throws Exception {
      JwksServer jwks = jwks(TestKeys.rsa("k"));
      NimbusTokenDecoder decoder = decoder(jwks.uri());
      jwks.answer(503, "down");
      String rotated = TestKeys.sign(TestKeys.rsa("rotated-in"), JWSAlgorithm.RS256, CLAIMS);
      assertThat(decode(decoder, rotated)).isInstanceOf(DecodeResult.Undecided.class);

      jwks.heal();
      jwks.add(TestKeys.rsa("rotated-in"));
      clock.advance(SETTINGS.rateLimitInterval().plusSeconds(1));

      assertThat(decode(decoder, rotated)).isInstanceOf(DecodeResult.Decoded.class);
    }

    @Test
    void keys_are_no_longer_trusted_after_the_outage_tolerance() throws Exception {
      JwksServer jwks = jwks(TestKeys.rsa("k"));
      NimbusTokenDecoder decoder = decoder(jwks.uri());
      String token = TestKeys.sign(TestKeys.rsa("k"), JWSAlgorithm.RS256, CLAIMS);
      jwks.answer(503, "down");

      clock.advance(SETTINGS.outageTolerance().plus(SETTINGS.cacheTimeToLive()).plusSeconds(1));

      assertThat(decode(decoder, token)).isInstanceOf(DecodeResult.Undecided.class);
    }
  }

  @Nested
  class Flood {

    @Test
    void ten_thousand_unknown_kids_cause_a_bounded_number_of_fetches() throws Exception {
      JwksServer jwks = jwks(TestKeys.rsa("k"));
      NimbusTokenDecoder decoder = decoder(jwks.uri());
      int afterStartup = jwks.fetches();
      AtomicInteger unknown = new AtomicInteger();

      for (int i = 0; i < 10_000; i++) {
        if (rejection(decode(decoder, forgedWithKid("forged-" + i))) == RejectionCode.UNKNOWN_KEY) {
          unknown.incrementAndGet();
        }
      }

      assertThat(unknown).hasValue(10_000);
      // Nimbus allows two fetches per rate-limit window; the startup fetch used one of them.
      assertThat(jwks.fetches() - afterStartup).isLessThanOrEqualTo(1);
    }

    @Test
    void a_rotated_in_key_waits_at_most_one_rate_limit_window_during_a_flood() throws Exception {
      JwksServer jwks = jwks(TestKeys.rsa("k"));
      NimbusTokenDecoder decoder = decoder(jwks.uri());
      for (int i = 0; i < 100; i++) {
        decode(decoder, forgedWithKid("forged-" + i));
      }
      jwks.add(TestKeys.rsa("rotated-in"));
      String rotated = TestKeys.sign(TestKeys.rsa("rotated-in"), JWSAlgorithm.RS256, CLAIMS);

      assertThat(rejection(decode(decoder, rotated))).isEqualTo(RejectionCode.UNKNOWN_KEY);

      clock.advance(SETTINGS.rateLimitInterval().plusSeconds(1));
      assertThat(decode(decoder, rotated)).isInstanceOf(DecodeResult.Decoded.class);
    }
  }

  /** A token naming {@code kid} with a signature nobody made: the kid is all a flood needs. */
  private static String forgedWithKid(String kid) {
    return Base64URL.encode("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}")
        + "."
        + Base64URL.encode(CLAIMS)
        + "."
        + Base64URL.encode(new byte[256]);
  }

  @Nested
  class Startup {

    @Test
    void an_unreachable_jwks_uri_stops_startup_with_the_descriptive_message() throws Exception {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      URI uri = URI.create("http://127.0.0.1:" + port + "/jwks");

      assertThatThrownBy(() -> decoder(uri))
          .isInstanceOf(KeySetException.class)
          .hasMessageStartingWith("Failed to fetch JWKS from " + uri)
          .hasMessageContaining("connection refused")
          .hasMessageContaining("Check:");
    }

    @Test
    void a_jwks_endpoint_answering_an_error_stops_startup_with_the_status() throws Exception {
      JwksServer jwks = jwks(TestKeys.rsa("k"));
      jwks.answer(500, "oops");

      assertThatThrownBy(() -> decoder(jwks.uri()))
          .isInstanceOf(KeySetException.class)
          .hasMessageStartingWith("Failed to fetch JWKS from " + jwks.uri())
          .hasMessageContaining("500");
    }

    @Test
    void a_garbage_key_set_stops_startup() throws Exception {
      JwksServer jwks = jwks(TestKeys.rsa("k"));
      jwks.answer(200, "<html>not json</html>");

      assertThatThrownBy(() -> decoder(jwks.uri()))
          .isInstanceOf(KeySetException.class)
          .hasMessageStartingWith("Failed to fetch JWKS from " + jwks.uri())
          .hasMessageContaining("parse");
    }

    @Test
    void an_oversized_key_set_stops_startup() throws Exception {
      JwksServer jwks = jwks(TestKeys.rsa("k"));
      jwks.answer(200, "{\"keys\":[],\"padding\":\"" + "x".repeat(200_000) + "\"}");

      assertThatThrownBy(() -> decoder(jwks.uri()))
          .isInstanceOf(KeySetException.class)
          .hasMessageContaining("larger than 65536 bytes");
    }

    @Test
    void a_key_set_without_a_usable_key_stops_startup() throws Exception {
      JwksServer jwks =
          jwks(new RSAKey.Builder(TestKeys.rsa("enc")).keyUse(KeyUse.ENCRYPTION).build());

      assertThatThrownBy(() -> decoder(jwks.uri()))
          .isInstanceOf(KeySetException.class)
          .hasMessageContaining("no usable signature key");
    }

    @Test
    void a_slow_jwks_endpoint_fails_within_the_timeout() throws Exception {
      HttpServer slow =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      slow.createContext(
          "/jwks",
          exchange -> {
            try {
              Thread.sleep(5_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            exchange.close();
          });
      slow.start();
      resources.add(() -> slow.stop(0));
      URI uri = URI.create("http://127.0.0.1:" + slow.getAddress().getPort() + "/jwks");
      long start = System.nanoTime();

      assertThatThrownBy(() -> decoder(uri))
          .isInstanceOf(KeySetException.class)
          .hasMessageContaining("timed out");
      // 1 s read timeout, one retry: well under the server's 5 s delay per request.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void an_at_jwt_type_is_passed_through_for_the_domain_to_judge() throws Exception {
    RSAKey key = TestKeys.rsa("k");
    NimbusTokenDecoder decoder = decoder(jwks(key).uri());
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .keyID("k")
            .type(new JOSEObjectType("application/at+jwt"))
            .build();

    DecodeResult result = decode(decoder, TestKeys.sign(key, header, CLAIMS));

    assertThat(((DecodeResult.Decoded) result).header().type()).contains("application/at+jwt");
  }
}
