package io.github.mcpoauthkit.application;

import io.github.mcpoauthkit.domain.token.AuthorizationScheme;
import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.Credentials;
import io.github.mcpoauthkit.domain.token.JwtShape;
import io.github.mcpoauthkit.domain.token.ParsedClaims;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.TokenClaims;
import io.github.mcpoauthkit.domain.token.TokenRules;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.domain.token.dpop.DPoPBinding;
import io.github.mcpoauthkit.domain.token.dpop.DPoPNonces;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import io.github.mcpoauthkit.domain.token.dpop.DPoPProof;
import io.github.mcpoauthkit.domain.token.dpop.DPoPProofRules;
import io.github.mcpoauthkit.domain.token.dpop.ProofClaims;
import io.github.mcpoauthkit.port.driven.DecodeResult;
import io.github.mcpoauthkit.port.driven.ProofDecodeResult;
import io.github.mcpoauthkit.port.driven.ReplayCache;
import io.github.mcpoauthkit.port.driven.TokenDecoder;
import io.github.mcpoauthkit.port.driving.AuthenticationRequest;
import io.github.mcpoauthkit.port.driving.RequestAuthenticator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The application service behind {@link RequestAuthenticator}: reads the credentials, checks the
 * token's shape, its signature through the {@link TokenDecoder} and its claims through the domain's
 * {@link TokenRules}, then the scopes the request needs; accepted tokens are cached.
 *
 * <p>Thread-safe. It never throws for anything a client sends. Time comes only from the injected
 * {@link Clock}.
 */
public final class TokenVerificationService implements RequestAuthenticator {

  private static final Verdict TOKEN_OUTSIDE_HEADER =
      Verdict.rejected(RejectionCode.TOKEN_OUTSIDE_HEADER);
  private static final Verdict NO_CREDENTIALS = Verdict.rejected(RejectionCode.NO_CREDENTIALS);

  private static final Duration REPLAY_CACHE_FULL_RETRY = Duration.ofSeconds(1);

  private final TokenDecoder decoder;
  private final ValidationPolicy policy;
  private final TokenRules rules;
  private final DPoPVerification dpop;
  private final DPoPProofRules proofRules;
  private final IntrospectionVerifier introspection;
  private final boolean jwtsLocally;
  private final Clock clock;
  private final VerifiedTokenCache cache;
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();

  /**
   * @param decoder checks signatures against the issuer's keys
   * @param policy what tokens are accepted
   * @param clock the source of the current time
   * @param cacheSettings bounds of the verified-token cache
   * @throws NullPointerException if an argument is null
   */
  public TokenVerificationService(
      TokenDecoder decoder, ValidationPolicy policy, Clock clock, CacheSettings cacheSettings) {
    this(decoder, policy, clock, cacheSettings, Optional.empty(), Optional.empty());
  }

  /**
   * A service that also accepts DPoP-bound tokens (RFC 9449) as {@code dpop} says; with its mode
   * {@link DPoPPolicy.Mode#OFF} it is the service above.
   *
   * @throws NullPointerException if an argument is null
   */
  public TokenVerificationService(
      TokenDecoder decoder,
      ValidationPolicy policy,
      Clock clock,
      CacheSettings cacheSettings,
      DPoPVerification dpop) {
    this(decoder, policy, clock, cacheSettings, whenOn(dpop), Optional.empty());
  }

  /**
   * A service that also verifies tokens by introspection (RFC 7662): every token, or those that are
   * not shaped as a signed JWT, as {@code introspection} says; the answers pass the same rules and
   * the same DPoP binding as a JWT's claims.
   *
   * @throws NullPointerException if an argument is null
   */
  public TokenVerificationService(
      TokenDecoder decoder,
      ValidationPolicy policy,
      Clock clock,
      CacheSettings cacheSettings,
      DPoPVerification dpop,
      TokenIntrospection introspection) {
    this(
        decoder,
        policy,
        clock,
        cacheSettings,
        whenOn(dpop),
        Optional.of(Objects.requireNonNull(introspection, "introspection")));
  }

  private static Optional<DPoPVerification> whenOn(DPoPVerification dpop) {
    return Optional.of(Objects.requireNonNull(dpop, "dpop"))
        .filter(on -> on.policy().mode() != DPoPPolicy.Mode.OFF);
  }

