package io.github.mcpoauthkit.adapter.undertow;

import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import java.time.Duration;

/** Registers Undertow as the application's transport (see {@code META-INF/services}). */
public final class UndertowWebServerFactory implements WebServerFactory {

  @Override
  public String name() {
    return "undertow";
  }

  @Override
  public RunningServer start(
      ResourceServerHandler handler,
      String host,
      int port,
      int maxHeaderBytes,
      Duration idleTimeout,
      Duration shutdownGrace) {
    return UndertowMcpServer.start(handler, host, port, maxHeaderBytes, idleTimeout, shutdownGrace);
  }
}
