package io.github.mcpoauthkit.adapter.helidon.archfixture;

import io.undertow.server.HttpServerExchange;

/**
 * Violation: the Helidon adapter using Undertow, which arrives on its classpath only by accident.
 */
public final class HelidonUsingUndertowTypes {
  public int status(HttpServerExchange exchange) {
    return exchange.getStatusCode();
  }
}
