package io.github.mcpoauthkit.adapter.helidon;

import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import io.github.mcpoauthkit.streamablehttp.testing.GracefulShutdownContract;

/** A graceful stop on Helidon, on the wire. */
class HelidonGracefulShutdownIT implements GracefulShutdownContract {

  @Override
  public WebServerFactory factory() {
    return new HelidonWebServerFactory();
  }
}
