package io.github.mcpoauthkit.devissuer;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A public client that may use the authorization code flow: one described by its Client ID Metadata
 * Document or one registered dynamically (RFC 7591). It authenticates with nothing but PKCE ({@code
 * token_endpoint_auth_method: none}).
 *
 * @param id the {@code client_id}
 * @param name what the consent page calls it: {@code client_name}, else the client id
 * @param redirectUris the registered redirect URIs, at least one, each allowed by {@link
 *     RedirectUris#refusal}
 * @param source how the issuer knows the client
 */
record Client(String id, String name, List<URI> redirectUris, Source source) {

  /** How the issuer knows a client. */
  enum Source {
    /** A Client ID Metadata Document fetched from the URL that is the client id. */
    METADATA_DOCUMENT,
    /** Dynamic client registration at the registration endpoint (RFC 7591). */
    REGISTRATION
  }

  Client {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    redirectUris = List.copyOf(redirectUris);
    if (redirectUris.isEmpty()) {
      throw new IllegalArgumentException("a client needs at least one redirect URI");
    }
  }
}
