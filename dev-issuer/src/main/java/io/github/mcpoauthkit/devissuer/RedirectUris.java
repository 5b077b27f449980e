package io.github.mcpoauthkit.devissuer;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which redirect URIs a client may register, and which registered URI a request names.
 *
 * <ul>
 *   <li>{@code https} URIs, for any client;
 *   <li>{@code http} only on a loopback host ({@code 127.0.0.1}, {@code [::1]}, {@code localhost}):
 *       plain {@code http} beyond loopback would send the code over the network in clear;
 *   <li>private-use schemes such as {@code cursor://anysphere.cursor-mcp/oauth/callback} (RFC 8252
 *       §7.1), for native clients only, never {@code javascript}, {@code data} and the like;
 *   <li>no fragment (RFC 6749 §3.1.2), no user information.
 * </ul>
 *
 * <p>A request matches a registered URI exactly, character for character, except that on a loopback
 * host any port matches (RFC 8252 §7.3): native clients listen on whatever port is free.
 */
final class RedirectUris {

  private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");
  private static final Set<String> FORBIDDEN_SCHEMES =
      Set.of("javascript", "data", "vbscript", "file", "blob", "about", "filesystem", "ftp", "ws");

  private RedirectUris() {}

  /** Whether {@code host}, as {@link URI#getHost()} gives it, is a loopback host. */
  static boolean isLoopbackHost(String host) {
    return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code uri} is {@code http} or {@code https} on a loopback host. */
  static boolean isLoopback(URI uri) {
    String scheme = lower(uri.getScheme());
    return (scheme.equals("http") || scheme.equals("https")) && isLoopbackHost(uri.getHost());
  }

  /** Whether {@code uri} uses a private-use scheme, neither {@code http} nor {@code https}. */
  static boolean isPrivateUse(URI uri) {
    String scheme = lower(uri.getScheme());
    return !scheme.isEmpty() && !scheme.equals("http") && !scheme.equals("https");
  }

  /**
   * Why {@code uri} cannot be registered, or empty when it can.
   *
   * @param nativeApp whether the client is a native application (RFC 8252), which alone may use a
   *     private-use scheme
   */
  static Optional<String> refusal(URI uri, boolean nativeApp) {
    if (!uri.isAbsolute() || uri.isOpaque() && !isPrivateUse(uri)) {
      return Optional.of("a redirect URI must be an absolute URI");
    }
    if (uri.getRawFragment() != null) {
      return Optional.of("a redirect URI must not have a fragment (RFC 6749 §3.1.2)");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("a redirect URI must not hold user information");
    }
    String scheme = lower(uri.getScheme());
    if (scheme.equals("https")) {
      return uri.getHost() == null
          ? Optional.of("an https redirect URI needs a host")
          : Optional.empty();
    }
    if (scheme.equals("http")) {
      return isLoopbackHost(uri.getHost())
          ? Optional.empty()
          : Optional.of(
              "plain http is allowed only on a loopback host (127.0.0.1, [::1], localhost)");
    }
    if (FORBIDDEN_SCHEMES.contains(scheme)) {
      return Optional.of("the scheme " + scheme + " cannot carry an authorization response");
    }
    return nativeApp
        ? Optional.empty()
        : Optional.of(
            "a private-use scheme is for native applications only (application_type native)");
  }

  /** The registered URI that {@code requested} matches, if any. */
  static Optional<URI> match(List<URI> registered, URI requested) {
    return registered.stream().filter(candidate -> matches(candidate, requested)).findFirst();
  }

  static boolean matches(URI registered, URI requested) {
    if (registered.toString().equals(requested.toString())) {
      return true;
    }
    return lower(registered.getScheme()).equals("http")
        && lower(requested.getScheme()).equals("http")
        && isLoopbackHost(registered.getHost())
        && registered.getHost().equalsIgnoreCase(requested.getHost())
        && requested.getRawUserInfo() == null
        && requested.getRawFragment() == null
        && same(registered.getRawPath(), requested.getRawPath())
        && same(registered.getRawQuery(), requested.getRawQuery());
  }

  /** Whether a client with these redirect URIs is a native application when it does not say. */
  static boolean looksNative(List<URI> uris) {
    return !uris.isEmpty() && uris.stream().allMatch(uri -> isLoopback(uri) || isPrivateUse(uri));
  }

  /** Where the browser goes back to, for the consent page: scheme and host, or the scheme. */
  static String destination(URI uri) {
    String scheme = lower(uri.getScheme());
    if (uri.getHost() == null) {
      return scheme + ":";
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return scheme + "://" + uri.getHost() + port;
  }

  private static boolean same(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  private static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }
}
