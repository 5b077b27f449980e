package io.github.mcpoauthkit.adapter.helidon;

import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.github.mcpoauthkit.streamablehttp.WebServerFactory;

/**
 * Registers the Helidon webserver as the application's transport (see {@code META-INF/services}).
 */
public final class HelidonWebServerFactory implements WebServerFactory {

  @Override
  public String name() {
    return "helidon";
  }

  @Override
  public RunningServer start(
      ResourceServerHandler handler, String host, int port, int maxHeaderBytes) {
    return HelidonMcpServer.start(handler, host, port, maxHeaderBytes);
  }
}
