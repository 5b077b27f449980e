package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.github.mcpoauthkit.app.config.IntrospectionConfig;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.application.BoundedReplayCache;
import io.github.mcpoauthkit.application.DPoPVerification;
import io.github.mcpoauthkit.application.IntrospectionVerifier;
import io.github.mcpoauthkit.application.IssuerRouter;
import io.github.mcpoauthkit.application.TokenIntrospection;
import io.github.mcpoauthkit.application.TokenVerificationService;
import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.port.driven.Metrics;
import io.github.mcpoauthkit.port.driven.ProofDecoder;
import io.github.mcpoauthkit.port.driven.TokenDecoder;
import io.github.mcpoauthkit.port.driven.TokenIssuerReader;
import io.github.mcpoauthkit.port.driving.RequestAuthenticator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

/** The validation policy and the token verification service behind the driving port. */
public final class TokenVerificationModule extends AbstractModule {

  @Override
  protected void configure() {
    // Bound by NimbusIntrospectionModule when tokens are introspected.
    OptionalBinder.newOptionalBinder(binder(), TokenIntrospection.class);
  }

  /** The policy that the configuration describes, for the issuer that discovery confirmed. */
  public static ValidationPolicy policy(KitConfig config, IssuerMetadata issuer) {
    return policy(config, issuer.issuer());
  }

  /**
   * The policy that the configuration describes for {@code issuer}: discovery confirms the issuer
   * exactly, so the policy needs nothing else from it, and is the same whether or not the issuer
   * was reachable at startup.
   */
  public static ValidationPolicy policy(KitConfig config, Issuer issuer) {
    ValidationPolicy policy =
        ValidationPolicy.forIssuer(issuer)
            .withAudiences(config.audiencesFor(issuer))
            .withRequiredScopes(config.requiredScopes())
            .withScopeHierarchy(config.scopeHierarchy())
            .withClockSkew(config.clockSkew())
            .withScopeClaims(config.scopeClaimsFor(issuer));
    return config.strictTypes()
        ? policy.strictAccessTokenType()
        : policy.withAcceptedTypes(config.acceptedTypes(), false);
  }

  @Provides
  @Singleton
  ValidationPolicy validationPolicy(KitConfig config, IssuerKeys first) {
    return policy(config, first.issuer());
  }

  @Provides
  @Singleton
  RequestAuthenticator authenticator(
      TokenDecoder decoder,
      ProofDecoder proofs,
      ValidationPolicy policy,
      Clock clock,
      KitConfig config,
      Metrics metrics,
      Optional<TokenIntrospection> introspection,
      List<IssuerKeys> additional,
      TokenIssuerReader issuerReader) {
    // One replay cache and one nonce key for all issuers: a proof is a client's, whoever issued
    // its token.
    BoundedReplayCache replays = new BoundedReplayCache(config.dpopReplayCacheSize());
    DPoPVerification dpop =
        new DPoPVerification(config.dpop(), proofs, replays, config.dpopNonces());
    // Only the issuer that OAUTH_INTROSPECTION_ISSUER names (else the first) is asked; it also
    // takes the tokens that name no issuer, which go to no other.
    Issuer introspected =
        config.introspection().map(IntrospectionConfig::issuer).orElse(policy.issuer());
    List<TokenVerificationService> services = new ArrayList<>();
    Map<Issuer, RequestAuthenticator> byIssuer = new LinkedHashMap<>();
    BiConsumer<TokenDecoder, ValidationPolicy> add =
        (keys, rules) -> {
          TokenVerificationService service =
              introspection
                  .filter(asked -> rules.issuer().equals(introspected))
                  .map(
                      asked ->
                          new TokenVerificationService(
                              keys, rules, clock, config.tokenCache(), dpop, asked))
                  .orElseGet(
                      () ->
                          new TokenVerificationService(
                              keys, rules, clock, config.tokenCache(), dpop));
          services.add(service);
          byIssuer.put(rules.issuer(), service);
        };
    add.accept(decoder, policy);
    for (IssuerKeys other : additional) {
      add.accept(other.decoder(), policy(config, other.issuer()));
    }
    metrics.count(
        Metrics.Count.TOKEN_CACHE_HITS,
        () -> services.stream().mapToLong(TokenVerificationService::cacheHits).sum());
    metrics.count(
        Metrics.Count.TOKEN_CACHE_MISSES,
        () -> services.stream().mapToLong(TokenVerificationService::cacheMisses).sum());
    metrics.gauge(
        Metrics.Gauge.TOKEN_CACHE_SIZE,
        () -> services.stream().mapToInt(TokenVerificationService::cachedTokens).sum());
    metrics.gauge(Metrics.Gauge.DPOP_REPLAY_CACHE_SIZE, replays::size);
    // Only the introspected issuer's service has a verifier; with introspection off these stay 0.
    List<IntrospectionVerifier> verifiers =
        services.stream().flatMap(service -> service.introspection().stream()).toList();
    metrics.count(
        Metrics.Count.INTROSPECTION_CALLS_ACTIVE,
        () -> sum(verifiers, IntrospectionVerifier::activeAnswers));
    metrics.count(
        Metrics.Count.INTROSPECTION_CALLS_INACTIVE,
        () -> sum(verifiers, IntrospectionVerifier::inactiveAnswers));
    metrics.count(
        Metrics.Count.INTROSPECTION_CALLS_FAILED,
        () -> sum(verifiers, IntrospectionVerifier::failedCalls));
    metrics.count(
        Metrics.Count.INTROSPECTION_CACHE_HITS,
        () -> sum(verifiers, IntrospectionVerifier::cacheHits));
    metrics.count(
        Metrics.Count.INTROSPECTION_SHARED_CALLS,
        () -> sum(verifiers, IntrospectionVerifier::sharedCalls));
    metrics.count(
        Metrics.Count.INTROSPECTION_LIMITED,
        () -> sum(verifiers, IntrospectionVerifier::limitedCalls));
    metrics.gauge(
        Metrics.Gauge.INTROSPECTION_CACHE_SIZE,
        () -> verifiers.stream().mapToInt(IntrospectionVerifier::cachedAnswers).sum());
    return additional.isEmpty()
        ? services.get(0)
        : new IssuerRouter(issuerReader, byIssuer, introspected);
  }

  private static long sum(
      List<IntrospectionVerifier> verifiers, ToLongFunction<IntrospectionVerifier> count) {
    return verifiers.stream().mapToLong(count).sum();
  }
}
