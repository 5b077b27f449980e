package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import io.github.mcpoauthkit.adapter.nimbus.NimbusProofDecoder;
import io.github.mcpoauthkit.adapter.nimbus.NimbusTokenDecoder;
import io.github.mcpoauthkit.adapter.nimbus.NimbusTokenIssuerReader;
import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import io.github.mcpoauthkit.port.driven.ProofDecoder;
import io.github.mcpoauthkit.port.driven.TokenDecoder;
import io.github.mcpoauthkit.port.driven.TokenIssuerReader;
import io.github.mcpoauthkit.streamablehttp.ReadinessCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The issuer's metadata and keys, and the reader of DPoP proofs (the same JOSE library). Both were
 * fetched before the injector was made (startup fails fast, and modules do no I/O); this module
 * only binds them.
 */
public final class NimbusJwksModule extends AbstractModule {

  private final IssuerMetadata issuer;
  private final NimbusTokenDecoder decoder;
  private final List<IssuerKeys> additional;

  /** The first issuer's metadata and keys, and those of the issuers trusted besides it. */
  public NimbusJwksModule(
      IssuerMetadata issuer, NimbusTokenDecoder decoder, List<IssuerKeys> additional) {
    this.issuer = issuer;
    this.decoder = decoder;
    this.additional = List.copyOf(additional);
  }

  @Override
  protected void configure() {
    bind(IssuerMetadata.class).toInstance(issuer);
    bind(TokenDecoder.class).toInstance(decoder);
    bind(ProofDecoder.class).toInstance(new NimbusProofDecoder());
    bind(TokenIssuerReader.class).toInstance(new NimbusTokenIssuerReader());
    bind(new TypeLiteral<List<IssuerKeys>>() {}).toInstance(additional);
    bind(ReadinessCheck.class)
        .toInstance(
            () -> {
              NimbusTokenDecoder.KeySetHealth health = decoder.health();
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("signingKeys", health.keys());
              health.lastFetchFailure().ifPresent(failure -> details.put("lastJwksFetch", failure));
              // The others are shown, not required: one issuer's outage is for its own tokens to
              // feel (503), not a reason to take the replica out of the load balancer.
              for (IssuerKeys other : additional) {
                details.put(other.issuer().value(), other.readinessDetails());
              }
              return new ReadinessCheck.Readiness(health.ready(), details);
            });
  }
}
