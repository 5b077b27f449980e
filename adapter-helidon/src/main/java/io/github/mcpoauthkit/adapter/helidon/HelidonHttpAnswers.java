package io.github.mcpoauthkit.adapter.helidon;

import io.github.mcpoauthkit.streamablehttp.HttpAnswer;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/** Copies a transport-neutral {@link HttpAnswer} onto a Helidon response, adding nothing. */
final class HelidonHttpAnswers {

  private HelidonHttpAnswers() {}

  static void send(HttpAnswer answer, ServerResponse response) {
    response.status(Status.create(answer.status()));
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      response.header(HeaderNames.create(header.getKey()), header.getValue());
    }
    response.send(answer.body());
  }
}
