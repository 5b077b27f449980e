package io.github.mcpoauthkit.adapter.introspection;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which endpoints may receive tokens and client credentials: https, or plain http to a host written
 * as a loopback address. The same rule as adapter-jwks-nimbus's {@code EndpointPolicy}; adapters do
 * not share code (ArchitectureRules), so this module has its own copy. Never resolves a name.
 */
final class LoopbackHosts {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private LoopbackHosts() {}

  /** What is wrong with sending tokens to {@code url}, or empty when nothing is. */
  static Optional<String> problem(URI url, boolean allowInsecureHttp) {
    String scheme = url.getScheme();
    if (!url.isAbsolute() || url.isOpaque() || url.getHost() == null) {
      return Optional.of("is not an absolute http(s) URL with a host");
    }
    if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
      return Optional.of("uses the scheme '" + scheme + "'; only https (or http) URLs can be used");
    }
    if (url.getRawFragment() != null) {
      return Optional.of("has a fragment");
    }
    if ("http".equalsIgnoreCase(scheme) && !isLoopback(url.getHost()) && !allowInsecureHttp) {
      return Optional.of(
          "uses plain http to '"
              + url.getHost()
              + "', which is not a loopback address; https is required (plain http is accepted"
              + " only for localhost, 127.0.0.0/8 and [::1], or anywhere with allowInsecureHttp,"
              + " for testing)");
    }
    return Optional.empty();
  }

  static boolean isLoopback(String host) {
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
