package io.github.mcpoauthkit.adapter.nimbus;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which URLs the adapter may fetch metadata and keys from: https, or plain http to a loopback host
 * (local development and tests), or plain http anywhere when {@code allowInsecureHttp} says so.
 * Never resolves a name: a host is loopback only when it is written as one. Immutable.
 */
final class EndpointPolicy {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final boolean allowInsecureHttp;

  EndpointPolicy(boolean allowInsecureHttp) {
    this.allowInsecureHttp = allowInsecureHttp;
  }

  /**
   * What is wrong with fetching from {@code url}.
   *
   * @return a description such as {@code uses plain http to a host that is not a loopback address},
   *     or empty when the URL is acceptable
   */
  Optional<String> problem(URI url) {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (!url.isAbsolute() || url.isOpaque()) {
      return Optional.of("is not an absolute http(s) URL");
    }
    if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
      return Optional.of("uses the scheme '" + scheme + "'; only https (or http) URLs can be used");
    }
    if (url.getHost() == null) {
      return Optional.of("has no host name");
    }
    if (isPlainHttpBeyondLoopback(url) && !allowInsecureHttp) {
      return Optional.of(
          "uses plain http to '"
              + url.getHost()
              + "', which is not a loopback address; https is required (plain http is accepted"
              + " only for localhost, 127.0.0.0/8 and [::1], or anywhere with allowInsecureHttp,"
              + " for testing)");
    }
    return Optional.empty();
  }

  /** Whether {@code url} is plain http to a host that is not loopback, so it needs the override. */
  static boolean isPlainHttpBeyondLoopback(URI url) {
    return "http".equalsIgnoreCase(url.getScheme()) && !isLoopback(url.getHost());
  }

  /** Whether {@code host} (as {@link URI#getHost()} returns it) is a loopback literal. */
  static boolean isLoopback(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    if (IPV4.matcher(h).matches()) {
      String[] octets = h.split("\\.");
      for (String octet : octets) {
        if (Integer.parseInt(octet) > 255) {
          return false;
        }
      }
      return octets[0].equals("127");
    }
    if (h.startsWith("[") && h.endsWith("]") && h.contains(":")) {
      try {
        // With a ':' the JDK parses the text as an IPv6 literal and never looks it up.
        return InetAddress.getByName(h.substring(1, h.length() - 1)).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
