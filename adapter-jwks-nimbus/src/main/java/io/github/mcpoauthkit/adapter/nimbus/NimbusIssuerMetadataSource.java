package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.port.driven.IssuerMetadataException;
import io.github.mcpoauthkit.port.driven.IssuerMetadataSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the authorization server's metadata over HTTP: OpenID Connect Discovery ({@code
 * {issuer}/.well-known/openid-configuration}) first and, when that answers 404, RFC 8414 ({@code
 * {origin}/.well-known/oauth-authorization-server{path}}).
 *
 * <p>The document must be a JSON object with {@code issuer}, {@code authorization_endpoint}, {@code
 * token_endpoint} and {@code jwks_uri}, and its {@code issuer} must equal the configured issuer
 * exactly (RFC 8414 §3.3, OpenID Connect Discovery §4.3). The issuer URL and the {@code jwks_uri}
 * must be https unless they name a loopback host or {@link HttpSettings#allowInsecureHttp()} is
 * set. Redirects are not followed, and every request is bounded by the {@link HttpSettings}
 * timeouts and size limit.
 *
 * <p>Thread-safe: an instance holds no mutable state, and each {@link #fetch()} makes its own
 * requests.
 *
 * @see <a href="https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig">OpenID
 *     Connect Discovery §4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8414#section-3">RFC 8414 §3</a>
 */
public final class NimbusIssuerMetadataSource implements IssuerMetadataSource {

  private static final Logger LOG = LoggerFactory.getLogger(NimbusIssuerMetadataSource.class);

  private static final String OIDC_SUFFIX = "/.well-known/openid-configuration";
  private static final String RFC8414_PREFIX = "/.well-known/oauth-authorization-server";
  private static final List<String> REQUIRED =
      List.of("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri");
  private static final int MAX_NESTING = 64;
  private static final int MAX_QUOTED = 200;
  private static final String TRAILING_SLASH_CHECK =
      "the URL has no trailing slash unless the issuer's own \"issuer\" value has one (Auth0's"
          + " does)";

  private final Issuer configuredIssuer;
  private final Optional<URI> metadataUrl;
  private final HttpSettings settings;
  private final BoundedHttpClient http;
  private final EndpointPolicy policy;

  /**
   * Creates a source; makes no request until {@link #fetch()}.
   *
   * @param configuredIssuer the issuer identifier as configured ({@code OAUTH_ISSUER_URL})
   * @param settings timeouts, size limit and whether plain http is allowed beyond loopback
   * @throws NullPointerException if an argument is null
   */
  public NimbusIssuerMetadataSource(Issuer configuredIssuer, HttpSettings settings) {
    this(configuredIssuer, Optional.empty(), settings);
  }

  /**
   * Creates a source that reads the metadata at {@code metadataUrl} only, for an issuer whose
   * document is not at either well-known URL of its identifier (Microsoft Entra ID's v1 issuer
   * {@code https://sts.windows.net/{tenant}/} publishes at {@code
   * https://login.microsoftonline.com/{tenant}/.well-known/openid-configuration}); its {@code
   * issuer} must still equal {@code configuredIssuer} exactly. Makes no request until {@link
   * #fetch()}.
   *
   * @throws NullPointerException if an argument is null
   */
  public NimbusIssuerMetadataSource(
      Issuer configuredIssuer, URI metadataUrl, HttpSettings settings) {
    this(
        configuredIssuer,
        Optional.of(Objects.requireNonNull(metadataUrl, "metadataUrl")),
        settings);
  }

  private NimbusIssuerMetadataSource(
      Issuer configuredIssuer, Optional<URI> metadataUrl, HttpSettings settings) {
    this.configuredIssuer = Objects.requireNonNull(configuredIssuer, "configuredIssuer");
    this.metadataUrl = metadataUrl;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.http = new BoundedHttpClient(settings);
    this.policy = new EndpointPolicy(settings.allowInsecureHttp());
  }

  /**
   * Fetches and checks the metadata; blocks for at most a few multiples of the configured timeouts.
   *
   * @return the metadata, with every required endpoint present
   * @throws IssuerMetadataException if the issuer URL is refused, the document cannot be fetched,
   *     is not a JSON object, lacks a required member, names another issuer or has a refused {@code
   *     jwks_uri}; the message begins with {@code Failed to fetch OIDC discovery document}, names
   *     the URL(s) and the cause, and lists what to check
   */
  @Override
  public IssuerMetadata fetch() {
    URI issuerUrl = issuerUrl();
    if (metadataUrl.isPresent()) {
      return fetchConfigured(metadataUrl.get(), issuerUrl);
    }
    URI oidc = oidcDiscoveryUrl(configuredIssuer.value());
    Fetch first = http.get(oidc);
    if (first instanceof Fetch.Response response && response.isSuccess()) {
      return interpret(oidc, issuerUrl, response.body());
    }
    if (first instanceof Fetch.Response response && response.status() == 404) {
      URI rfc8414 = rfc8414Url(issuerUrl);
      Fetch second = http.get(rfc8414);
      if (second instanceof Fetch.Response fallback && fallback.isSuccess()) {
        return interpret(rfc8414, issuerUrl, fallback.body());
      }
      List<String> checks = new ArrayList<>(checksFor(second));
      checks.add(
          0,
          "the issuer publishes OpenID Connect Discovery or RFC 8414 metadata, and"
              + " OAUTH_ISSUER_URL includes the issuer's whole path (Keycloak: /realms/<name>)");
      throw failure(
          "from " + oidc + " or " + rfc8414,
          "neither discovery URL answered with a document:\n"
              + oidc
              + " -> HTTP 404\n"
              + rfc8414
              + " -> "
              + describe(second),
          checks,
          causeOf(second));
    }
    throw failure("from " + oidc, describe(first), checksFor(first), causeOf(first));
  }

  private IssuerMetadata fetchConfigured(URI url, URI issuerUrl) {
    Optional<String> problem = policy.problem(url);
    if (problem.isPresent()) {
      throw configurationFailure(
          "from " + printable(url.toString()),
          "the metadata URL " + problem.get(),
          List.of(
              "OAUTH_ISSUER_METADATA_URL is the https URL of the issuer's discovery document, such"
                  + " as https://login.microsoftonline.com/<tenant>/.well-known/openid-configuration"),
          null);
    }
    Fetch fetched = http.get(url);
    if (fetched instanceof Fetch.Response response && response.isSuccess()) {
      return interpret(url, issuerUrl, response.body());
    }
    List<String> checks = new ArrayList<>(checksFor(fetched));
    checks.add(0, "OAUTH_ISSUER_METADATA_URL names the issuer's discovery document itself");
    throw failure("from " + url, describe(fetched), checks, causeOf(fetched));
  }

  /** {@code {issuer}/.well-known/openid-configuration}, without doubling a trailing slash. */
  static URI oidcDiscoveryUrl(String issuer) {
    return URI.create(stripTrailingSlash(issuer) + OIDC_SUFFIX);
  }

  /** {@code {origin}/.well-known/oauth-authorization-server{path}} (RFC 8414 §3.1). */
  static URI rfc8414Url(URI issuer) {
    String path = issuer.getRawPath() == null ? "" : stripTrailingSlash(issuer.getRawPath());
    return URI.create(
        issuer.getScheme() + "://" + issuer.getRawAuthority() + RFC8414_PREFIX + path);
  }

  private URI issuerUrl() {
    String value = configuredIssuer.value();
    URI url;
    try {
      url = new URI(value);
    } catch (URISyntaxException e) {
      throw configurationFailure(
          "for issuer " + printable(value),
          "the issuer is not a valid URL: " + e.getMessage(),
          List.of("OAUTH_ISSUER_URL is the issuer's URL, such as https://issuer.example"),
          e);
    }
    Optional<String> problem = policy.problem(url);
    if (problem.isEmpty() && (url.getRawQuery() != null || url.getRawFragment() != null)) {
      problem = Optional.of("has a query or fragment, which an issuer identifier cannot have");
    }
    if (problem.isPresent()) {
      throw configurationFailure(
          "for issuer " + printable(value),
          "the issuer URL " + problem.get(),
          List.of(
              "OAUTH_ISSUER_URL is the issuer's https URL (RFC 8414 §2), such as"
                  + " https://issuer.example"),
          null);
    }
    return url;
  }

  private IssuerMetadata interpret(URI source, URI issuerUrl, String body) {
    Map<String, Object> document = parseObject(source, body);

    if (document.get("issuer") instanceof String published
        && !configuredIssuer.matches(published)) {
      throw issuerMismatch(source, published);
    }
    List<String> missing = new ArrayList<>();
    for (String member : REQUIRED) {
      Object value = document.get(member);
      if (value == null) {
        missing.add("\"" + member + "\" is missing");
      } else if (!(value instanceof String text) || text.isBlank()) {
        missing.add("\"" + member + "\" is not a non-empty string");
      }
    }
    if (!missing.isEmpty()) {
      throw failure(
          "from " + source,
          "the document lacks required metadata: "
              + String.join(", ", missing)
              + " (RFC 8414 §2, OpenID Connect Discovery §3)",
          List.of(
              "the URL reaches the authorization server itself, not a login page, a proxy or"
                  + " another service"),
          null);
    }

    String jwksUri = (String) document.get("jwks_uri");
    URI jwksUrl = jwksUrl(source, jwksUri);

    List<String> plainHttp = new ArrayList<>();
    if (EndpointPolicy.isPlainHttpBeyondLoopback(issuerUrl)) {
      plainHttp.add("issuer " + issuerUrl);
    }
    if (EndpointPolicy.isPlainHttpBeyondLoopback(jwksUrl)) {
      plainHttp.add("jwks_uri " + jwksUrl);
    }
    if (!plainHttp.isEmpty()) {
      LOG.warn(
          "Plain http is allowed for testing only (allowInsecureHttp): {}; tokens and keys can be"
              + " read and forged on the way. Use https in production.",
          String.join(", ", plainHttp));
    }

    IssuerMetadata metadata =
        new IssuerMetadata(
            configuredIssuer,
            (String) document.get("authorization_endpoint"),
            (String) document.get("token_endpoint"),
            jwksUri,
            scopes(document.get("scopes_supported")),
            strings(document.get("code_challenge_methods_supported")),
            strings(document.get("grant_types_supported")),
            freeze(source, document));
    LOG.info(
        "Fetched issuer metadata for {} from {}; jwks_uri {}",
        configuredIssuer.value(),
        source,
        jwksUri);
    return metadata;
  }

  private Map<String, Object> parseObject(URI source, String body) {
    List<String> checks =
        List.of(
            "the URL reaches the authorization server itself, not a login page, a proxy or another"
                + " service");
    Map<String, Object> document;
    try {
      document = JSONObjectUtils.parse(body);
    } catch (ParseException e) {
      throw failure(
          "from " + source,
          (isJsonArray(body)
                  ? "the response is a JSON array, not a JSON object"
                  : "the response is not JSON")
              + "; it begins: "
              + quote(body.strip()),
          checks,
          e);
    }
    if (document == null) {
      throw failure(
          "from " + source,
          "the response is not a JSON object; it begins: " + quote(body.strip()),
          checks,
          null);
    }
    return document;
  }

  private static boolean isJsonArray(String body) {
    try {
      JSONArrayUtils.parse(body);
      return true;
    } catch (ParseException | RuntimeException e) {
      return false;
    }
  }

  private URI jwksUrl(URI source, String jwksUri) {
    String problem;
    try {
      URI url = new URI(jwksUri);
      Optional<String> refused = policy.problem(url);
      if (refused.isEmpty()) {
        return url;
      }
      problem = refused.get();
    } catch (URISyntaxException e) {
      problem = "is not a valid URL: " + e.getMessage();
    }
    throw configurationFailure(
        "from " + source,
        "the document's jwks_uri " + quote(jwksUri) + " " + problem,
        List.of(
            "the issuer is configured to publish https URLs (behind a TLS-terminating proxy it"
                + " must know its external https URL)"),
        null);
  }

  private IssuerMetadataException issuerMismatch(URI source, String published) {
    StringBuilder cause =
        new StringBuilder("issuer mismatch: the document's \"issuer\" is ")
            .append(quote(published))
            .append(" but the configured issuer is ")
            .append(quote(configuredIssuer.value()))
            .append("; they must be equal (RFC 8414 §3.3, OpenID Connect Discovery §4.3)");
    String fix;
    if (configuredIssuer.differsOnlyByTrailingSlash(published)) {
      cause.append("\nThey differ only by a trailing slash.");
      fix =
          "OAUTH_ISSUER_URL "
              + (published.endsWith("/") ? "ends with a '/'" : "has no trailing '/'")
              + " exactly as the issuer's own value "
              + quote(published)
              + " does";
    } else {
      fix =
          "OAUTH_ISSUER_URL names the issuer you mean; if "
              + quote(published)
              + " is that issuer, configure exactly that value";
    }
    return configurationFailure("from " + source, cause.toString(), List.of(fix), null);
  }

  private List<String> checksFor(Fetch fetch) {
    if (fetch instanceof Fetch.Response response) {
      if (response.isRedirect()) {
        return List.of(
            "OAUTH_ISSUER_URL is the issuer's exact URL: redirects are not followed, so if the"
                + " redirect target is the issuer (https instead of http, another host name),"
                + " configure that instead");
      }
      if (response.status() == 404) {
        return List.of();
      }
      return List.of(
          "the issuer is healthy: HTTP " + response.status() + " means it answered but failed");
    }
    Fetch.Failure failure = (Fetch.Failure) fetch;
    switch (failure.problem()) {
      case CONNECTION_REFUSED:
        return List.of("something listens on the issuer's host and port");
      case CONNECT_TIMEOUT:
      case READ_TIMEOUT:
        return List.of(
            "the issuer answers within the configured timeouts (connectTimeout "
                + BoundedHttpClient.describe(settings.connectTimeout())
                + ", readTimeout "
                + BoundedHttpClient.describe(settings.readTimeout())
                + ")");
      case UNKNOWN_HOST:
        return List.of("the issuer's host name resolves from this host (DNS)");
      case TLS:
        return List.of(
            "this JVM trusts the issuer's TLS certificate (add its CA to the truststore,"
                + " javax.net.ssl.trustStore) and the certificate names the issuer's host");
      case TOO_LARGE:
        return List.of(
            "the URL serves the discovery document and not something else; the limit is"
                + " maxResponseBytes");
      default:
        return List.of();
    }
  }

  private static String describe(Fetch fetch) {
    if (fetch instanceof Fetch.Failure failure) {
      return failure.description();
    }
    Fetch.Response response = (Fetch.Response) fetch;
    if (response.isRedirect()) {
      return "HTTP "
          + response.status()
          + " redirect to "
          + response.location().map(NimbusIssuerMetadataSource::printable).orElse("(no Location)")
          + ", not followed";
    }
    return "HTTP " + response.status();
  }

  private static Throwable causeOf(Fetch fetch) {
    return fetch instanceof Fetch.Failure failure ? failure.cause() : null;
  }

  /** A failure to get a usable answer, where the network may be to blame. */
  private IssuerMetadataException failure(
      String target, String cause, List<String> specificChecks, Throwable underlying) {
    List<String> checks = new ArrayList<>(specificChecks);
    checks.add("OAUTH_ISSUER_URL is correct and reachable from this host");
    checks.add("the issuer is running");
    checks.add(TRAILING_SLASH_CHECK);
    checks.add("network, proxy and firewall settings let this host reach the issuer");
    if (configuredIssuer.value().toLowerCase(Locale.ROOT).startsWith("https:")) {
      checks.add("this JVM trusts the issuer's TLS certificate (javax.net.ssl.trustStore)");
    }
    return exception(target, cause, checks, underlying);
  }

  /** A failure of configuration or of the issuer's own data, where the network is not to blame. */
  private IssuerMetadataException configurationFailure(
      String target, String cause, List<String> specificChecks, Throwable underlying) {
    List<String> checks = new ArrayList<>(specificChecks);
    checks.add("OAUTH_ISSUER_URL is correct");
    checks.add(TRAILING_SLASH_CHECK);
    return exception(target, cause, checks, underlying);
  }

  private IssuerMetadataException exception(
      String target, String cause, List<String> checks, Throwable underlying) {
    String message =
        "Failed to fetch OIDC discovery document "
            + target
            + "\nCause: "
            + cause.replace("\n", "\n  ")
            + "\nConfigured issuer (OAUTH_ISSUER_URL): "
            + printable(configuredIssuer.value())
            + "\nCheck:\n"
            + checks.stream().distinct().map(c -> "  - " + c).collect(Collectors.joining("\n"));
    return underlying == null
        ? new IssuerMetadataException(message)
        : new IssuerMetadataException(message, underlying);
  }

  private static List<Scope> scopes(Object value) {
    if (!(value instanceof List<?> list)) {
      return List.of();
    }
    List<Scope> scopes = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Object member : list) {
      if (member instanceof String token && Scope.isValid(token)) {
        scopes.add(new Scope(token));
      } else {
        skipped.add(member instanceof String token ? quote(token) : String.valueOf(member));
      }
    }
    if (!skipped.isEmpty()) {
      LOG.warn(
          "Ignoring {} value(s) in scopes_supported that are not OAuth scope tokens: {}",
          skipped.size(),
          printable(String.join(", ", skipped)));
    }
    return scopes;
  }

  private static List<String> strings(Object value) {
    if (!(value instanceof List<?> list)) {
      return List.of();
    }
    List<String> strings = new ArrayList<>();
    for (Object member : list) {
      if (!(member instanceof String text)) {
        return List.of();
      }
      strings.add(text);
    }
    return strings;
  }

  /** A deep, unmodifiable copy, so the metadata cannot change under its readers. */
  private Map<String, Object> freeze(URI source, Map<String, Object> document) {
    @SuppressWarnings("unchecked")
    Map<String, Object> frozen = (Map<String, Object>) freeze(source, document, 0);
    return frozen;
  }

  private Object freeze(URI source, Object value, int depth) {
    if (depth > MAX_NESTING) {
      throw failure(
          "from " + source,
          "the document nests JSON deeper than " + MAX_NESTING + " levels",
          List.of(),
          null);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        copy.put(String.valueOf(entry.getKey()), freeze(source, entry.getValue(), depth + 1));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object member : list) {
        copy.add(freeze(source, member, depth + 1));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  private static String stripTrailingSlash(String value) {
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  private static String quote(String value) {
    return "\"" + printable(value) + "\"";
  }

  /** Cuts remote text short and masks control characters, so it cannot forge log lines. */
  private static String printable(String value) {
    StringBuilder out = new StringBuilder();
    value
        .codePoints()
        .limit(MAX_QUOTED)
        .forEach(cp -> out.append(Character.isISOControl(cp) ? "?" : Character.toString(cp)));
    return value.codePointCount(0, value.length()) > MAX_QUOTED ? out + "..." : out.toString();
  }
}
