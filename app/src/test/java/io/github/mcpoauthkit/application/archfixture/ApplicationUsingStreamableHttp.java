package io.github.mcpoauthkit.application.archfixture;

import io.github.mcpoauthkit.streamablehttp.HttpAnswer;

/** Violation: the application service answering in the HTTP terms of an outer module. */
public final class ApplicationUsingStreamableHttp {
  public int status(HttpAnswer answer) {
    return answer.status();
  }
}
