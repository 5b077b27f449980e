package io.github.mcpoauthkit.adapter.helidon;

import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import io.github.mcpoauthkit.streamablehttp.testing.ListenFailureContract;

/** Helidon's failures to listen, which Helidon itself only logs. */
class HelidonListenFailureIT implements ListenFailureContract {

  @Override
  public WebServerFactory factory() {
    return new HelidonWebServerFactory();
  }
}
