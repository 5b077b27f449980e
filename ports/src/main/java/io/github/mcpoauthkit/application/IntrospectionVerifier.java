package io.github.mcpoauthkit.application;

import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.TokenRules;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.port.driven.IntrospectionResult;
import io.github.mcpoauthkit.port.driven.TokenIntrospector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verifies a token by asking its issuer (RFC 7662) and judging the answer with the domain's {@link
 * TokenRules#evaluateIntrospected}, with the bounds an issuer's endpoint needs:
 *
 * <ul>
 *   <li>answers are cached by the SHA-256 of the token, never the token: an accepted one until the
 *       earlier of the token's {@code exp} and {@link IntrospectionSettings#cacheTtl()}, a refusal
 *       for {@link IntrospectionSettings#negativeCacheTtl()}, in at most {@link
 *       IntrospectionSettings#cacheSize()} entries;
 *   <li>concurrent requests with one token share one call (single flight);
 *   <li>calls are limited in rate and concurrency; beyond either, and whenever the issuer gives no
 *       usable answer, the verdict is {@link Verdict.Undecided} (503 with {@code Retry-After}),
 *       never an acceptance and never a refusal, and it is not cached.
 * </ul>
 *
 * <p>Scopes are not checked here: the caller authorizes the accepted verdict for its request, as
 * for a JWT. Thread-safe; never throws for any token, and a request waiting for another's call
 * waits no longer than that call, which the introspector bounds in time. Time comes only from the
 * injected {@link Clock}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7662">RFC 7662</a>
 */
public final class IntrospectionVerifier {

  private static final String UNAVAILABLE =
      "The issuer's token introspection is temporarily unavailable; retry later";
  private static final String LIMITED = "Too many token introspections right now; retry later";
  private static final Duration RETRY_AFTER_SHARED_FAILURE = Duration.ofSeconds(1);

  private final TokenIntrospector introspector;
  private final TokenRules rules;
  private final Clock clock;
  private final IntrospectionCache cache;
  private final ConcurrentHashMap<IntrospectionCache.Digest, CompletableFuture<Verdict>> calls =
      new ConcurrentHashMap<>();
  private final LongAdder activeAnswers = new LongAdder();
  private final LongAdder inactiveAnswers = new LongAdder();
  private final LongAdder failedCalls = new LongAdder();
  private final LongAdder limitedCalls = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder sharedCalls = new LongAdder();

  /**
   * @param introspector asks one issuer; its calls are limited here as {@code settings} say
   * @param rules the rules the answers must pass; their policy's issuer is the one {@code
   *     introspector} asks
   * @param clock the source of the current time, for the rules, the cache and the rate limit
   * @param settings the bounds of the cache and of the calls
   * @throws NullPointerException if an argument is null
   */
  public IntrospectionVerifier(
      TokenIntrospector introspector,
      TokenRules rules,
      Clock clock,
      IntrospectionSettings settings) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(settings, "settings");
    this.introspector = new IntrospectionLimiter(introspector, clock, settings);
    this.cache = new IntrospectionCache(settings);
  }

  /**
   * The verdict on {@code token}: from the cache, from a call already in flight for the same token,
   * or from a new call.
   *
   * @return {@link Verdict.Accepted} (scopes not yet checked), {@link Verdict.Rejected} ({@code
   *     token_inactive} or a claim rule's code), or {@link Verdict.Undecided} when no answer could
   *     be had
   * @throws NullPointerException if {@code token} is null
   */
  public Verdict verify(BearerToken token) {
    Objects.requireNonNull(token, "token");
    IntrospectionCache.Digest digest = IntrospectionCache.Digest.of(token);
    Verdict cached = cache.lookup(digest, clock.millis());
    if (cached != null) {
      cacheHits.increment();
      return cached;
    }
    CompletableFuture<Verdict> mine = new CompletableFuture<>();
    CompletableFuture<Verdict> running = calls.putIfAbsent(digest, mine);
    if (running != null) {
      sharedCalls.increment();
      return await(running);
    }
    try {
      // A call that ended between the lookup above and putIfAbsent has stored its verdict.
      Verdict verdict = cache.lookup(digest, clock.millis());
      if (verdict == null) {
        verdict = ask(token, digest);
      } else {
        cacheHits.increment();
      }
      mine.complete(verdict);
      return verdict;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      calls.remove(digest, mine);
    }
  }

  private Verdict ask(BearerToken token, IntrospectionCache.Digest digest) {
    IntrospectionResult result = introspector.introspect(token);
    if (result instanceof IntrospectionResult.Unavailable unavailable) {
      boolean limited = unavailable.reason() == IntrospectionResult.Reason.LIMITED;
      (limited ? limitedCalls : failedCalls).increment();
      return new Verdict.Undecided(limited ? LIMITED : UNAVAILABLE, unavailable.retryAfter());
    }
    long nowMillis = clock.millis();
    Verdict verdict;
    if (result instanceof IntrospectionResult.Active active) {
      activeAnswers.increment();
      verdict = rules.evaluateIntrospected(active.response(), Instant.ofEpochMilli(nowMillis));
    } else {
      inactiveAnswers.increment();
      verdict = new Verdict.Rejected(Rejection.of(RejectionCode.TOKEN_INACTIVE));
    }
    if (verdict instanceof Verdict.Accepted accepted) {
      cache.storeAccepted(digest, accepted, nowMillis);
    } else if (verdict instanceof Verdict.Rejected rejected) {
      cache.storeRejected(digest, rejected, nowMillis);
    }
    return verdict;
  }

  /** The verdict of another request's call; no answer if that call failed or we are interrupted. */
  private static Verdict await(CompletableFuture<Verdict> running) {
    try {
      return running.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Verdict.Undecided(UNAVAILABLE, RETRY_AFTER_SHARED_FAILURE);
    } catch (ExecutionException e) {
      return new Verdict.Undecided(UNAVAILABLE, RETRY_AFTER_SHARED_FAILURE);
    }
  }

  /** How many answers are cached now; for tests and metrics. */
  public int cachedAnswers() {
    return cache.size();
  }

  /** How many answers (active or not) the issuer gave so far; calls that gave none not counted. */
  public long introspections() {
    return activeAnswers.sum() + inactiveAnswers.sum();
  }

  /**
   * How many calls the issuer answered {@code "active": true} so far, whether or not the rules then
   * accepted the token (another audience, no {@code exp}: still an active answer).
   */
  public long activeAnswers() {
    return activeAnswers.sum();
  }

  /** How many calls the issuer answered that the token is not active so far. */
  public long inactiveAnswers() {
    return inactiveAnswers.sum();
  }

  /**
   * How many calls to the issuer gave no usable answer so far: unreachable, timed out, an error
   * status, an oversized or malformed body (every {@link IntrospectionResult.Reason} but {@link
   * IntrospectionResult.Reason#LIMITED}).
   */
  public long failedCalls() {
    return failedCalls.sum();
  }

  /**
   * How many verifications were answered 503 without a call so far because this resource server's
   * own limit on calls (rate or concurrency) was reached; requests that shared such a verification
   * are counted in {@link #sharedCalls()} only.
   */
  public long limitedCalls() {
    return limitedCalls.sum();
  }

  /**
   * How many verifications were answered from the cache so far.
   *
   * <p>Every verification is counted once, in exactly one of: this, {@link #sharedCalls()}, {@link
   * #limitedCalls()}, {@link #activeAnswers()}, {@link #inactiveAnswers()}, {@link #failedCalls()}.
   */
  public long cacheHits() {
    return cacheHits.sum();
  }

  /** How many verifications waited for a call another request had started for the same token. */
  public long sharedCalls() {
    return sharedCalls.sum();
  }
}
