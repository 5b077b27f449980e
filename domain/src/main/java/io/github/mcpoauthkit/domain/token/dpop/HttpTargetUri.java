package io.github.mcpoauthkit.domain.token.dpop;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The comparison form of an HTTP(S) URL for the {@code htu} claim of a DPoP proof: RFC 9449 §4.3
 * asks for syntax-based (RFC 3986 §6.2.2) and scheme-based (§6.2.3) normalisation before {@code
 * htu} is compared with the request's URL.
 *
 * <p>Case: scheme and host in lower case, percent-encoding hex digits in upper case.
 * Percent-encoding: octets of unreserved characters decoded. Path segments: {@code .} and {@code
 * ..} removed (RFC 3986 §5.2.4). Scheme-based: the default port (80, 443) dropped, an empty path
 * made {@code /}. Refused (empty): anything but an absolute {@code http} or {@code https} URL with
 * a host, user information, a query or a fragment ({@code htu} is "the HTTP target URI … without
 * query and fragment parts", RFC 9449 §4.2), malformed percent-encoding, a port beyond 65535.
 *
 * <p>No trailing-slash tolerance: {@code /mcp} and {@code /mcp/} are different resources.
 */
public final class HttpTargetUri {

  private static final int MAX_LENGTH = 2048;

  private HttpTargetUri() {}

  /**
   * The normal form of {@code uri}, or empty when it is not an acceptable {@code htu}.
   *
   * @throws NullPointerException if {@code uri} is null
   */
  public static Optional<String> normalise(String uri) {
    if (uri.length() > MAX_LENGTH || uri.indexOf('?') >= 0 || uri.indexOf('#') >= 0) {
      return Optional.empty();
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = parsed.getScheme();
    if (scheme == null || parsed.isOpaque()) {
      return Optional.empty();
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    int defaultPort;
    if (scheme.equals("https")) {
      defaultPort = 443;
    } else if (scheme.equals("http")) {
      defaultPort = 80;
    } else {
      return Optional.empty();
    }
    String host = parsed.getHost();
    if (host == null || host.isEmpty() || parsed.getRawUserInfo() != null) {
      return Optional.empty();
    }
    int port = parsed.getPort();
    if (port > 65_535) {
      return Optional.empty();
    }
    String path = normalisePercentEncoding(parsed.getRawPath());
    if (path == null) {
      return Optional.empty();
    }
    path = removeDotSegments(path);
    StringBuilder normal = new StringBuilder(uri.length()).append(scheme).append("://");
    normal.append(host.toLowerCase(Locale.ROOT));
    if (port >= 0 && port != defaultPort) {
      normal.append(':').append(port);
    }
    normal.append(path.isEmpty() ? "/" : path);
    return Optional.of(normal.toString());
  }

  /** Upper-case hex digits, unreserved characters decoded; null when an escape is malformed. */
  private static String normalisePercentEncoding(String path) {
    if (path == null) {
      return "";
    }
    if (path.indexOf('%') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 2 >= path.length()) {
        return null;
      }
      int high = Character.digit(path.charAt(i + 1), 16);
      int low = Character.digit(path.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return null;
      }
      char decoded = (char) (high * 16 + low);
      if (isUnreserved(decoded)) {
        out.append(decoded);
      } else {
        out.append('%')
            .append(Character.toUpperCase(path.charAt(i + 1)))
            .append(Character.toUpperCase(path.charAt(i + 2)));
      }
      i += 2;
    }
    return out.toString();
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /** RFC 3986 §5.2.4, for an absolute path (or an empty one). */
  static String removeDotSegments(String path) {
    if (!path.contains(".")) {
      return path;
    }
    StringBuilder input = new StringBuilder(path);
    StringBuilder output = new StringBuilder(path.length());
    while (input.length() > 0) {
      if (startsWith(input, "../")) {
        input.delete(0, 3);
      } else if (startsWith(input, "./")) {
        input.delete(0, 2);
      } else if (startsWith(input, "/./")) {
        input.delete(0, 2);
      } else if (equals(input, "/.")) {
        input.replace(0, 2, "/");
      } else if (startsWith(input, "/../")) {
        input.delete(0, 3);
        removeLastSegment(output);
      } else if (equals(input, "/..")) {
        input.replace(0, 3, "/");
        removeLastSegment(output);
      } else if (equals(input, ".") || equals(input, "..")) {
        input.setLength(0);
      } else {
        int start = input.charAt(0) == '/' ? 1 : 0;
        int next = input.indexOf("/", start);
        int end = next < 0 ? input.length() : next;
        output.append(input, 0, end);
        input.delete(0, end);
      }
    }
    return output.toString();
  }

  private static boolean startsWith(StringBuilder s, String prefix) {
    return s.length() >= prefix.length() && s.substring(0, prefix.length()).equals(prefix);
  }

  private static boolean equals(StringBuilder s, String value) {
    return s.length() == value.length() && s.toString().equals(value);
  }

  private static void removeLastSegment(StringBuilder output) {
    int slash = output.lastIndexOf("/");
    output.setLength(Math.max(slash, 0));
  }
}
