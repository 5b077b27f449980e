package io.github.mcpoauthkit.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.TokenRules;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.port.driven.IntrospectionResult;
import io.github.mcpoauthkit.testing.InMemoryTokenIntrospector;
import io.github.mcpoauthkit.testing.MutableClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IntrospectionVerifierTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISSUER = "https://issuer.example";
  private static final String AUDIENCE = "https://mcp.example/mcp";
  private static final TokenRules RULES =
      new TokenRules(
          ValidationPolicy.forIssuer(new Issuer(ISSUER))
              .withAudiences(Set.of(new Audience(AUDIENCE))));

  private final MutableClock clock = new MutableClock(START);
  private final InMemoryTokenIntrospector issuer = new InMemoryTokenIntrospector();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    issuer.releaseCalls();
    pool.shutdownNow();
  }

  private IntrospectionVerifier verifier(IntrospectionSettings settings) {
    return new IntrospectionVerifier(issuer, RULES, clock, settings);
  }

  private IntrospectionVerifier verifier() {
    return verifier(IntrospectionSettings.DEFAULT);
  }

  /** An active token for this resource, expiring {@code expiresIn} from the start. */
  private BearerToken active(String token, Duration expiresIn) {
    issuer.activate(
        token,
        Map.of(
            "sub",
            "user-" + token,
            "aud",
            AUDIENCE,
            "scope",
            "read",
            "exp",
            START.plus(expiresIn).getEpochSecond()));
    return new BearerToken(token);
  }

  private static RejectionCode code(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    return ((Verdict.Rejected) verdict).rejection().code();
  }

  private static IntrospectionSettings settings(
      int size, Duration ttl, Duration negativeTtl, int concurrent, int perSecond) {
    return new IntrospectionSettings(size, ttl, negativeTtl, concurrent, perSecond);
  }

  @Test
  void an_active_answer_passing_the_rules_is_accepted_with_its_principal() {
    Verdict verdict = verifier().verify(active("opaque-1", Duration.ofMinutes(5)));

    assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
    assertThat(((Verdict.Accepted) verdict).token().subject()).isEqualTo("user-opaque-1");
  }

  @Test
  void an_inactive_token_is_refused_as_token_inactive() {
    assertThat(code(verifier().verify(new BearerToken("revoked"))))
        .isEqualTo(RejectionCode.TOKEN_INACTIVE);
  }

  @Test
  void an_active_answer_the_rules_refuse_is_refused_with_the_rules_code() {
    issuer.activate(
        "other-aud",
        Map.of(
            "sub",
            "u",
            "aud",
            "https://other/mcp",
            "exp",
            START.plusSeconds(300).getEpochSecond()));
    issuer.activate("no-exp", Map.of("sub", "u", "aud", AUDIENCE));

    assertThat(code(verifier().verify(new BearerToken("other-aud"))))
        .isEqualTo(RejectionCode.AUDIENCE_MISMATCH);
    assertThat(code(verifier().verify(new BearerToken("no-exp"))))
        .isEqualTo(RejectionCode.EXPIRY_MISSING);
  }

  @Test
  void an_unavailable_issuer_is_undecided_with_its_retry_after_and_never_cached() {
    IntrospectionVerifier verifier = verifier();
    BearerToken token = active("opaque-1", Duration.ofMinutes(5));
    issuer.goDown(IntrospectionResult.Reason.TIMEOUT, Duration.ofSeconds(7));

    Verdict verdict = verifier.verify(token);

    assertThat(verdict).isInstanceOf(Verdict.Undecided.class);
    assertThat(((Verdict.Undecided) verdict).retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(verifier.cachedAnswers()).isZero();
    issuer.comeBack();
    assertThat(verifier.verify(token)).isInstanceOf(Verdict.Accepted.class);
    assertThat(issuer.calls()).isEqualTo(2);
  }

  // --- counts ----------------------------------------------------------------------------------

  @Test
  void every_verification_is_counted_once_by_how_it_was_answered() {
    IntrospectionVerifier verifier =
        verifier(settings(100, Duration.ofSeconds(60), Duration.ofSeconds(10), 8, 4));
    BearerToken good = active("opaque-1", Duration.ofHours(1));
    issuer.activate("other-aud", Map.of("sub", "u", "aud", "https://other/mcp", "exp", 1L << 40));

    verifier.verify(good);
    verifier.verify(good);
    verifier.verify(new BearerToken("other-aud"));
    verifier.verify(new BearerToken("revoked"));
    issuer.goDown(IntrospectionResult.Reason.ERROR_RESPONSE, Duration.ofSeconds(2));
    verifier.verify(active("opaque-2", Duration.ofHours(1)));
    verifier.verify(active("opaque-3", Duration.ofHours(1)));

    assertThat(verifier.activeAnswers()).as("refused by the rules, still active").isEqualTo(2);
    assertThat(verifier.inactiveAnswers()).isEqualTo(1);
    assertThat(verifier.failedCalls()).isEqualTo(1);
    assertThat(verifier.limitedCalls()).as("the fifth call in the second").isEqualTo(1);
    assertThat(verifier.cacheHits()).isEqualTo(1);
    assertThat(verifier.sharedCalls()).isZero();
    assertThat(verifier.introspections()).isEqualTo(3);
    assertThat(issuer.calls()).isEqualTo(4);
  }

  // --- cache -----------------------------------------------------------------------------------

  @Test
  void an_accepted_answer_is_cached_for_the_ttl() {
    IntrospectionVerifier verifier = verifier();
    BearerToken token = active("opaque-1", Duration.ofHours(1));

    verifier.verify(token);
    clock.advance(Duration.ofSeconds(59));
    verifier.verify(token);
    assertThat(issuer.calls()).isEqualTo(1);
    assertThat(verifier.cacheHits()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    verifier.verify(token);
    assertThat(issuer.calls()).isEqualTo(2);
  }

  @Test
  void an_accepted_answer_is_never_cached_past_the_tokens_exp() {
    IntrospectionVerifier verifier = verifier();
    BearerToken token = active("opaque-1", Duration.ofSeconds(20));

    verifier.verify(token);
    clock.advance(Duration.ofSeconds(19));
    verifier.verify(token);
    assertThat(issuer.calls()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    verifier.verify(token);
    assertThat(issuer.calls()).isEqualTo(2);
  }

  @Test
  void a_revoked_token_stays_accepted_at_most_the_ttl() {
    IntrospectionVerifier verifier =
        verifier(settings(100, Duration.ofSeconds(30), Duration.ofSeconds(10), 4, 100));
    BearerToken token = active("opaque-1", Duration.ofHours(1));
    verifier.verify(token);
    issuer.revoke("opaque-1");

    assertThat(verifier.verify(token)).isInstanceOf(Verdict.Accepted.class);
    clock.advance(Duration.ofSeconds(30));
    assertThat(code(verifier.verify(token))).isEqualTo(RejectionCode.TOKEN_INACTIVE);
  }

  @Test
  void a_refusal_is_cached_for_the_negative_ttl_only() {
    IntrospectionVerifier verifier = verifier();
    BearerToken garbage = new BearerToken("garbage");

    verifier.verify(garbage);
    clock.advance(Duration.ofSeconds(9));
    assertThat(code(verifier.verify(garbage))).isEqualTo(RejectionCode.TOKEN_INACTIVE);
    assertThat(issuer.calls()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    verifier.verify(garbage);
    assertThat(issuer.calls()).isEqualTo(2);
  }

  @Test
  void a_zero_negative_ttl_caches_no_refusal() {
    IntrospectionVerifier verifier =
        verifier(settings(100, Duration.ofSeconds(60), Duration.ZERO, 4, 100));

    verifier.verify(new BearerToken("garbage"));
    verifier.verify(new BearerToken("garbage"));

    assertThat(issuer.calls()).isEqualTo(2);
  }

  @Test
  void a_cache_of_size_zero_asks_every_time() {
    IntrospectionVerifier verifier =
        verifier(settings(0, Duration.ofSeconds(60), Duration.ofSeconds(10), 4, 100));
    BearerToken token = active("opaque-1", Duration.ofHours(1));

    verifier.verify(token);
    verifier.verify(token);

    assertThat(issuer.calls()).isEqualTo(2);
    assertThat(verifier.cachedAnswers()).isZero();
  }

  @Test
  void the_cache_stays_within_its_bound() {
    IntrospectionVerifier verifier =
        verifier(settings(50, Duration.ofSeconds(60), Duration.ofSeconds(10), 4, 10_000));

    for (int i = 0; i < 500; i++) {
      verifier.verify(active("opaque-" + i, Duration.ofHours(1)));
      verifier.verify(new BearerToken("garbage-" + i));
    }

    assertThat(verifier.cachedAnswers()).isLessThanOrEqualTo(50);
  }

  @Test
  void the_cache_key_is_the_sha256_of_the_token_not_the_token() throws Exception {
    BearerToken token = new BearerToken("opaque-secret");
    ByteBuffer expected =
        ByteBuffer.wrap(
            MessageDigest.getInstance("SHA-256")
                .digest("opaque-secret".getBytes(StandardCharsets.UTF_8)));

    IntrospectionCache.Digest digest = IntrospectionCache.Digest.of(token);

    assertThat(digest)
        .isEqualTo(
            new IntrospectionCache.Digest(
                expected.getLong(), expected.getLong(), expected.getLong(), expected.getLong()));
    assertThat(digest.toString()).doesNotContain("opaque-secret");
    assertThat(IntrospectionCache.Digest.of(new BearerToken("opaque-secreT"))).isNotEqualTo(digest);
  }

  // --- single flight ---------------------------------------------------------------------------

  @Test
  void concurrent_requests_with_one_token_share_one_call() throws Exception {
    IntrospectionVerifier verifier = verifier();
    BearerToken token = active("opaque-1", Duration.ofHours(1));
    issuer.holdCalls();

    List<Future<Verdict>> verdicts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      verdicts.add(pool.submit(() -> verifier.verify(token)));
    }
    awaitUntil(() -> issuer.waitingCalls() == 1 && verifier.sharedCalls() == 7);
    issuer.releaseCalls();

    for (Future<Verdict> verdict : verdicts) {
      assertThat(verdict.get(10, TimeUnit.SECONDS)).isInstanceOf(Verdict.Accepted.class);
    }
    assertThat(issuer.calls()).isEqualTo(1);
  }

  @Test
  void requests_sharing_a_call_that_gets_no_answer_are_all_undecided() throws Exception {
    IntrospectionVerifier verifier = verifier();
    BearerToken token = active("opaque-1", Duration.ofHours(1));
    issuer.goDown(IntrospectionResult.Reason.UNREACHABLE, Duration.ofSeconds(3));
    issuer.holdCalls();

    List<Future<Verdict>> verdicts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      verdicts.add(pool.submit(() -> verifier.verify(token)));
    }
    awaitUntil(() -> issuer.waitingCalls() == 1 && verifier.sharedCalls() == 3);
    issuer.releaseCalls();

    for (Future<Verdict> verdict : verdicts) {
      assertThat(verdict.get(10, TimeUnit.SECONDS)).isInstanceOf(Verdict.Undecided.class);
    }
    assertThat(issuer.calls()).isEqualTo(1);
  }

  // --- limits ----------------------------------------------------------------------------------

  @Test
  void calls_beyond_the_concurrency_limit_are_undecided_at_once_not_queued() throws Exception {
    IntrospectionVerifier verifier =
        verifier(settings(100, Duration.ofSeconds(60), Duration.ofSeconds(10), 2, 100));
    BearerToken first = active("opaque-1", Duration.ofHours(1));
    BearerToken second = active("opaque-2", Duration.ofHours(1));
    BearerToken third = active("opaque-3", Duration.ofHours(1));
    issuer.holdCalls();
    Future<Verdict> one = pool.submit(() -> verifier.verify(first));
    Future<Verdict> two = pool.submit(() -> verifier.verify(second));
    awaitUntil(() -> issuer.waitingCalls() == 2);

    Verdict limited = verifier.verify(third);

    assertThat(limited).isInstanceOf(Verdict.Undecided.class);
    assertThat(((Verdict.Undecided) limited).message()).startsWith("Too many token introspections");
    assertThat(issuer.calls()).isEqualTo(2);
    issuer.releaseCalls();
    assertThat(one.get(10, TimeUnit.SECONDS)).isInstanceOf(Verdict.Accepted.class);
    assertThat(two.get(10, TimeUnit.SECONDS)).isInstanceOf(Verdict.Accepted.class);
    assertThat(verifier.verify(third)).isInstanceOf(Verdict.Accepted.class);
  }

  @Test
  void calls_beyond_the_rate_limit_are_undecided_until_the_bucket_refills() {
    IntrospectionVerifier verifier =
        verifier(settings(100, Duration.ofSeconds(60), Duration.ofSeconds(10), 8, 3));
    for (int i = 0; i < 3; i++) {
      assertThat(verifier.verify(active("opaque-" + i, Duration.ofHours(1))))
          .isInstanceOf(Verdict.Accepted.class);
    }

    Verdict limited = verifier.verify(active("opaque-3", Duration.ofHours(1)));
    assertThat(limited).isInstanceOf(Verdict.Undecided.class);
    assertThat(((Verdict.Undecided) limited).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(issuer.calls()).isEqualTo(3);

    // Cached answers cost no call, so they pass while the bucket is empty.
    assertThat(verifier.verify(new BearerToken("opaque-0"))).isInstanceOf(Verdict.Accepted.class);

    clock.advance(Duration.ofMillis(334));
    assertThat(verifier.verify(new BearerToken("opaque-3"))).isInstanceOf(Verdict.Accepted.class);
    assertThat(verifier.verify(active("opaque-4", Duration.ofHours(1))))
        .isInstanceOf(Verdict.Undecided.class);
  }

  @Test
  void a_clock_stepped_back_refills_nothing() {
    IntrospectionVerifier verifier =
        verifier(settings(100, Duration.ofSeconds(60), Duration.ofSeconds(10), 8, 1));
    verifier.verify(active("opaque-0", Duration.ofHours(1)));

    clock.set(START.minusSeconds(3600));

    assertThat(verifier.verify(active("opaque-1", Duration.ofHours(1))))
        .isInstanceOf(Verdict.Undecided.class);
  }

  @Test
  void settings_are_validated() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings(-1, Duration.ofSeconds(1), Duration.ZERO, 1, 1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings(1, Duration.ZERO, Duration.ZERO, 1, 1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings(1, Duration.ofSeconds(1), Duration.ofSeconds(-1), 1, 1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings(1, Duration.ofSeconds(1), Duration.ZERO, 0, 1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings(1, Duration.ofSeconds(1), Duration.ZERO, 1, 0));
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(5);
    }
  }
}
