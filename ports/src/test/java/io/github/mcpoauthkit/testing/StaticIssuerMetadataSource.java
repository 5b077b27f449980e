package io.github.mcpoauthkit.testing;

import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.port.driven.IssuerMetadataException;
import io.github.mcpoauthkit.port.driven.IssuerMetadataSource;
import java.util.List;
import java.util.Map;

/**
 * An {@link IssuerMetadataSource} that serves a fixed document, checking its {@code issuer} against
 * the configured one as every source must, or that always fails.
 */
public final class StaticIssuerMetadataSource implements IssuerMetadataSource {

  private final Issuer configured;
  private final IssuerMetadata metadata;
  private final String failure;

  private StaticIssuerMetadataSource(Issuer configured, IssuerMetadata metadata, String failure) {
    this.configured = configured;
    this.metadata = metadata;
    this.failure = failure;
  }

  /** Serves {@code metadata} for the configured issuer. */
  public static StaticIssuerMetadataSource serving(Issuer configured, IssuerMetadata metadata) {
    return new StaticIssuerMetadataSource(configured, metadata, null);
  }

  /** Always fails as an unreachable issuer would. */
  public static StaticIssuerMetadataSource unreachable(Issuer configured) {
    return new StaticIssuerMetadataSource(
        configured,
        null,
        "Failed to fetch OIDC discovery document from "
            + configured.value()
            + "/.well-known/openid-configuration: connection refused. Check that OAUTH_ISSUER_URL"
            + " is right and the issuer is running.");
  }

  /** Metadata whose endpoints hang below {@code issuer}. */
  public static IssuerMetadata metadataFor(Issuer issuer) {
    String base = issuer.value();
    return new IssuerMetadata(
        issuer,
        base + "/authorize",
        base + "/token",
        base + "/jwks",
        List.of(),
        List.of("S256"),
        List.of("authorization_code", "client_credentials"),
        Map.of(
            "issuer", base,
            "authorization_endpoint", base + "/authorize",
            "token_endpoint", base + "/token",
            "jwks_uri", base + "/jwks"));
  }

  @Override
  public IssuerMetadata fetch() {
    if (failure != null) {
      throw new IssuerMetadataException(failure);
    }
    if (!metadata.issuer().equals(configured)) {
      throw new IssuerMetadataException(
          "Failed to fetch OIDC discovery document: its issuer '"
              + metadata.issuer().value()
              + "' differs from the configured issuer '"
              + configured.value()
              + "'");
    }
    return metadata;
  }
}
