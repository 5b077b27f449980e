package io.github.mcpoauthkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A complete HTTP answer as a contract test received it.
 *
 * @param status the status code
 * @param headers the response headers
 * @param body the body as UTF-8 text
 */
record Reply(int status, HttpHeaders headers, String body) {

  Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The media type of {@code Content-Type}, lower case and without parameters; "" if absent. */
  String mediaType() {
    return header("Content-Type").map(Reply::mediaTypeOf).orElse("");
  }

  static String mediaTypeOf(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  /** The body as JSON; fails the test if it is not. */
  JsonNode json() {
    try {
      return RawHttp.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("expected a JSON body, got: " + body, e);
    }
  }

  /** The body as server-sent events. */
  List<SseEvent> events() {
    return SseEvent.parse(body);
  }

  /** The {@code WWW-Authenticate} challenge; fails the test if there is none. */
  Challenge challenge() {
    List<String> values = headers.allValues("WWW-Authenticate");
    assertThat(values).as("WWW-Authenticate headers of a %d answer", status).hasSize(1);
    return Challenge.parse(values.get(0));
  }

  @Override
  public String toString() {
    return status + " " + headers.map() + " " + body;
  }
}
