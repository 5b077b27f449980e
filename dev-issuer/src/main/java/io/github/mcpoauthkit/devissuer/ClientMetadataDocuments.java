package io.github.mcpoauthkit.devissuer;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.rp.ApplicationType;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.minidev.json.JSONObject;

/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document, preferred by MCP
 * 2025-11-25 and 2026-07-28): the {@code client_id} is an {@code https} URL (or {@code http} on a
 * loopback host), and the issuer fetches the client's metadata from it.
 *
 * <p>The fetch is the issuer reaching out to a URL a stranger chose, so it is fenced in:
 *
 * <ul>
 *   <li>the host must be a loopback name, {@code 127.0.0.1}, {@code [::1]} or {@code localhost},
 *       and resolve only to loopback addresses; anything else is refused before any connection is
 *       made (the development issuer serves one machine). A host name that merely resolves to
 *       loopback is refused too: the HTTP client resolves it again when it connects, and a name
 *       whose answers change between the two lookups (DNS rebinding) would take the fetch
 *       elsewhere;
 *   <li>redirects are not followed: a 3xx is a refusal;
 *   <li>the document may be at most {@value #MAX_BYTES} bytes and must arrive within {@link
 *       #TIMEOUT}, connection included;
 *   <li>its {@code client_id} must equal the URL, it must hold no {@code client_secret}, it must
 *       authenticate with {@code none}, and its {@code redirect_uris} must pass {@link
 *       RedirectUris#refusal}.
 * </ul>
 *
 * <p>A document that passes is kept for {@link #CACHE_FOR}; a refusal is not kept. Thread-safe.
 */
final class ClientMetadataDocuments {

  /** The largest document accepted: real ones are a few hundred bytes. */
  static final int MAX_BYTES = 5 * 1024;

  /** How long a fetch may take, from connecting to the last byte. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** How long a fetched document is used before it is fetched again. */
  static final Duration CACHE_FOR = Duration.ofMinutes(1);

  private static final int MAX_CACHED = 256;

  /** The outcome of resolving a client id. */
  sealed interface Resolution permits Resolved, Refused {}

  /** The document passed every check. */
  record Resolved(Client client) implements Resolution {}

  /** Why the client id cannot be used; safe to show on an error page. */
  record Refused(String reason) implements Resolution {}

  private record Cached(Client client, Instant until) {}

  private final HttpClient http;
  private final ExecutorService executor;
  private final Clock clock;
  private final Map<String, Cached> cache = new LinkedHashMap<>();

  ClientMetadataDocuments(ExecutorService executor, Clock clock) {
    this.executor = executor;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .executor(executor)
            .build();
  }

  /** Whether {@code clientId} is meant as a metadata document URL. */
  static boolean isDocumentUrl(String clientId) {
    String lower = clientId.toLowerCase(Locale.ROOT);
    return lower.startsWith("https://") || lower.startsWith("http://");
  }

  /** Resolves a client id that {@link #isDocumentUrl} says is a URL. */
  Resolution resolve(String clientId) {
    Instant now = clock.instant();
    synchronized (cache) {
      Cached cached = cache.get(clientId);
      if (cached != null && now.isBefore(cached.until())) {
        return new Resolved(cached.client());
      }
      cache.remove(clientId);
    }
    Resolution resolution = fetchAndCheck(clientId);
    if (resolution instanceof Resolved resolved) {
      synchronized (cache) {
        if (cache.size() >= MAX_CACHED) {
          cache.remove(cache.keySet().iterator().next());
        }
        cache.put(clientId, new Cached(resolved.client(), now.plus(CACHE_FOR)));
      }
    }
    return resolution;
  }

  private Resolution fetchAndCheck(String clientId) {
    URI url;
    try {
      url = new URI(clientId);
    } catch (URISyntaxException e) {
      return new Refused("the client_id is not a valid URL");
    }
    Optional<String> badUrl = urlRefusal(url);
    if (badUrl.isPresent()) {
      return new Refused(badUrl.get());
    }
    Optional<String> badAddress = addressRefusal(url.getHost());
    if (badAddress.isPresent()) {
      return new Refused(badAddress.get());
    }
    Future<Resolution> fetch = executor.submit(() -> fetch(url));
    try {
      return fetch.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      fetch.cancel(true);
      return slow();
    } catch (InterruptedException e) {
      fetch.cancel(true);
      Thread.currentThread().interrupt();
      return new Refused("the issuer stopped while fetching the client metadata document");
    } catch (ExecutionException e) {
      // The request's own timeout and the wait above race; either means the same to the client.
      if (e.getCause() instanceof HttpTimeoutException) {
        return slow();
      }
      return new Refused("the client metadata document could not be fetched");
    }
  }

  private static Refused slow() {
    return new Refused(
        "the client metadata document did not arrive within " + TIMEOUT.toSeconds() + " s");
  }

  private static Optional<String> urlRefusal(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      return Optional.of("the client_id URL needs a host and the https scheme");
    }
    if (scheme.equals("http") && !RedirectUris.isLoopbackHost(url.getHost())) {
      return Optional.of("a client_id URL must use https (http only on a loopback host)");
    }
    if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
      return Optional.of("a client_id URL must have no user information and no fragment");
    }
    String path = url.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return Optional.of("a client_id URL must have a path");
    }
    if (Arrays.asList(path.split("/", -1)).stream()
        .anyMatch(s -> s.equals(".") || s.equals(".."))) {
      return Optional.of("a client_id URL must not have dot segments");
    }
    return Optional.empty();
  }

  /** Resolves before connecting, so that no packet leaves for an address beyond loopback. */
  private static Optional<String> addressRefusal(String host) {
    if (!RedirectUris.isLoopbackHost(host)) {
      return Optional.of(
          beyondLoopback(host, "is not a loopback host (127.0.0.1, [::1] or localhost)"));
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(bare);
    } catch (UnknownHostException e) {
      return Optional.of(beyondLoopback(host, "does not resolve"));
    }
    if (addresses.length == 0
        || !Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress)) {
      return Optional.of(beyondLoopback(host, "resolves to an address beyond loopback"));
    }
    return Optional.empty();
  }

  /**
   * The refusal of a hosted document, such as Claude Code's on claude.ai or VS Code's on
   * vscode.dev: it names the rule and the way out, because the client only shows this page.
   */
  static String beyondLoopback(String host, String why) {
    return "the client_id URL's host "
        + host
        + " "
        + why
        + ". The development issuer fetches client metadata documents from this machine only"
        + " (loopback), so a hosted document such as https://claude.ai/... or https://vscode.dev/..."
        + " cannot be used here. Let the client register with dynamic client registration"
        + " (registration_endpoint in the issuer's metadata) instead: restart with "
        + DevIssuer.METADATA_DOCUMENTS_SWITCH
        + "=off, so that the issuer no longer advertises client ID metadata documents and the"
        + " client registers by itself, or serve the document on 127.0.0.1.";
  }

  /**
   * The refusal of any URL client id when metadata documents are switched off: the issuer then does
   * not advertise them, so a client that sends one anyway learns how to get in.
   */
  static String switchedOff() {
    return "client ID metadata documents are switched off in this development issuer ("
        + DevIssuer.METADATA_DOCUMENTS_SWITCH
        + "=off), so a URL cannot be a client_id here. Register the client with dynamic client"
        + " registration (registration_endpoint in the issuer's metadata) instead.";
  }

  private Resolution fetch(URI url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept", "application/json").build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status >= 300 && status < 400) {
        return new Refused(
            "the client_id URL answered with a redirect ("
                + status
                + "); redirects are not followed");
      }
      if (status != 200) {
        return new Refused("the client_id URL answered " + status + ", not 200");
      }
      long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (length > MAX_BYTES) {
        return oversize();
      }
      byte[] bytes = body.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        return oversize();
      }
      return check(url.toString(), new String(bytes, StandardCharsets.UTF_8));
    }
  }

  private static Refused oversize() {
    return new Refused("the client metadata document is larger than " + MAX_BYTES + " bytes");
  }

  /** Checks a fetched document against the URL it came from. */
  static Resolution check(String clientId, String json) {
    JSONObject document;
    try {
      document = JSONObjectUtils.parse(json);
    } catch (ParseException e) {
      return new Refused("the client metadata document is not a JSON object");
    }
    Object declared = document.get("client_id");
    if (!clientId.equals(declared)) {
      return new Refused(
          "the client metadata document's client_id differs from the URL it was fetched from");
    }
    for (String secret : Set.of("client_secret", "client_secret_expires_at")) {
      if (document.containsKey(secret)) {
        return new Refused("a client metadata document must not hold " + secret);
      }
    }
    OIDCClientMetadata metadata;
    try {
      metadata = OIDCClientMetadata.parse(document);
    } catch (ParseException e) {
      return new Refused("the client metadata document is invalid: " + e.getMessage());
    }
    ClientAuthenticationMethod method = metadata.getTokenEndpointAuthMethod();
    if (method != null && !method.equals(ClientAuthenticationMethod.NONE)) {
      return new Refused(
          "the development issuer supports token_endpoint_auth_method none for client metadata"
              + " documents, not "
              + method.getValue());
    }
    List<URI> redirectUris =
        metadata.getRedirectionURIs() == null
            ? List.of()
            : List.copyOf(metadata.getRedirectionURIs());
    if (redirectUris.isEmpty()) {
      return new Refused("the client metadata document names no redirect_uris");
    }
    boolean nativeApp =
        metadata.getApplicationType() == null
            ? RedirectUris.looksNative(redirectUris)
            : metadata.getApplicationType().equals(ApplicationType.NATIVE);
    for (URI uri : redirectUris) {
      Optional<String> refusal = RedirectUris.refusal(uri, nativeApp);
      if (refusal.isPresent()) {
        return new Refused("the redirect URI " + uri + " is refused: " + refusal.get());
      }
    }
    String name = metadata.getName() == null ? clientId : metadata.getName();
    return new Resolved(new Client(clientId, name, redirectUris, Client.Source.METADATA_DOCUMENT));
  }
}
