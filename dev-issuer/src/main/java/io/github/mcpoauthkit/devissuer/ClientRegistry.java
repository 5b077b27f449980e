package io.github.mcpoauthkit.devissuer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public clients the issuer knows: those it registered (RFC 7591), kept in memory until it
 * stops, and those whose client id is a metadata document URL, fetched on demand. Thread-safe.
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
  private final ClientMetadataDocuments documents;

  ClientRegistry(ClientMetadataDocuments documents) {
    this.documents = documents;
  }

  /** Finds the client, fetching its metadata document when its id is a URL. */
  Lookup lookup(String clientId) {
    Client client = registered.get(clientId);
    if (client != null) {
      return new Found(client);
    }
    if (!ClientMetadataDocuments.isDocumentUrl(clientId)) {
      return new NotFound(
          "the client is not registered here; register it at the registration endpoint or use"
              + " a client metadata document URL as its client_id");
    }
    return switch (documents.resolve(clientId)) {
      case ClientMetadataDocuments.Resolved resolved -> new Found(resolved.client());
      case ClientMetadataDocuments.Refused refused -> new NotFound(refused.reason());
    };
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
