package io.github.mcpoauthkit.adapter.nimbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.mcpoauthkit.adapter.nimbus.TokenMutations.Base;
import io.github.mcpoauthkit.adapter.nimbus.TokenMutations.Mutant;
import io.github.mcpoauthkit.application.CacheSettings;
import io.github.mcpoauthkit.application.TokenVerificationService;
import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.port.driving.AuthenticationRequest;
import io.github.mcpoauthkit.testing.MutableClock;
import io.github.mcpoauthkit.testing.property.Generator;
import io.github.mcpoauthkit.testing.property.Property;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the real verification path, {@link TokenVerificationService} over a {@link
 * NimbusTokenDecoder} that fetched real RSA and EC keys from a JWKS on loopback, with mutants of
 * tokens those keys signed (see {@link TokenMutations}). The properties:
 *
 * <ul>
 *   <li>it never throws: every input gets a verdict;
 *   <li>it accepts a token exactly when the token carries the bytes an issuer's key signed: the
 *       same header and payload segments, character for character, and a signature segment that
 *       decodes to the same bytes; whatever else the damage, never;
 *   <li>the same input always gets the same verdict, from the same service, a fresh one, and one
 *       with the verified-token cache on.
 * </ul>
 *
 * <p>The number of tries is the CI budget; {@code -Dkit.property.scale=20} fuzzes longer, {@code
 * -Dkit.property.seed=...} replays a failure.
 */
class TokenVerificationFuzzIT {

