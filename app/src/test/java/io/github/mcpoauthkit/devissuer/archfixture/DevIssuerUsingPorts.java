package io.github.mcpoauthkit.devissuer.archfixture;

import io.github.mcpoauthkit.port.driving.RequestAuthenticator;

/** Violation: the development issuer calling the resource server's verification port. */
public final class DevIssuerUsingPorts {
  public Object authenticator(RequestAuthenticator verifier) {
    return verifier;
  }
}
