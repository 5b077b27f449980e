package io.github.mcpoauthkit.devissuer.archfixture;

import io.github.mcpoauthkit.streamablehttp.ListenException;

/** Violation: the development issuer reporting its startup in the MCP transport's terms. */
public final class DevIssuerUsingStreamableHttp {
  public RuntimeException failure(Exception cause) {
    return ListenException.of("127.0.0.1", 0, cause);
  }
}
