package io.github.mcpoauthkit.app.e2e;

import com.nimbusds.oauth2.sdk.TokenRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.extensions.NimbusExtensionsKt;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * mock-oauth2-server's token endpoint made to honour resource indicators (RFC 8707), as the
 * authorization servers MCP clients meet do: a {@code client_credentials} token is for the client
 * that asked ({@code sub} and {@code client_id}), for the resources it named ({@code aud}, nothing
 * when it named none) and with the scopes it asked for, as an RFC 9068 {@code at+jwt}. Out of the
 * box the mock puts the requested scopes in {@code aud} and ignores {@code resource}, so a kit that
 * checks its audience could not tell a client that sent {@code resource=<MCP URL>} from one that
 * did not.
 */
final class ResourceIndicatorTokenCallback implements OAuth2TokenCallback {

  private final String issuerId;

  ResourceIndicatorTokenCallback(String issuerId) {
    this.issuerId = issuerId;
  }

  @Override
  public String issuerId() {
    return issuerId;
  }

  @Override
  public String subject(TokenRequest request) {
    return NimbusExtensionsKt.clientIdAsString(request);
  }

  @Override
  public String typeHeader(TokenRequest request) {
    return "at+jwt";
  }

  @Override
  public List<String> audience(TokenRequest request) {
    List<URI> resources = request.getResources();
    return resources == null ? List.of() : resources.stream().map(URI::toString).toList();
  }

  @Override
  public Map<String, Object> addClaims(TokenRequest request) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("client_id", NimbusExtensionsKt.clientIdAsString(request));
    if (request.getScope() != null) {
      claims.put("scope", request.getScope().toString());
    }
    return claims;
  }

  @Override
  public long tokenExpiry() {
    return 600;
  }
}
