package io.github.mcpoauthkit.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an MCP client holding a client id and secret does with a 401, using nothing but the JDK's
 * HTTP client: the {@code resource_metadata} of the {@code WWW-Authenticate: Bearer} challenge (RFC
 * 9728 §5.1), the protected resource metadata there, whose {@code resource} must be the MCP URL it
 * dialled (§3.3), the metadata of the first authorization server it names (RFC 8414, in the order
 * of the MCP authorization specification's well-known URLs, its {@code issuer} checked per §3.3),
 * and a {@code client_credentials} token request with {@code resource=<MCP URL>} (RFC 8707) and
 * {@code client_secret_basic}. Every request is kept as an {@link Exchange} so that a test can
 * check the order of the steps. Thread-safe: the SDKs call it from their reactor threads.
 */
final class ClientCredentialsDiscovery {

  /** One HTTP request of the flow and its status code. */
  record Exchange(String method, URI uri, int status) {
    @Override
    public String toString() {
      return method + " " + uri + " -> " + status;
    }
  }

  private static final Pattern RESOURCE_METADATA =
      Pattern.compile("(?:^|[\\s,])resource_metadata=\"([^\"]+)\"");
  private static final Pattern SCOPE = Pattern.compile("(?:^|[\\s,])scope=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String mcpUrl;
  private final String clientId;
  private final String clientSecret;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicReference<String> token = new AtomicReference<>();
  private final List<String> challenges = new CopyOnWriteArrayList<>();
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

  ClientCredentialsDiscovery(String mcpUrl, String clientId, String clientSecret) {
    this.mcpUrl = mcpUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  /** The token of the last successful flow; empty before the first 401. */
  Optional<String> token() {
    return Optional.ofNullable(token.get());
  }

  /** The {@code WWW-Authenticate} values this client was challenged with, oldest first. */
  List<String> challenges() {
    return List.copyOf(challenges);
  }

  /** The requests of every flow so far, oldest first. */
  List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /**
   * Runs the whole flow for a 401 whose {@code WWW-Authenticate} is {@code challenge} and keeps the
   * token it got.
   *
   * @throws IllegalStateException when a step fails (the SDK then reports the 401 to its caller)
   */
  synchronized String authorize(String challenge) {
    challenges.add(challenge);
    if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new IllegalStateException("not a Bearer challenge: " + challenge);
    }
    Matcher metadataUrl = RESOURCE_METADATA.matcher(challenge);
    if (!metadataUrl.find()) {
      throw new IllegalStateException("no resource_metadata in the challenge: " + challenge);
    }
    JsonNode resourceMetadata = get(URI.create(metadataUrl.group(1)));
    String resource = resourceMetadata.path("resource").asText();
    if (!resource.equals(mcpUrl)) {
      throw new IllegalStateException(
          "the protected resource metadata is for " + resource + ", not " + mcpUrl);
    }
    JsonNode servers = resourceMetadata.path("authorization_servers");
    if (!servers.isArray() || servers.isEmpty()) {
      throw new IllegalStateException("no authorization_servers in " + resourceMetadata);
    }
    String issuer = servers.get(0).asText();
    JsonNode serverMetadata = authorizationServerMetadata(URI.create(issuer));
    if (!serverMetadata.path("issuer").asText().equals(issuer)) {
      throw new IllegalStateException(
          "the metadata of " + issuer + " names issuer " + serverMetadata.path("issuer"));
    }
    StringBuilder form =
        new StringBuilder("grant_type=client_credentials&resource=").append(encode(resource));
    Matcher scope = SCOPE.matcher(challenge);
    if (scope.find() && !scope.group(1).isBlank()) {
      form.append("&scope=").append(encode(scope.group(1)));
    }
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(URI.create(serverMetadata.path("token_endpoint").asText()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("the token endpoint answered " + answer.statusCode());
    }
    String accessToken = parse(answer).path("access_token").asText("");
    if (accessToken.isEmpty()) {
      throw new IllegalStateException("the token endpoint's answer has no access_token");
    }
    token.set(accessToken);
    return accessToken;
  }

  /**
   * RFC 8414 §3.1 with the MCP authorization specification's fallbacks: for an issuer with a path,
   * OAuth then OpenID Connect metadata with the path after the well-known segment, then OpenID
   * Connect metadata with the path before it; for one without, OAuth then OpenID Connect.
   */
  private JsonNode authorizationServerMetadata(URI issuer) {
    String origin = issuer.getScheme() + "://" + issuer.getRawAuthority();
    String path = issuer.getRawPath() == null ? "" : issuer.getRawPath().replaceAll("/+$", "");
    List<URI> candidates = new ArrayList<>();
    candidates.add(URI.create(origin + "/.well-known/oauth-authorization-server" + path));
    candidates.add(URI.create(origin + "/.well-known/openid-configuration" + path));
    if (!path.isEmpty()) {
      candidates.add(URI.create(origin + path + "/.well-known/openid-configuration"));
    }
    for (URI candidate : candidates) {
      HttpResponse<String> answer = send(HttpRequest.newBuilder(candidate).GET().build());
      if (answer.statusCode() == 200) {
        return parse(answer);
      }
    }
    throw new IllegalStateException("no authorization server metadata for " + issuer);
  }

  private JsonNode get(URI uri) {
    HttpResponse<String> answer = send(HttpRequest.newBuilder(uri).GET().build());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("GET " + uri + " answered " + answer.statusCode());
    }
    return parse(answer);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      exchanges.add(new Exchange(request.method(), request.uri(), answer.statusCode()));
      return answer;
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonNode parse(HttpResponse<String> answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          answer.request().uri() + " answered something other than JSON", e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