  private TokenVerificationService(
      TokenDecoder decoder,
      ValidationPolicy policy,
      Clock clock,
      CacheSettings cacheSettings,
      Optional<DPoPVerification> dpop,
      Optional<TokenIntrospection> introspection) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(policy, "policy");
    // With DPoP on, a bound token passes the rules and DPoPBinding decides how it may be used;
    // with DPoP off it is refused by the rules, whatever the policy given says, since nothing
    // would check its binding.
    this.policy = policy;
    this.rules = new TokenRules(policy.withBoundTokensAccepted(dpop.isPresent()));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cache = new VerifiedTokenCache(Objects.requireNonNull(cacheSettings, "cacheSettings"));
    this.dpop = dpop.orElse(null);
    this.proofRules = dpop.map(on -> new DPoPProofRules(on.policy())).orElse(null);
    this.introspection =
        introspection
            .map(
                on ->
                    new IntrospectionVerifier(on.introspector(), rules, this.clock, on.settings()))
            .orElse(null);
    this.jwtsLocally = introspection.map(TokenIntrospection::jwtsLocally).orElse(true);
  }

  /** The introspection verifier, when tokens are introspected; for metrics. */
  public Optional<IntrospectionVerifier> introspection() {
    return Optional.ofNullable(introspection);
  }

  /** The policy applied. */
  public ValidationPolicy policy() {
    return policy;
  }

  @Override
  public Verdict authenticate(AuthenticationRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.tokenOutsideHeader()) {
      return TOKEN_OUTSIDE_HEADER;
    }
    List<String> headers = request.authorizationHeaders();
    long nowMillis = clock.millis();
    if (dpop != null) {
      return authenticateWithDPoP(request, headers, nowMillis);
    }
    if (headers.size() == 1) {
      // This exact header value was parsed and verified before: skip both.
      Verdict.Accepted cached = cache.lookup(headers.get(0), nowMillis, decoder.currentKeys());
      if (cached != null) {
        cacheHits.increment();
        return rules.authorize(cached, request.requestScopes());
      }
    }
    Credentials credentials = Credentials.fromHeaders(headers);
    if (credentials instanceof Credentials.None) {
      return NO_CREDENTIALS;
    }
    if (credentials instanceof Credentials.Malformed malformed) {
      return new Verdict.Rejected(malformed.rejection());
    }
    BearerToken token = ((Credentials.Presented) credentials).token();
    // Only a single header is cached: with several, the request is refused before this point.
    Verdict verdict = verify(token, headers.get(0), nowMillis);
    return verdict instanceof Verdict.Accepted accepted
        ? rules.authorize(accepted, request.requestScopes())
        : verdict;
  }

  /**
   * RFC 9449 §4.3 and §7.1: the proof is checked before the token (a bad proof costs no signature
   * check of the token), the binding after it, and the proof is remembered as used last, so that
   * only proofs that passed everything occupy the replay cache.
   */
  private Verdict authenticateWithDPoP(
      AuthenticationRequest request, List<String> headers, long nowMillis) {
    DPoPPolicy policy = dpop.policy();
    Credentials credentials = Credentials.fromHeaders(headers, policy.acceptedSchemes());
    if (credentials instanceof Credentials.None) {
      return NO_CREDENTIALS;
    }
    if (credentials instanceof Credentials.Malformed malformed) {
      return new Verdict.Rejected(malformed.rejection());
    }
    Credentials.Presented presented = (Credentials.Presented) credentials;
    if (presented.scheme() == AuthorizationScheme.BEARER
        && policy.mode() == DPoPPolicy.Mode.REQUIRED) {
      // Refused before the token is looked at: its validity is no business of a client that
      // cannot use it here, and it costs no signature check.
      return Verdict.rejected(RejectionCode.DPOP_REQUIRED);
    }
    BearerToken token = presented.token();
    Instant now = Instant.ofEpochMilli(nowMillis);
    DPoPProof proof = null;
    ProofClaims proofClaims = null;
    if (presented.scheme() == AuthorizationScheme.DPOP) {
      DPoPProofRules.Checked<String> single = DPoPProofRules.singleProof(request.dpopHeaders());
      if (single.rejection().isPresent()) {
        return new Verdict.Rejected(single.rejection().get());
      }
      ProofDecodeResult decoded =
          dpop.proofs().decode(single.value().orElseThrow(), policy.algorithms());
      if (decoded instanceof ProofDecodeResult.Rejected rejected) {
        return new Verdict.Rejected(rejected.rejection());
      }
      proof = ((ProofDecodeResult.Decoded) decoded).proof();
      DPoPProofRules.Checked<ProofClaims> checked =
          proofRules.evaluate(proof, request.method(), token, now);
      if (checked.rejection().isPresent()) {
        return new Verdict.Rejected(checked.rejection().get());
      }
      proofClaims = checked.value().orElseThrow();
      Optional<Rejection> nonce = nonceCheck(proofClaims, now);
      if (nonce.isPresent()) {
        return new Verdict.Rejected(nonce.get());
      }
    }
    // Presented means exactly one Authorization header.
    String headerValue = headers.get(0);
    Verdict verdict = cache.lookup(headerValue, nowMillis, decoder.currentKeys());
    if (verdict != null) {
      cacheHits.increment();
    } else {
      verdict = verify(token, headerValue, nowMillis);
    }
    if (!(verdict instanceof Verdict.Accepted accepted)) {
      return verdict;
    }
    Optional<Rejection> binding =
        DPoPBinding.check(
            policy.mode(),
            presented.scheme(),
            accepted.token(),
            Optional.ofNullable(proof).map(DPoPProof::keyThumbprint));
    if (binding.isPresent()) {
      return new Verdict.Rejected(binding.get());
    }
    if (proofClaims != null) {
      Instant until = proofClaims.issuedAt().plus(policy.maxAge()).plus(policy.futureSkew());
      ReplayCache.Use use =
          dpop.replays()
              .markUsed(
                  DPoPProofRules.replayDigest(proof.keyThumbprint(), proofClaims.jti()),
                  until,
                  now);
      if (use == ReplayCache.Use.REPLAYED) {
        return Verdict.rejected(RejectionCode.DPOP_PROOF_REPLAYED);
      }
      if (use == ReplayCache.Use.FULL) {
        return new Verdict.Undecided(
            "Too many DPoP proofs to remember within their window", REPLAY_CACHE_FULL_RETRY);
      }
    }
    return rules.authorize(accepted, request.requestScopes());
  }

  // RFC 9449 §9: without the nonce asked for, or with one not handed out lately, the client is
  // told the current one (in the DPoP-Nonce header) and retries.
  private Optional<Rejection> nonceCheck(ProofClaims claims, Instant now) {
    if (dpop.nonces().isEmpty()) {
      return Optional.empty();
    }
    DPoPNonces nonces = dpop.nonces().get();
    if (claims.nonce().isEmpty()) {
      return Optional.of(
          Rejection.of(RejectionCode.DPOP_NONCE_REQUIRED).withDPoPNonce(nonces.current(now)));
    }
    if (!nonces.accepts(claims.nonce().get(), now)) {
      return Optional.of(
          Rejection.of(RejectionCode.DPOP_NONCE_STALE).withDPoPNonce(nonces.current(now)));
    }
    return Optional.empty();
  }

  /**
   * Only the scopes: {@code accepted} came from {@link #authenticate} for {@code request}, so its
   * token was verified then.
   */
  @Override
  public Verdict authorize(
      AuthenticationRequest request, Verdict.Accepted accepted, Set<Scope> scopes) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(accepted, "accepted");
    Objects.requireNonNull(scopes, "scopes");
    return rules.authorize(accepted, request.needing(scopes).requestScopes());
  }

  /** Checks the token of {@code headerValue}; caches the value if the token is accepted. */
  private Verdict verify(BearerToken token, String headerValue, long nowMillis) {
    // Introspected answers are cached by the verifier, for no longer than its own bounds; they
    // never enter the verified-token cache, whose lifetime follows the keys.
    if (introspection != null && !(jwtsLocally && isSignedJwtShape(token))) {
      return introspection.verify(token);
    }
    // Counted here, not at the lookup: an introspected token never enters this cache, so its
    // lookup always misses, and counting it would make the JWT cache look useless in hybrid mode.
    cacheMisses.increment();
    Optional<Rejection> badShape = JwtShape.check(token);
    if (badShape.isPresent()) {
      return new Verdict.Rejected(badShape.get());
    }
    DecodeResult decoded = decoder.decode(token);
    if (decoded instanceof DecodeResult.Rejected rejected) {
      return new Verdict.Rejected(rejected.rejection());
    }
    if (decoded instanceof DecodeResult.Undecided undecided) {
      return new Verdict.Undecided(undecided.message(), undecided.retryAfter());
    }
    DecodeResult.Decoded signed = (DecodeResult.Decoded) decoded;
    ParsedClaims parsed = TokenClaims.parse(signed.claims());
    if (parsed instanceof ParsedClaims.Malformed malformed) {
      return new Verdict.Rejected(malformed.rejection());
    }
    TokenClaims claims = ((ParsedClaims.Valid) parsed).claims();
    Verdict verdict = rules.evaluate(signed.header(), claims, Instant.ofEpochMilli(nowMillis));
    if (verdict instanceof Verdict.Accepted accepted) {
      cache.store(headerValue, accepted, signed.signingKey(), nowMillis);
    }
    return verdict;
  }

  private static boolean isSignedJwtShape(BearerToken token) {
    return token.value().chars().filter(c -> c == '.').count() == 2;
  }

  /** How many verified tokens are cached now; for tests and metrics. */
  public int cachedTokens() {
    return cache.size();
  }

  /**
   * How many requests with one {@code Authorization} header found their exact value among the
   * verified tokens so far, and so skipped parsing and the signature check. Only tokens verified
   * locally enter that cache, so only they can hit it.
   */
  public long cacheHits() {
    return cacheHits.sum();
  }

  /**
   * How many requests did not find their {@code Authorization} value among the verified tokens and
   * had their token parsed and verified locally (the JWT path) so far; with the cache off, every
   * such request. Not counted: requests whose credentials were missing or malformed, and tokens
   * verified by introspection, whose answers have a cache of their own ({@link
   * IntrospectionVerifier#cacheHits()}). So {@code cacheHits() + cacheMisses()} is the number of
   * requests that took the JWT path.
   */
  public long cacheMisses() {
    return cacheMisses.sum();
  }
}
