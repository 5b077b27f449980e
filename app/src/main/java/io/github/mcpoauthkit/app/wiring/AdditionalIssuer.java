package io.github.mcpoauthkit.app.wiring;

import io.github.mcpoauthkit.adapter.nimbus.NimbusTokenDecoder;
import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import java.util.Objects;

/**
 * An issuer trusted besides the first ({@code OAUTH_ADDITIONAL_ISSUERS}): its metadata and its own
 * keys, fetched before the injector was made.
 *
 * @param metadata what its discovery published
 * @param decoder checks signatures against its keys only
 */
public record AdditionalIssuer(IssuerMetadata metadata, NimbusTokenDecoder decoder) {

  /**
   * @throws NullPointerException if an argument is null
   */
  public AdditionalIssuer {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(decoder, "decoder");
  }
}
