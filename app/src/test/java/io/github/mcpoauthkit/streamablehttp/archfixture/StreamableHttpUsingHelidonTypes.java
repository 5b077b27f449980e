package io.github.mcpoauthkit.streamablehttp.archfixture;

import io.helidon.http.Status;

/** Violation: the transport-neutral module speaking in Helidon types. */
public final class StreamableHttpUsingHelidonTypes {
  public Status unauthorized() {
    return Status.UNAUTHORIZED_401;
  }
}
