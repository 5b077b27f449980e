package io.github.mcpoauthkit.port.driven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import io.github.mcpoauthkit.domain.token.Issuer;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IssuerMetadataSource} must do. An implementation's test class implements this
 * interface and its factory methods; JUnit runs the default methods against it.
 */
public interface IssuerMetadataSourceContract {

  /** The issuer the sources below are configured with. */
  Issuer configuredIssuer();

  /** A source whose issuer publishes a good document. */
  IssuerMetadataSource healthySource();

  /** A source whose document names an issuer other than {@link #configuredIssuer()}. */
  IssuerMetadataSource sourceWhoseDocumentNamesAnotherIssuer();

  /** A source whose issuer cannot be reached. */
  IssuerMetadataSource unreachableSource();

  @Test
  default void a_healthy_issuer_yields_its_endpoints() {
    IssuerMetadata metadata = healthySource().fetch();

    assertThat(metadata.issuer()).isEqualTo(configuredIssuer());
    assertThat(metadata.authorizationEndpoint()).startsWith("http");
    assertThat(metadata.tokenEndpoint()).startsWith("http");
    assertThat(metadata.jwksUri()).startsWith("http");
    assertThat(metadata.document()).containsEntry("issuer", configuredIssuer().value());
  }

  @Test
  default void a_document_naming_another_issuer_is_refused_with_both_values() {
    assertThatThrownBy(() -> sourceWhoseDocumentNamesAnotherIssuer().fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageStartingWith("Failed to fetch OIDC discovery document")
        .hasMessageContaining(configuredIssuer().value());
  }

  @Test
  default void an_unreachable_issuer_fails_with_the_descriptive_message() {
    assertThatThrownBy(() -> unreachableSource().fetch())
        .isInstanceOf(IssuerMetadataException.class)
        .hasMessageStartingWith("Failed to fetch OIDC discovery document")
        .hasMessageContaining(configuredIssuer().value());
  }
}
