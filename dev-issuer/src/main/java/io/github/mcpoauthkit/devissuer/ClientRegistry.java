package io.github.mcpoauthkit.devissuer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The public clients the issuer knows: those it registered (RFC 7591), kept in memory until it
 * stops, and, unless metadata documents are switched off, those whose client id is a metadata
 * document URL, fetched on demand. Thread-safe.
 */
final class ClientRegistry {

  /** More registrations than a developer's machine needs; beyond it, registration is refused. */
  static final int MAX_REGISTERED = 1000;

  /** The outcome of looking a client id up. */
  sealed interface Lookup permits Found, NotFound {}

  /** A client that may use the authorization code flow. */
  record Found(Client client) implements Lookup {}

  /** No such client; {@code reason} is safe to show on an error page. */
  record NotFound(String reason) implements Lookup {}

  private final Map<String, Client> registered = new ConcurrentHashMap<>();
  // Decided once, at construction: how a client id that is not registered here is looked up.
  private final Function<String, Lookup> unregistered;

  private ClientRegistry(Function<String, Lookup> unregistered) {
    this.unregistered = unregistered;
  }

  /**
   * Registered clients, and client ids that are metadata document URLs, fetched by {@code
   * documents}.
   */
  static ClientRegistry withDocuments(ClientMetadataDocuments documents) {
    return new ClientRegistry(
        clientId -> {
          if (!ClientMetadataDocuments.isDocumentUrl(clientId)) {
            return new NotFound(
                "the client is not registered here; register it at the registration endpoint or"
                    + " use a client metadata document URL as its client_id");
          }
          return switch (documents.resolve(clientId)) {
            case ClientMetadataDocuments.Resolved resolved -> new Found(resolved.client());
            case ClientMetadataDocuments.Refused refused -> new NotFound(refused.reason());
          };
        });
  }

  /** Registered clients only: a URL client id is refused without fetching anything. */
  static ClientRegistry registeredOnly() {
    return new ClientRegistry(
        clientId ->
            new NotFound(
                ClientMetadataDocuments.isDocumentUrl(clientId)
                    ? ClientMetadataDocuments.switchedOff()
                    : "the client is not registered here; register it at the registration"
                        + " endpoint"));
  }

  /** Finds the client, fetching its metadata document when its id is a URL and documents are on. */
  Lookup lookup(String clientId) {
    Client client = registered.get(clientId);
    if (client != null) {
      return new Found(client);
    }
    return unregistered.apply(clientId);
  }

  /**
   * Keeps a newly registered client.
   *
   * @return false if the registry is full
   */
  boolean add(Client client) {
    if (registered.size() >= MAX_REGISTERED) {
      return false;
    }
    registered.put(client.id(), client);
    return true;
  }
}
