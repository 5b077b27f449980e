package io.github.mcpoauthkit.streamablehttp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which browser origins may call the MCP endpoint: the defence against DNS rebinding that the MCP
 * transport specification requires (a present {@code Origin} outside the allow-list is answered
 * 403, before authentication). A request without {@code Origin} is allowed: command-line clients
 * and server-side SDKs send none. Immutable and thread-safe.
 *
 * <p>Origins are compared in their RFC 6454 serialization: lowercase scheme and host, and the port
 * only when it is not the scheme's default.
 */
public final class OriginPolicy {

  private final Set<String> allowed;

  private OriginPolicy(Set<String> allowed) {
    this.allowed = Set.copyOf(allowed);
  }

  /**
   * Allows exactly these origins.
   *
   * @throws IllegalArgumentException if one is not an origin ({@code scheme://host[:port]})
   */
  public static OriginPolicy allowing(Set<String> origins) {
    Set<String> normalized = new LinkedHashSet<>();
    for (String origin : origins) {
      normalized.add(
          normalize(origin)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "'"
                              + origin
                              + "' is not an origin; expected scheme://host[:port], such as"
                              + " http://localhost:6274")));
    }
    return new OriginPolicy(normalized);
  }

  /** The allowed origins, normalized. */
  public Set<String> allowedOrigins() {
    return allowed;
  }

  /** Whether a request with this {@code Origin} header (or none) may proceed. */
  public boolean allows(Optional<String> origin) {
    return origin.isEmpty() || isAllowedOrigin(origin.get());
  }

  /** Whether {@code origin} is in the allow-list; {@code null} (the literal) never is. */
  public boolean isAllowedOrigin(String origin) {
    return normalize(origin).map(allowed::contains).orElse(false);
  }

  static Optional<String> normalize(String origin) {
    Objects.requireNonNull(origin, "origin");
    URI uri;
    try {
      uri = new URI(origin.trim());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null
        || host == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
      return Optional.empty();
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.empty();
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return Optional.of(
        scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
  }
}