  private static final String ISSUER = "https://issuer.example";
  private static final String AUDIENCE = "https://mcp.example/mcp";
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final HttpSettings HTTP =
      new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), 64 * 1024, false);

  /** A compact JWS in a header value as the parser accepts it; anything else is never accepted. */
  private static final Pattern BEARER_JWS =
      Pattern.compile(
          "[ \t]*[Bb][Ee][Aa][Rr][Ee][Rr] +"
              + "([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)[ \t]*");

  private static final MutableClock CLOCK = new MutableClock(NOW);
  private static final ValidationPolicy POLICY =
      ValidationPolicy.forIssuer(new Issuer(ISSUER)).withAudiences(Set.of(new Audience(AUDIENCE)));

  private static JwksServer jwks;
  private static NimbusTokenDecoder decoder;
  private static TokenVerificationService uncached;
  private static TokenVerificationService cached;

  /** What the issuer's keys signed, by signing input ({@code header.payload}). */
  private static final Map<String, Signed> SIGNED = new LinkedHashMap<>();

  private static TokenMutations mutations;

  /** An original token: its subject, its signature bytes, and the signature segment as sent. */
  private record Signed(String subject, byte[] signature, String encodedSignature) {}

  /**
   * A match of {@link #signedBytes}: whose token it is, and whether its signature is re-encoded.
   */
  private record SignedBytes(String subject, boolean reencodedSignature) {}

  @BeforeAll
  static void startIssuer() throws Exception {
    RSAKey rsa1 = TestKeys.rsa("fuzz-rsa-1");
    RSAKey rsa2 = TestKeys.rsa("fuzz-rsa-2");
    ECKey ec1 = TestKeys.ec("fuzz-ec-1", Curve.P_256);
    jwks = new JwksServer(rsa1, rsa2, ec1);
    decoder =
        NimbusTokenDecoder.connect(
            jwks.uri(), POLICY.algorithms(), KeySetSettings.DEFAULTS, HTTP, CLOCK);
    uncached = new TokenVerificationService(decoder, POLICY, CLOCK, CacheSettings.disabled());
    cached = new TokenVerificationService(decoder, POLICY, CLOCK, CacheSettings.DEFAULT);

    Map<Base, Integer> originals = new LinkedHashMap<>();
    originals.put(
        original(
            "RS256 at+jwt",
            rsa1,
            "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"fuzz-rsa-1\"}",
            claims("alice", "\"" + AUDIENCE + "\"")),
        10);
    originals.put(
        original(
            "RS256 without kid",
            rsa1,
            "{\"alg\":\"RS256\"}",
            claims("bob", "\"" + AUDIENCE + "\"")),
        4);
    originals.put(
        original(
            "PS256 JWT, aud array",
            rsa2,
            "{\"kid\":\"fuzz-rsa-2\",\"typ\":\"JWT\",\"alg\":\"PS256\"}",
            claims("carol", "[\"https://other.example\",\"" + AUDIENCE + "\"]")),
        4);
    originals.put(
        original(
            "ES256",
            ec1,
            "{\"alg\":\"ES256\",\"kid\":\"fuzz-ec-1\"}",
            claims("dave", "\"" + AUDIENCE + "\"")),
        2);

    RSAKey attacker = TestKeys.rsa("fuzz-attacker");
    String aliceClaims = claims("alice", "\"" + AUDIENCE + "\"");
    List<Base> forgeries =
        List.of(
            new Base(
                "RS256 by another key, same kid",
                sign(
                    attacker,
                    "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"fuzz-rsa-1\"}",
                    aliceClaims)),
            new Base(
                "RS256 by a key embedded as jwk",
                sign(
                    attacker,
                    "{\"alg\":\"RS256\",\"kid\":\"fuzz-attacker\",\"jwk\":"
                        + attacker.toPublicJWK().toJSONString()
                        + "}",
                    aliceClaims)),
            new Base(
                "HS256 keyed with the RSA public key",
                hmac(
                    rsa1.toRSAPublicKey().getEncoded(),
                    "{\"alg\":\"HS256\",\"kid\":\"fuzz-rsa-1\"}",
                    aliceClaims)),
            new Base(
                "alg none",
                TokenMutations.encode(bytes("{\"alg\":\"none\"}"))
                    + "."
                    + TokenMutations.encode(bytes(aliceClaims))
                    + "."),
            new Base(
                "ES256 with r = s = 0",
                TokenMutations.encode(bytes("{\"alg\":\"ES256\",\"kid\":\"fuzz-ec-1\"}"))
                    + "."
                    + TokenMutations.encode(bytes(aliceClaims))
                    + "."
                    + TokenMutations.encode(new byte[64])),
            new Base(
                "RS256 naming the EC key",
                sign(rsa1, "{\"alg\":\"RS256\",\"kid\":\"fuzz-ec-1\"}", aliceClaims)));
    mutations = new TokenMutations(originals, forgeries);
  }

  @AfterAll
  static void stopIssuer() {
    if (decoder != null) {
      decoder.close();
    }
    if (jwks != null) {
      jwks.close();
    }
  }

  // --- the originals and the forgeries
  // -------------------------------------------------------------

  private static String claims(String subject, String audience) {
    long now = NOW.getEpochSecond();
    return "{\"iss\":\""
        + ISSUER
        + "\",\"sub\":\""
        + subject
        + "\",\"aud\":"
        + audience
        + ",\"exp\":"
        + (now + 3_600)
        + ",\"iat\":"
        + (now - 60)
        + ",\"nbf\":"
        + (now - 60)
        + ",\"scope\":\"mcp:read mcp:write\",\"client_id\":\"client-1\",\"jti\":\"j-"
        + subject
        + "\"}";
  }

  private static Base original(String name, JWK key, String header, String claims)
      throws JOSEException, ParseException {
    String token = sign(key, header, claims);
    String[] parts = token.split("\\.");
    SIGNED.put(
        parts[0] + "." + parts[1],
        new Signed(
            (String) JSONObjectUtils.parse(claims).get("sub"),
            Base64.getUrlDecoder().decode(parts[2]),
            parts[2]));
    return new Base(name, token);
  }

  /** Signs exactly these header and payload bytes, so the tests know the signing input. */
  private static String sign(JWK key, String header, String claims)
      throws JOSEException, ParseException {
    String signingInput =
        TokenMutations.encode(bytes(header)) + "." + TokenMutations.encode(bytes(claims));
    return signingInput
        + "."
        + TestKeys.signer(key)
            .sign(JWSHeader.parse(header), signingInput.getBytes(StandardCharsets.US_ASCII));
  }

  private static String hmac(byte[] secret, String header, String claims)
      throws GeneralSecurityException {
    String signingInput =
        TokenMutations.encode(bytes(header)) + "." + TokenMutations.encode(bytes(claims));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    return signingInput
        + "."
        + TokenMutations.encode(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // --- the oracle --------------------------------------------------------------------------------

  /**
   * The original token whose signed bytes {@code headers} carry, if they do: one header value, the
   * Bearer scheme in any case, the original header and payload segments, and a signature segment
   * that decodes to the original signature (its last character may differ in bits that base64url
   * decoding drops).
   */
  private static Optional<SignedBytes> signedBytes(List<String> headers) {
    if (headers.size() != 1) {
      return Optional.empty();
    }
    Matcher bearer = BEARER_JWS.matcher(headers.get(0));
    if (!bearer.matches()) {
      return Optional.empty();
    }
    Signed signed = SIGNED.get(bearer.group(1));
    if (signed == null) {
      return Optional.empty();
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(bearer.group(2));
    } catch (IllegalArgumentException notBase64url) {
      return Optional.empty();
    }
    return Arrays.equals(signature, signed.signature())
        ? Optional.of(
            new SignedBytes(signed.subject(), !bearer.group(2).equals(signed.encodedSignature())))
        : Optional.empty();
  }

  /** The verdict in a comparable form: who was accepted, or the code and message. */
  private static String outcome(Verdict verdict) {
    if (verdict instanceof Verdict.Accepted accepted) {
      return "accepted " + accepted.token().subject();
    }
    if (verdict instanceof Verdict.Rejected rejected) {
      return rejected.rejection().code().code() + ": " + rejected.rejection().message();
    }
    return "undecided: " + ((Verdict.Undecided) verdict).message();
  }

  private static String code(Verdict verdict) {
    if (verdict instanceof Verdict.Rejected rejected) {
      return rejected.rejection().code().code();
    }
    return verdict instanceof Verdict.Accepted ? "accepted" : "undecided";
  }

  private static AuthenticationRequest request(Mutant mutant) {
    return AuthenticationRequest.ofHeaders(mutant.headers());
  }

  // --- sanity
  // --------------------------------------------------------------------------------------

  @Test
  void the_original_tokens_are_accepted_and_the_forgeries_are_not() {
    for (Base original : mutations.originals()) {
      for (TokenVerificationService service : List.of(uncached, cached)) {
        Verdict verdict = service.authenticate(AuthenticationRequest.bearer(original.token()));

        assertThat(verdict).as(original.name()).isInstanceOf(Verdict.Accepted.class);
        assertThat(signedBytes(List.of("Bearer " + original.token())))
            .contains(new SignedBytes(((Verdict.Accepted) verdict).token().subject(), false));
      }
    }
    for (Base forgery : mutations.forgeries()) {
      Verdict verdict = uncached.authenticate(AuthenticationRequest.bearer(forgery.token()));

      assertThat(verdict).as(forgery.name()).isInstanceOf(Verdict.Rejected.class);
      assertThat(signedBytes(List.of("Bearer " + forgery.token()))).isEmpty();
    }
  }

  // --- properties --------------------------------------------------------------------------------

  @Test
  void authenticating_any_mutant_gives_a_verdict_and_never_throws() {
    Property.forAll("authenticate never throws", 50_000, mutations.all())
        .check(
            (mutant, trial) -> {
              Verdict verdict = uncached.authenticate(request(mutant));

              trial.collect("mutation", mutant.kind());
              trial.collect("wrapping", mutant.wrapping());
              trial.collect("verdict", code(verdict));
              assertThat(verdict).isNotNull();
            });
  }

  @Test
  void a_mutant_is_accepted_exactly_when_it_carries_the_signed_bytes() {
    AtomicInteger reachedSignature = new AtomicInteger();
    Property.Report report =
        Property.forAll(
                "never accepts without a valid signature (cache off)", 50_000, mutations.all())
            .check(
                (mutant, trial) -> {
                  Verdict verdict = uncached.authenticate(request(mutant));

                  Optional<SignedBytes> signed = signedBytes(mutant.headers());
                  trial.collect("mutation", mutant.kind());
                  trial.collect("base", mutant.base());
                  trial.collect(
                      "verdict",
                      code(verdict)
                          + signed
                              .map(
                                  bytes ->
                                      bytes.reencodedSignature()
                                          ? " (signed bytes, signature re-encoded)"
                                          : " (signed bytes)")
                              .orElse(""));
                  if (List.of("accepted", "invalid_signature").contains(code(verdict))) {
                    reachedSignature.incrementAndGet();
                  }
                  if (signed.isPresent()) {
                    assertThat(outcome(verdict)).isEqualTo("accepted " + signed.get().subject());
                  } else {
                    assertThat(verdict).isNotInstanceOf(Verdict.Accepted.class);
                  }
                });
    // A generator that only ever broke the shape would pass vacuously.
    assertThat(reachedSignature.get()).isGreaterThan(report.tries() / 10);
  }

  @Test
  void the_same_input_gets_the_same_verdict_from_the_same_or_a_fresh_service() {
    Property.forAll("the verdict is stable for the same input", 20_000, mutations.all())
        .check(
            (mutant, trial) -> {
              TokenVerificationService fresh =
                  new TokenVerificationService(decoder, POLICY, CLOCK, CacheSettings.disabled());

              String first = outcome(uncached.authenticate(request(mutant)));
              String again = outcome(uncached.authenticate(request(mutant)));
              String elsewhere = outcome(fresh.authenticate(request(mutant)));

              trial.collect("verdict", first.replaceFirst(":.*", ""));
              assertThat(again).isEqualTo(first);
              assertThat(elsewhere).isEqualTo(first);
            });
  }

  @Test
  void the_verified_token_cache_never_changes_a_verdict() {
    Generator<Mutant> mutants = mutations.all();
    Property.forAll("the cache never changes a verdict", 25_000, mutants)
        .check(
            (mutant, trial) -> {
              // Every original is in the cache, so a mutant that collides with one would hit.
              for (Base original : mutations.originals()) {
                cached.authenticate(AuthenticationRequest.bearer(original.token()));
              }

              String first = outcome(cached.authenticate(request(mutant)));
              String again = outcome(cached.authenticate(request(mutant)));
              String without = outcome(uncached.authenticate(request(mutant)));

              trial.collect("verdict", first.replaceFirst(":.*", ""));
              assertThat(first).isEqualTo(without);
              assertThat(again).isEqualTo(without);
            });
    assertThat(cached.cachedTokens()).isPositive();
  }

  @Test
  void issuer_signed_tokens_with_odd_claims_are_judged_by_the_rules() throws Exception {
    RSAKey key = TestKeys.rsa("fuzz-rsa-1");
    String header = "{\"alg\":\"RS256\",\"kid\":\"fuzz-rsa-1\"}";
    String claims = claims("erin", "\"" + AUDIENCE + "\"");
    Generator<String> tokens =
        random -> {
          String signingInput =
              TokenMutations.encode(bytes(header))
                  + "."
                  + TokenMutations.encode(
                      TokenMutations.oddPayload(claims, NOW.getEpochSecond(), random));
          try {
            return signingInput
                + "."
                + TestKeys.signer(key)
                    .sign(
                        JWSHeader.parse(header), signingInput.getBytes(StandardCharsets.US_ASCII));
          } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
          }
        };
    Property.forAll("issuer-signed odd claims are judged by the rules", 3_000, tokens)
        .check(
            (token, trial) -> {
              Verdict verdict = uncached.authenticate(AuthenticationRequest.bearer(token));

              trial.collect("verdict", code(verdict));
              assertThat(outcome(uncached.authenticate(AuthenticationRequest.bearer(token))))
                  .isEqualTo(outcome(verdict));
              if (verdict instanceof Verdict.Accepted accepted) {
                assertObeysTheRules(accepted.token().claims().raw());
              }
            });
  }

  /** What every accepted token's claims satisfy under the policy, as the rules state it. */
  private static void assertObeysTheRules(Map<String, Object> claims) {
    long now = NOW.getEpochSecond();
    long skew = POLICY.clockSkew().toSeconds();
    assertThat(claims.get("iss")).isEqualTo(ISSUER);
    assertThat(claims.get("sub")).isInstanceOf(String.class).isNotEqualTo("");
    Object aud = claims.get("aud");
    assertThat(aud instanceof List<?> list ? list : List.of(aud)).contains(AUDIENCE);
    assertThat(claims).doesNotContainKey("cnf");
    assertThat(claims.get("exp")).isInstanceOf(Number.class);
    assertThat(Math.floor(((Number) claims.get("exp")).doubleValue())).isGreaterThan(now - skew);
    if (claims.get("nbf") instanceof Number nbf) {
      assertThat(Math.floor(nbf.doubleValue())).isLessThanOrEqualTo(now + skew);
    }
    if (claims.get("iat") instanceof Number iat) {
      assertThat(Math.floor(iat.doubleValue())).isLessThanOrEqualTo(now + skew);
    }
  }
}
