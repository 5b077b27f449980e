package io.github.mcpoauthkit.domain.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON body of an OAuth error answer, {@code {"error":"…","error_description":"…"}} (RFC 6749
 * §5.2 style), sent next to the {@code WWW-Authenticate} challenge so that clients which read only
 * bodies see the same reason.
 */
public final class ErrorDocument {

  private ErrorDocument() {}

  /**
   * Renders the body; both values are JSON-escaped.
   *
   * @throws NullPointerException if an argument is null
   */
  public static String render(String error, String description) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("error", Objects.requireNonNull(error, "error"));
    document.put("error_description", Objects.requireNonNull(description, "description"));
    return Json.write(document);
  }

  /**
   * Renders the body of an answer that carries no error code, {@code {"error_description":"…"}}:
   * the answer to a request without credentials, whose challenge has no {@code error} either (RFC
   * 6750 §3.1), so that body and header agree.
   *
   * @throws NullPointerException if {@code description} is null
   * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1</a>
   */
  public static String describe(String description) {
    return Json.write(
        Map.of("error_description", Objects.requireNonNull(description, "description")));
  }
}
