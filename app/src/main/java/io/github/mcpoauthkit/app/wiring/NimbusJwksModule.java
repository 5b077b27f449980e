package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import io.github.mcpoauthkit.adapter.nimbus.NimbusProofDecoder;
import io.github.mcpoauthkit.adapter.nimbus.NimbusTokenIssuerReader;
import io.github.mcpoauthkit.port.driven.ProofDecoder;
import io.github.mcpoauthkit.port.driven.TokenDecoder;
import io.github.mcpoauthkit.port.driven.TokenIssuerReader;
import io.github.mcpoauthkit.streamablehttp.ReadinessCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The issuers' metadata and keys, and the reader of DPoP proofs (the same JOSE library). Both were
 * fetched, or their fetching started in the background, before the injector was made (startup fails
 * fast, and modules do no I/O); this module only binds them.
 */
public final class NimbusJwksModule extends AbstractModule {

  private final IssuerKeys first;
  private final List<IssuerKeys> additional;

  /** The first issuer's metadata and keys, and those of the issuers trusted besides it. */
  public NimbusJwksModule(IssuerKeys first, List<IssuerKeys> additional) {
    this.first = first;
    this.additional = List.copyOf(additional);
  }

  @Override
  protected void configure() {
    bind(IssuerKeys.class).toInstance(first);
    bind(TokenDecoder.class).toInstance(first.decoder());
    bind(ProofDecoder.class).toInstance(new NimbusProofDecoder());
    bind(TokenIssuerReader.class).toInstance(new NimbusTokenIssuerReader());
    bind(new TypeLiteral<List<IssuerKeys>>() {}).toInstance(additional);
    bind(ReadinessCheck.class)
        .toInstance(
            () -> {
              Map<String, Object> details = new LinkedHashMap<>(first.readinessDetails());
              // The others are shown, not required: one issuer's outage is for its own tokens to
              // feel (503), not a reason to take the replica out of the load balancer.
              for (IssuerKeys other : additional) {
                details.put(other.issuer().value(), other.readinessDetails());
              }
              // An issuer still being connected to (OAUTH_START_DEGRADED) does not make the
              // replica unready either: the other issuers' tokens are served, and a replica out of
              // the load balancer could not even tell that issuer's clients why (503 with
              // Retry-After).
              boolean ready =
                  first.keySet().map(keys -> keys.health().ready()).orElse(Boolean.TRUE);
              return new ReadinessCheck.Readiness(ready, details);
            });
  }
}
