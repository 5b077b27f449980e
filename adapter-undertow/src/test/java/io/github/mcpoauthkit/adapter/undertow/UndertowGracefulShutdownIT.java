package io.github.mcpoauthkit.adapter.undertow;

import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import io.github.mcpoauthkit.streamablehttp.testing.GracefulShutdownContract;

/** A graceful stop on Undertow, on the wire. */
class UndertowGracefulShutdownIT implements GracefulShutdownContract {

  @Override
  public WebServerFactory factory() {
    return new UndertowWebServerFactory();
  }
}
