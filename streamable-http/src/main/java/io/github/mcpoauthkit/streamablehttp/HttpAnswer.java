package io.github.mcpoauthkit.streamablehttp;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A complete HTTP answer decided without any web server: status, headers and body. The web adapters
 * copy it onto their framework's response and add nothing, so both transports answer alike.
 *
 * @param status the HTTP status
 * @param headers the response headers, in order
 * @param body the body, possibly empty
 */
public record HttpAnswer(int status, Map<String, String> headers, byte[] body) {

  /**
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code status} is not a valid HTTP status
   */
  public HttpAnswer {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(body, "body");
  }

  /** An answer with a JSON body. */
  static HttpAnswer json(int status, Map<String, String> headers, String json) {
    return json(status, headers, json.getBytes(StandardCharsets.UTF_8));
  }

  /** An answer with a JSON body, already encoded as UTF-8. */
  static HttpAnswer json(int status, Map<String, String> headers, byte[] json) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Content-Type", "application/json");
    all.put("Cache-Control", "no-store");
    return new HttpAnswer(status, all, json);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
