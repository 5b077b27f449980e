package io.github.mcpoauthkit.domain.resource;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The canonical URL of the protected MCP endpoint: the {@code resource} of RFC 9728 and RFC 8707
 * that clients put in token requests and that tokens name in {@code aud}.
 *
 * <p>It must be an absolute {@code http} or {@code https} URL with a host, no fragment, no query
 * (RFC 8707 §2), no user info, a lowercase scheme and host (the MCP specification's canonical form)
 * and no trailing slash. The constructor checks this and says what is wrong, since the value comes
 * from configuration.
 *
 * @param value the URL, such as {@code https://mcp.example.com/mcp}
 */
public record ResourceUrl(String value) {

  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is not a canonical resource URL; the message
   *     says which rule it breaks and shows the accepted form
   */
  public ResourceUrl {
    Objects.requireNonNull(value, "value");
    String problem = problemWith(value);
    if (problem != null) {
      throw new IllegalArgumentException(
          "'"
              + value
              + "' is not a valid resource URL: "
              + problem
              + " (expected an absolute URL such as https://mcp.example.com/mcp)");
    }
  }

  private static String problemWith(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return "it is not a URI (" + e.getReason() + ")";
    }
    if (!uri.isAbsolute() || uri.getScheme() == null) {
      return "it has no scheme";
    }
    String scheme = uri.getScheme();
    if (!scheme.equalsIgnoreCase("https") && !scheme.equalsIgnoreCase("http")) {
      return "the scheme must be http or https";
    }
    if (uri.getRawAuthority() == null || uri.getHost() == null || uri.getHost().isEmpty()) {
      return "it has no host, or the host is not a valid DNS name (no '_' allowed)";
    }
    if (!scheme.equals(scheme.toLowerCase(Locale.ROOT))
        || !uri.getHost().equals(uri.getHost().toLowerCase(Locale.ROOT))) {
      return "the scheme and host must be lowercase";
    }
    if (uri.getRawUserInfo() != null) {
      return "it must not contain user info";
    }
    if (uri.getRawFragment() != null) {
      return "it must not have a fragment";
    }
    if (uri.getRawQuery() != null) {
      return "it must not have a query";
    }
    if (value.endsWith("/")) {
      return "it must not end with a slash";
    }
    return null;
  }

  /** The origin ({@code scheme://host[:port]}), for Origin checks and metadata URLs. */
  public String origin() {
    URI uri = URI.create(value);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /** The path, such as {@code /mcp}; empty for a URL with no path. */
  public String path() {
    String path = URI.create(value).getRawPath();
    return path == null ? "" : path;
  }

  /**
   * The URL of this resource's metadata: the well-known suffix inserted between the origin and the
   * path (RFC 9728 §3.1), such as {@code
   * https://mcp.example.com/.well-known/oauth-protected-resource/mcp}.
   */
  public String metadataUrl() {
    return origin() + "/.well-known/oauth-protected-resource" + path();
  }

  @Override
  public String toString() {
    return value;
  }
}
