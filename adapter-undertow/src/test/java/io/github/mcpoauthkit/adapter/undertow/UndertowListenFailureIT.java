package io.github.mcpoauthkit.adapter.undertow;

import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import io.github.mcpoauthkit.streamablehttp.testing.ListenFailureContract;

/** Undertow's failures to listen. */
class UndertowListenFailureIT implements ListenFailureContract {

  @Override
  public WebServerFactory factory() {
    return new UndertowWebServerFactory();
  }
}
