package io.github.mcpoauthkit.adapter.micrometer.archfixture;

import io.github.mcpoauthkit.streamablehttp.HttpAnswer;

/** Violation: the metrics adapter reaching into the MCP transport instead of the port. */
public final class MicrometerCallingStreamableHttp {
  public int status(HttpAnswer answer) {
    return answer.status();
  }
}
