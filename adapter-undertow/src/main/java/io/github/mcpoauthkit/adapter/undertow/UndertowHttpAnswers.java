package io.github.mcpoauthkit.adapter.undertow;

import io.github.mcpoauthkit.streamablehttp.HttpAnswer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.Map;

/** Copies a transport-neutral {@link HttpAnswer} onto an Undertow exchange, adding nothing. */
final class UndertowHttpAnswers {

  private UndertowHttpAnswers() {}

  static void send(HttpAnswer answer, HttpServerExchange exchange) {
    exchange.setStatusCode(answer.status());
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      exchange
          .getResponseHeaders()
          .put(HttpString.tryFromString(header.getKey()), header.getValue());
    }
    exchange
        .getResponseHeaders()
        .put(io.undertow.util.Headers.CONTENT_LENGTH, answer.body().length);
    exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
  }
}
