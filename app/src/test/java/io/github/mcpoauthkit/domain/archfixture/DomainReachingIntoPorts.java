package io.github.mcpoauthkit.domain.archfixture;

import io.github.mcpoauthkit.port.driving.RequestAuthenticator;

/** Violation: the domain calling outwards into the ports it is supposed to define the terms for. */
public final class DomainReachingIntoPorts {
  public boolean knows(RequestAuthenticator authenticator) {
    return authenticator != null;
  }
}
