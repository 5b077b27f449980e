package io.github.mcpoauthkit.devissuer;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.RegistrationError;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.rp.ApplicationType;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformation;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationRequest;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Dynamic client registration (RFC 7591) at {@code POST /register}, open to anyone on this machine,
 * for public clients only. The Nimbus SDK parses the request and writes the response.
 *
 * <ul>
 *   <li>{@code redirect_uris} are required and each must pass {@link RedirectUris#refusal} ({@code
 *       invalid_redirect_uri} otherwise);
 *   <li>{@code application_type} (OpenID Connect Registration) is honoured: only a {@code native}
 *       client may use a private-use scheme. When it is absent, a client whose redirect URIs are
 *       all loopback or private-use is taken as native, any other as web;
 *   <li>the issuer replaces what it does not offer (RFC 7591 §3.2.1): {@code
 *       token_endpoint_auth_method} becomes {@code none}, {@code grant_types} {@code
 *       authorization_code} and {@code refresh_token}, {@code response_types} {@code code};
 *   <li>the response names only members that have a value: no {@code null}, no empty list.
 * </ul>
 *
 * <p>Thread-safe.
 */
final class RegistrationEndpoint {

  private static final Set<String> JSON_TYPES = Set.of("application/json");

  private final ClientRegistry clients;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  RegistrationEndpoint(ClientRegistry clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  Answer register(IncomingRequest request) {
    if (!request.method().equals("POST")) {
      return Answer.methodNotAllowed("POST");
    }
    if (request.tooLarge()) {
      return metadataError(
          "the registration request is larger than " + FormBody.MAX_BYTES + " bytes");
    }
    Optional<String> type =
        request.header("content-type").map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
    if (type.isEmpty() || !JSON_TYPES.contains(type.get())) {
      return metadataError("the registration request must be application/json (RFC 7591 §3.1)");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(request.body())).toString();
    } catch (CharacterCodingException e) {
      return metadataError("the registration request is not UTF-8");
    }
    OIDCClientMetadata metadata;
    try {
      metadata =
          OIDCClientRegistrationRequest.parse(request.toNimbus(text, ContentType.APPLICATION_JSON))
              .getOIDCClientMetadata();
    } catch (ParseException e) {
      return metadataError(
          e.getMessage() == null ? "the client metadata is invalid" : e.getMessage());
    }
    List<URI> redirectUris =
        metadata.getRedirectionURIs() == null
            ? List.of()
            : List.copyOf(metadata.getRedirectionURIs());
    if (redirectUris.isEmpty()) {
      return Answer.error(
          Answer.described(
              RegistrationError.INVALID_REDIRECT_URI,
              "redirect_uris is required: the authorization code flow needs one"));
    }
    ApplicationType applicationType =
        metadata.getApplicationType() != null
            ? metadata.getApplicationType()
            : RedirectUris.looksNative(redirectUris) ? ApplicationType.NATIVE : ApplicationType.WEB;
    for (URI uri : redirectUris) {
      Optional<String> refusal =
          RedirectUris.refusal(uri, applicationType.equals(ApplicationType.NATIVE));
      if (refusal.isPresent()) {
        return Answer.error(
            Answer.described(
                RegistrationError.INVALID_REDIRECT_URI,
                "the redirect URI " + uri + " is refused: " + refusal.get()));
      }
    }
    metadata.setApplicationType(applicationType);
    metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.NONE);
    metadata.setGrantTypes(
        new LinkedHashSet<>(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)));
    metadata.setResponseTypes(Set.of(ResponseType.CODE));

    String clientId = "dev-" + randomId();
    String name = metadata.getName() == null ? clientId : metadata.getName();
    if (!clients.add(new Client(clientId, name, redirectUris, Client.Source.REGISTRATION))) {
      return Answer.error(
          503,
          "temporarily_unavailable",
          "the development issuer holds too many clients; restart it");
    }
    OIDCClientInformation information =
        new OIDCClientInformation(
            new ClientID(clientId), Date.from(clock.instant()), metadata, null);
    return Answer.from(new ClientInformationResponse(information, true).toHTTPResponse());
  }

  private static Answer metadataError(String description) {
    return Answer.error(Answer.described(RegistrationError.INVALID_CLIENT_METADATA, description));
  }

  private String randomId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
