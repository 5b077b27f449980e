package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.RefreshAheadCachingJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jose.util.events.Event;
import com.nimbusds.jose.util.events.EventListener;
import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.domain.token.JoseHeader;
import io.github.mcpoauthkit.domain.token.KeyId;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.port.driven.DecodeResult;
import io.github.mcpoauthkit.port.driven.KeySetException;
import io.github.mcpoauthkit.port.driven.TokenDecoder;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TokenDecoder} on Nimbus JOSE+JWT: checks the JWS signature of a token against the keys
 * of the issuer's JWKS, fetched and cached by a Nimbus {@link JWKSourceBuilder} chain (cache,
 * background refresh, rate-limited refresh on unknown {@code kid}, retry, outage tolerance).
 *
 * <p>Nimbus parses the token and verifies the signature; nothing else. The algorithm must be in the
 * accepted set and allowed for the chosen key (the JWK's {@code alg} when it has one, else its key
 * type's family). Keys come only from the issuer's JWKS: a token's {@code jwk}, {@code jku}, {@code
 * x5u} and {@code x5c} headers are never used. Tokens with {@code crit} parameters or an unencoded
 * payload ({@code b64: false}) are refused.
 *
 * <p>A token whose {@code kid} is unknown triggers one refresh (rate-limited), or two when the
 * first only waited for a fetch that had begun before the token arrived (its key set may predate
 * the key: an issuer that publishes a key and signs with it at once must not see its first tokens
 * refused); if the key is still unknown and the JWKS endpoint answered, the token is rejected
 * ({@code unknown_key}); if the endpoint is failing, the verdict is undecided (the transport
 * answers 503).
 *
 * <p>Thread-safe. {@link #close()} stops the background refresh.
 */
public final class NimbusTokenDecoder implements TokenDecoder, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NimbusTokenDecoder.class);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(10);
  private static final String UNAVAILABLE =
      "The issuer's signing keys are temporarily unavailable; retry later";

  private final URI jwksUri;
  private final Set<String> acceptedAlgorithms;
  private final Clock clock;
  private final ObservedJWKSetSource observed;
  private final JWKSetSource<SecurityContext> chain;
  private final JWKSource<SecurityContext> jwkSource;
  private volatile KeyRing ring;

  private NimbusTokenDecoder(
      URI jwksUri,
      Set<String> acceptedAlgorithms,
      KeySetSettings settings,
      ResourceRetriever retriever,
      Clock clock) {
    this.jwksUri = jwksUri;
    this.acceptedAlgorithms = Set.copyOf(acceptedAlgorithms);
    this.clock = clock;
    try {
      this.observed =
          new ObservedJWKSetSource(
              new URLBasedJWKSetSource<>(jwksUri.toURL(), retriever), clock::millis);
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new KeySetException(
          "Failed to fetch JWKS: '" + jwksUri + "' is not a valid URL (" + e.getMessage() + ")", e);
    }
    EventListener<CachingJWKSetSource<SecurityContext>, SecurityContext> cacheEvents =
        this::onCacheEvent;
    this.jwkSource =
        JWKSourceBuilder.create(observed)
            .cache(settings.cacheTimeToLive().toMillis(), settings.refreshTimeout().toMillis())
            .refreshAheadCache(
                settings.refreshAhead().toMillis(),
                cacheEvents,
                refreshExecutor(),
                true,
                refreshScheduler(),
                true)
            .rateLimited(settings.rateLimitInterval().toMillis())
            .retrying(true)
            .outageTolerant(settings.outageTolerance().toMillis())
            .build();
    this.chain = ((JWKSetBasedJWKSource<SecurityContext>) jwkSource).getJWKSetSource();
  }

  /**
   * Builds the decoder and fetches the JWKS once, so that a bad {@code jwks_uri} stops startup. The
   * JWKS is fetched with the same timeouts, size limit and no-redirect rule as discovery.
   *
   * @param jwksUri the issuer's {@code jwks_uri}, as discovery found it
   * @param acceptedAlgorithms the JWS algorithms accepted at all (the validation policy's list)
   * @param keys caching and refresh of the key set
   * @param http timeouts and size limit of each fetch
   * @param clock the time source for cache decisions
   * @throws KeySetException if the JWKS cannot be fetched, parsed, or has no usable key; the
   *     message begins with {@code Failed to fetch JWKS}, names the URI and the cause, and lists
   *     what to check
   */
  public static NimbusTokenDecoder connect(
      URI jwksUri,
      Set<String> acceptedAlgorithms,
      KeySetSettings keys,
      HttpSettings http,
      Clock clock) {
    return connect(
        jwksUri,
        acceptedAlgorithms,
        keys,
        new NimbusResourceRetriever(new BoundedHttpClient(http)),
        clock);
  }

  /**
   * Builds the decoder and fetches the JWKS once, so that a bad {@code jwks_uri} stops startup.
   *
   * @param jwksUri the issuer's {@code jwks_uri}
   * @param acceptedAlgorithms the JWS algorithms accepted at all (the validation policy's list)
   * @param settings caching and refresh
   * @param retriever fetches the JWKS
   * @param clock the time source for cache decisions
   * @throws KeySetException if the JWKS cannot be fetched, parsed, or has no usable key; the
   *     message begins with {@code Failed to fetch JWKS}
   */
  static NimbusTokenDecoder connect(
      URI jwksUri,
      Set<String> acceptedAlgorithms,
      KeySetSettings settings,
      ResourceRetriever retriever,
      Clock clock) {
    NimbusTokenDecoder decoder =
        new NimbusTokenDecoder(jwksUri, acceptedAlgorithms, settings, retriever, clock);
    try {
      decoder.startup();
      return decoder;
    } catch (KeySetException e) {
      decoder.close();
      throw e;
    }
  }

  private void startup() {
    JWKSet jwkSet;
    try {
      jwkSet = chain.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), clock.millis(), null);
    } catch (KeySourceException e) {
      String cause = describe(e).replace(" (" + jwksUri + ")", "").replace(" from " + jwksUri, "");
      throw new KeySetException(failureMessage(cause), e);
    }
    KeyRing first = KeyRing.of(jwkSet, acceptedAlgorithms);
    for (KeyRing.Skipped skipped : first.skipped()) {
      LOG.warn("JWKS {}: ignoring {}: {}", jwksUri, skipped.key(), skipped.reason());
    }
    if (first.isEmpty()) {
      throw new KeySetException(
          failureMessage(
              "the key set has no usable signature key ("
                  + jwkSet.getKeys().size()
                  + " keys, none an RSA (2048 bits or more), EC P-256/384/521 or Ed25519 key for"
                  + " signatures with an accepted algorithm)"),
          null);
    }
    ring = first;
    LOG.info("JWKS {}: {} signature keys {}", jwksUri, first.ids().size(), first.ids());
  }

  private String failureMessage(String cause) {
    return "Failed to fetch JWKS from "
        + jwksUri
        + "\nCause: "
        + cause
        + "\nCheck:\n"
        + "  - that the jwks_uri in the issuer's discovery document is reachable from this host\n"
        + "  - that the issuer serves a JSON Web Key Set ({\"keys\":[...]}) there\n"
        + "  - network, proxy and firewall settings, and TLS trust for https";
  }

  private static String describe(KeySourceException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    // Nimbus prefixes every retrieval failure; our message already says what was being fetched.
    message = message.replace("Couldn't retrieve JWK set from URL: ", "");
    if (cause != e && cause.getMessage() != null && !message.contains(cause.getMessage())) {
      message = message + " (" + cause.getMessage() + ")";
    }
    return message;
  }

  @Override
  public DecodeResult decode(BearerToken token) {
    Objects.requireNonNull(token, "token");
    JWSObject jws;
    try {
      jws = JWSObject.parse(token.value());
    } catch (ParseException | RuntimeException e) {
      // Nimbus throws unchecked exceptions for some malformed headers (one that is the JSON literal
      // null gives a NullPointerException); whatever the client sent, it is not a token.
      return unparseable(token.value());
    }
    JWSHeader header = jws.getHeader();
    String algorithm = header.getAlgorithm().getName();
    if (!acceptedAlgorithms.contains(algorithm)) {
      return rejected(RejectionCode.ALGORITHM_NOT_ALLOWED);
    }
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      return rejected(
          RejectionCode.INVALID_SIGNATURE,
          "Token validation failed: critical header parameters (crit) are not supported");
    }
    if (!header.isBase64URLEncodePayload()) {
      return rejected(RejectionCode.INVALID_JWT_FORMAT);
    }
    Optional<String> kid = Optional.ofNullable(header.getKeyID());
    long fetchesBefore = observed.fetchesBegun();
    KeyRing current = currentRing();
    if (current == null) {
      return new DecodeResult.Undecided(UNAVAILABLE, RETRY_AFTER);
    }
    List<VerificationKey> candidates = current.candidates(kid, algorithm);
    if (candidates.isEmpty()) {
      if (kid.isPresent() && current.knows(kid.get())) {
        return rejected(RejectionCode.ALGORITHM_NOT_ALLOWED);
      }
      Refresh refresh = refresh(current);
      if (refresh.ring() != null) {
        candidates = refresh.ring().candidates(kid, algorithm);
      }
      if (candidates.isEmpty()
          && refresh.ring() != null
          && !refresh.endpointFailing()
          && !observed.fetchedAfter(refresh.ring().source(), fetchesBefore)) {
        // The refresh took the key set of a fetch that was already under way when this token
        // arrived (it waited for another refresh's fetch), which may predate a key published
        // since: once more, for a set fetched after the token arrived.
        refresh = refresh(refresh.ring());
        if (refresh.ring() != null) {
          candidates = refresh.ring().candidates(kid, algorithm);
        }
      }
      if (candidates.isEmpty()) {
        return refresh.endpointFailing()
            ? new DecodeResult.Undecided(UNAVAILABLE, RETRY_AFTER)
            : rejected(RejectionCode.UNKNOWN_KEY);
      }
    }
    for (VerificationKey key : candidates) {
      try {
        if (jws.verify(key.verifier())) {
          return decoded(jws, header, key);
        }
      } catch (JOSEException e) {
        // A verifier that cannot handle the token (a malformed signature length, say) has simply
        // not verified it; try the next candidate.
      }
    }
    return rejected(RejectionCode.INVALID_SIGNATURE);
  }

  private DecodeResult decoded(JWSObject jws, JWSHeader header, VerificationKey key) {
    Map<String, Object> claims = jws.getPayload().toJSONObject();
    if (claims == null) {
      return rejected(
          RejectionCode.CLAIMS_MALFORMED,
          RejectionCode.CLAIMS_MALFORMED.defaultMessage() + ": the payload is not a JSON object");
    }
    JoseHeader jose = JoseHeader.withAlgorithm(header.getAlgorithm().getName());
    if (header.getType() != null) {
      jose = jose.withType(header.getType().getType());
    }
    if (header.getKeyID() != null) {
      jose = jose.withKeyId(header.getKeyID());
    }
    return new DecodeResult.Decoded(jose, claims, key.id());
  }

  /** {@code alg: none} parses as a plain (unsecured) JOSE object, not a JWS: say so. */
  private static DecodeResult unparseable(String token) {
    int dot = token.indexOf('.');
    try {
      if (dot > 0 && Header.parse(new Base64URL(token.substring(0, dot))) instanceof PlainHeader) {
        return rejected(RejectionCode.ALGORITHM_NOT_ALLOWED);
      }
    } catch (ParseException | RuntimeException e) {
      // Not even a JOSE header.
    }
    return rejected(RejectionCode.INVALID_JWT_FORMAT);
  }

  /** The ring for the key set Nimbus holds now, rebuilt when it changed; null when none. */
  private KeyRing currentRing() {
    KeyRing known = ring;
    JWKSet jwkSet;
    try {
      jwkSet = chain.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), clock.millis(), null);
    } catch (RateLimitReachedException e) {
      // The cache expired while the refresh budget is spent: keep the keys we have.
      return known;
    } catch (KeySourceException e) {
      // Past the outage tolerance: the old keys are no longer trusted.
      return null;
    }
    return adopt(jwkSet);
  }

  private record Refresh(KeyRing ring, boolean endpointFailing) {}

  private Refresh refresh(KeyRing current) {
    try {
      JWKSet jwkSet =
          chain.getJWKSet(
              JWKSetCacheRefreshEvaluator.referenceComparison(current.source()),
              clock.millis(),
              null);
      // The outage-tolerant source answers a failed fetch with the old keys; only the observed
      // fetch itself tells whether the endpoint answered.
      return new Refresh(adopt(jwkSet), observed.lastFailure().isPresent());
    } catch (RateLimitReachedException e) {
      return new Refresh(null, observed.lastFailure().isPresent());
    } catch (JWKSetUnavailableException e) {
      return new Refresh(null, true);
    } catch (KeySourceException e) {
      return new Refresh(null, true);
    }
  }

  private KeyRing adopt(JWKSet jwkSet) {
    KeyRing known = ring;
    if (known != null && known.builtFrom(jwkSet)) {
      return known;
    }
    KeyRing fresh = KeyRing.of(jwkSet, acceptedAlgorithms);
    // The first key set is logged once, by startup(); later ones when their keys change.
    if (known != null && !fresh.ids().equals(known.ids())) {
      LOG.info("JWKS {}: now {} signature keys {}", jwksUri, fresh.ids().size(), fresh.ids());
    }
    ring = fresh;
    return fresh;
  }

  private void onCacheEvent(Event<?, SecurityContext> event) {
    // A background refresh brings a new key set without any token asking for it; adopt it so that
    // currentKeys() (and the verified-token cache) notice removed keys promptly.
    JWKSet refreshed = null;
    if (event instanceof CachingJWKSetSource.RefreshCompletedEvent<?> completed) {
      refreshed = completed.getJWKSet();
    } else if (event
        instanceof RefreshAheadCachingJWKSetSource.ScheduledRefreshCompletedEvent<?> done) {
      refreshed = done.getJWKSet();
    }
    if (refreshed != null) {
      adopt(refreshed);
    }
  }

  /**
   * Whether tokens can be checked now: keys are held, and how the last fetch of the key set went.
   * Cheap; for readiness probes.
   */
  public KeySetHealth health() {
    KeyRing known = ring;
    return new KeySetHealth(
        known == null ? 0 : known.ids().size(),
        observed.lastFailure().map(NimbusTokenDecoder::describe));
  }

  /**
   * Figures about the key set for metrics: fetches so far by outcome, the time since the last
   * successful one, and the usable keys held. Cheap and thread-safe; each call reads the current
   * state.
   */
  public KeySetStatistics statistics() {
    KeyRing known = ring;
    return new KeySetStatistics(
        observed.fetchesSucceeded(),
        observed.fetchesFailed(),
        observed.lastSuccessMillis().map(last -> Duration.ofMillis(clock.millis() - last)),
        known == null ? 0 : known.ids().size());
  }

  /**
   * Key-set figures at one moment.
   *
   * @param fetchesSucceeded successful fetches of the JWKS so far (the one at startup included)
   * @param fetchesFailed failed fetches so far
   * @param age the time since the last successful fetch; empty before the first
   * @param keys usable signature keys held
   */
  public record KeySetStatistics(
      long fetchesSucceeded, long fetchesFailed, Optional<Duration> age, int keys) {}

  /**
   * The state of the key set.
   *
   * @param keys how many usable signature keys are held
   * @param lastFetchFailure why the last fetch of the JWKS failed, if it did
   */
  public record KeySetHealth(int keys, Optional<String> lastFetchFailure) {
    /** Whether tokens signed by known keys can be checked. */
    public boolean ready() {
      return keys > 0;
    }
  }

  @Override
  public Set<KeyId> currentKeys() {
    KeyRing known = ring;
    return known == null ? Set.of() : known.ids();
  }

  /** Stops the background refresh threads. */
  @Override
  public void close() {
    try {
      if (jwkSource instanceof AutoCloseable closeable) {
        closeable.close();
      }
    } catch (Exception e) {
      LOG.debug("closing the JWKS source failed", e);
    }
  }

  private static DecodeResult rejected(RejectionCode code) {
    return new DecodeResult.Rejected(Rejection.of(code));
  }

  private static DecodeResult rejected(RejectionCode code, String message) {
    return new DecodeResult.Rejected(Rejection.of(code, message));
  }

  private static ExecutorService refreshExecutor() {
    return Executors.newSingleThreadExecutor(daemon("jwks-refresh"));
  }

  private static ScheduledExecutorService refreshScheduler() {
    return Executors.newSingleThreadScheduledExecutor(daemon("jwks-refresh-scheduler"));
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
