package io.github.mcpoauthkit.app.wiring;

import com.google.inject.AbstractModule;
import io.github.mcpoauthkit.adapter.introspection.NimbusTokenIntrospector;
import io.github.mcpoauthkit.app.config.IntrospectionConfig;
import io.github.mcpoauthkit.application.TokenIntrospection;
import java.net.URI;
import java.time.Clock;

/**
 * Token introspection (RFC 7662) through Nimbus, for {@code OAUTH_VERIFICATION=introspection} or
 * {@code hybrid}. The endpoint was settled before the injector was made (a missing one stops
 * startup); this module only binds what asks it.
 */
public final class NimbusIntrospectionModule extends AbstractModule {

  private final TokenIntrospection introspection;

  /**
   * @throws IllegalArgumentException if {@code endpoint} is refused (plain http beyond loopback)
   */
  public NimbusIntrospectionModule(IntrospectionConfig config, URI endpoint) {
    this.introspection =
        new TokenIntrospection(
            NimbusTokenIntrospector.create(
                endpoint, config.auth(), config.http(), Clock.systemUTC()),
            config.limits(),
            config.jwtsLocally());
  }

  @Override
  protected void configure() {
    bind(TokenIntrospection.class).toInstance(introspection);
  }
}
