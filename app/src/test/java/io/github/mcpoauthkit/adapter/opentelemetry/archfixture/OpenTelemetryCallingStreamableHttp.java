package io.github.mcpoauthkit.adapter.opentelemetry.archfixture;

import io.github.mcpoauthkit.streamablehttp.HttpAnswer;

/** Violation: the tracing adapter reading the MCP transport's answers instead of the port. */
public final class OpenTelemetryCallingStreamableHttp {
  public int status(HttpAnswer answer) {
    return answer.status();
  }
}
