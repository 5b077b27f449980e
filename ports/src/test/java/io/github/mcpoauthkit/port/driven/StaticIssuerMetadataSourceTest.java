package io.github.mcpoauthkit.port.driven;

import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.testing.StaticIssuerMetadataSource;

class StaticIssuerMetadataSourceTest implements IssuerMetadataSourceContract {

  private static final Issuer ISSUER = new Issuer("https://issuer.example");

  @Override
  public Issuer configuredIssuer() {
    return ISSUER;
  }

  @Override
  public IssuerMetadataSource healthySource() {
    return StaticIssuerMetadataSource.serving(
        ISSUER, StaticIssuerMetadataSource.metadataFor(ISSUER));
  }

  @Override
  public IssuerMetadataSource sourceWhoseDocumentNamesAnotherIssuer() {
    return StaticIssuerMetadataSource.serving(
        ISSUER, StaticIssuerMetadataSource.metadataFor(new Issuer("https://other.example")));
  }

  @Override
  public IssuerMetadataSource unreachableSource() {
    return StaticIssuerMetadataSource.unreachable(ISSUER);
  }
}
