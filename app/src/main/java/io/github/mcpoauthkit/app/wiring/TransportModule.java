package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.streamablehttp.WebServerFactory;

/** The web server the build packaged (see {@link PackagedWebServer}). */
public final class TransportModule extends AbstractModule {

  @Provides
  @Singleton
  WebServerFactory webServer(KitConfig config) {
    return PackagedWebServer.find(config.transport());
  }
}
