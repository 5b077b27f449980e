package io.github.mcpoauthkit.adapter.nimbus.archfixture;

import io.github.mcpoauthkit.streamablehttp.HttpAnswer;

/** Violation: the key-source adapter using the MCP transport module. */
public final class NimbusCallingStreamableHttp {
  public int status(HttpAnswer answer) {
    return answer.status();
  }
}
