package io.github.mcpoauthkit.app.wiring;

import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the web server the build packaged through {@link ServiceLoader}: the application never
 * names Helidon or Undertow. When several are on the classpath (tests), the requested one.
 */
final class PackagedWebServer {

  private PackagedWebServer() {}

  /**
   * @param requested a transport's name, or an empty string for the only one packaged
   * @throws IllegalStateException if none, or not exactly the requested one, is packaged
   */
  static WebServerFactory find(String requested) {
    List<WebServerFactory> found = new ArrayList<>();
    ServiceLoader.load(WebServerFactory.class).forEach(found::add);
    List<String> names = found.stream().map(WebServerFactory::name).toList();
    if (!requested.isEmpty()) {
      return found.stream()
          .filter(factory -> factory.name().equals(requested))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "MCP_TRANSPORT=" + requested + " is not packaged; available: " + names));
    }
    if (found.size() != 1) {
      throw new IllegalStateException(
          found.isEmpty()
              ? "No web server is packaged: build with -Dtransport=helidon or -Dtransport=undertow"
              : "Several web servers are packaged " + names + "; set MCP_TRANSPORT to one of them");
    }
    return found.get(0);
  }
}
