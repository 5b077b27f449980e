package io.github.mcpoauthkit.adapter.helidon;

import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import java.time.Duration;

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
      ResourceServerHandler handler,
      String host,
      int port,
      int maxHeaderBytes,
      Duration idleTimeout,
      Duration shutdownGrace) {
    return HelidonMcpServer.start(handler, host, port, maxHeaderBytes, idleTimeout, shutdownGrace);
  }
}
