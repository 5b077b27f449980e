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
}
