package io.github.mcpoauthkit.port.driven;

import io.github.mcpoauthkit.domain.resource.IssuerMetadata;

/**
 * Fetches the authorization server's metadata (OpenID Connect Discovery, or RFC 8414): the driven
 * port used once at startup.
 *
 * <p>Implementations must verify that the document's {@code issuer} equals the configured issuer
 * (RFC 8414 §3.3) and must be safe to call from any thread.
 */
@FunctionalInterface
public interface IssuerMetadataSource {

  /**
   * Fetches and checks the metadata.
   *
   * @return the metadata, with every required endpoint present
   * @throws IssuerMetadataException if it cannot be fetched or is unusable; the message begins with
   *     {@code Failed to fetch OIDC discovery document}, names the URL and the cause, and lists
   *     what to check
   */
  IssuerMetadata fetch();
}
