package io.github.mcpoauthkit.adapter.introspection.archfixture;

import io.github.mcpoauthkit.streamablehttp.HttpAnswer;

/** Violation: the introspection adapter using the MCP transport module. */
public final class IntrospectionCallingStreamableHttp {
  public int status(HttpAnswer answer) {
    return answer.status();
  }
}
