package io.github.mcpoauthkit.adapter.undertow.archfixture;

import io.github.mcpoauthkit.devissuer.DevIssuer;

/** Violation: an adapter that starts the development issuer, which only app may do. */
public final class UndertowReachingIntoDevIssuer {
  public String issuer(DevIssuer issuer) {
    return issuer.issuer().value();
  }
}
