package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import io.github.mcpoauthkit.streamablehttp.WebServerFactory;

/** The web server the build packaged (see {@link PackagedWebServer}). */
public final class TransportModule extends AbstractModule {

  private final WebServerFactory webServer;

  private TransportModule(WebServerFactory webServer) {
    this.webServer = webServer;
  }

  /**
   * Finds the packaged web server now, so that a build without the requested one stops startup
   * before anything is fetched or started.
   *
   * @param requested {@code MCP_TRANSPORT}, or an empty string for the only one packaged
   * @throws IllegalStateException if none, or not exactly the requested one, is packaged
   */
  public static TransportModule packaged(String requested) {
    return new TransportModule(PackagedWebServer.find(requested));
  }

  @Override
  protected void configure() {
    bind(WebServerFactory.class).toInstance(webServer);
  }
}
