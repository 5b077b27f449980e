package io.github.mcpoauthkit.devissuer;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP answer of the development issuer: status, headers (the {@code Content-Type} among them)
 * and a body. The endpoints decide it without HTTP; {@link DevIssuer} only writes it out.
 *
 * @param status the HTTP status
 * @param headers the response headers, each with one value
 * @param body the body, UTF-8 text; empty for a redirect
 */
record Answer(int status, Map<String, String> headers, String body) {

  private static final String JSON = "application/json";
  private static final String HTML = "text/html; charset=utf-8";

  /** What every page of the issuer forbids: framing, scripts, a referrer, caching. */
  private static final Map<String, String> PAGE_HEADERS =
      Map.of(
          "X-Frame-Options", "DENY",
          // No form-action: Chromium applies it to the redirect that follows the consent POST,
          // which goes to the client's loopback or private-use redirect URI.
          "Content-Security-Policy",
              "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none';"
                  + " base-uri 'none'",
          "Referrer-Policy", "no-referrer",
          "X-Content-Type-Options", "nosniff",
          "Cache-Control", "no-store");

  Answer {
    headers = Map.copyOf(headers);
  }

  /** A JSON document that may be cached (metadata, JWKS). */
  static Answer document(String json) {
    return new Answer(200, Map.of("Content-Type", JSON), json);
  }

  /** A JSON answer that must not be cached: tokens, registrations, errors. */
  static Answer json(int status, Map<String, ?> body) {
    return new Answer(
        status,
        Map.of("Content-Type", JSON, "Cache-Control", "no-store", "Pragma", "no-cache"),
        JSONObjectUtils.toJSONString(body));
  }

  /** What the Nimbus SDK wrote: its status, content type, cache headers and body. */
  static Answer from(HTTPResponse response) {
    Map<String, String> headers = new LinkedHashMap<>();
    response.getHeaderMap().forEach((name, values) -> headers.put(name, String.join(", ", values)));
    return new Answer(
        response.getStatusCode(), headers, response.getBody() == null ? "" : response.getBody());
  }

  /** An RFC 6749 §5.2 error; a 401 also carries the Basic challenge (RFC 6749 §5.2). */
  static Answer error(ErrorObject error) {
    int status = error.getHTTPStatusCode() == 0 ? 400 : error.getHTTPStatusCode();
    Answer answer = json(status, error.toJSONObject());
    if (status != 401) {
      return answer;
    }
    return answer.with("WWW-Authenticate", "Basic realm=\"mcp-oauth-kit development issuer\"");
  }

  /** An RFC 6749 §5.2 error with the given code, status and description. */
  static Answer error(int status, String code, String description) {
    return error(described(new ErrorObject(code, null, status), description));
  }

  /**
   * {@code error} with {@code description}, made legal for {@code error_description} (RFC 6749 §5.2
   * allows printable ASCII without {@code "} and {@code \}): the SDK refuses anything else, and a
   * message from a request or the SDK may hold it.
   */
  static ErrorObject described(ErrorObject error, String description) {
    String text =
        description == null
            ? ""
            : ErrorObject.removeIllegalChars(description.replace("§", "section "));
    return error.setDescription(text.isBlank() ? null : text);
  }

  /** An HTML page, unframeable and uncached. */
  static Answer page(int status, String html) {
    Map<String, String> headers = new LinkedHashMap<>(PAGE_HEADERS);
    headers.put("Content-Type", HTML);
    return new Answer(status, headers, html);
  }

  /**
   * A redirect to the client with an authorization response. 303, so that the browser follows the
   * consent POST with a GET.
   */
  static Answer redirect(URI location) {
    Map<String, String> headers = new LinkedHashMap<>(PAGE_HEADERS);
    headers.put("Location", location.toString());
    return new Answer(303, headers, "");
  }

  /** A 405 naming the methods allowed. */
  static Answer methodNotAllowed(String allowed) {
    return error(405, "invalid_request", "use " + allowed).with("Allow", allowed);
  }

  Answer with(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Answer(status, more, body);
  }

  /** The {@code error} member of a JSON body, or empty; for tests and logs. */
  Optional<String> error() {
    try {
      return Optional.ofNullable(JSONObjectUtils.parse(body).get("error")).map(String::valueOf);
    } catch (java.text.ParseException e) {
      return Optional.empty();
    }
  }

  /** Without the body, which may hold a token. */
  @Override
  public String toString() {
    return "Answer[" + status + error().map(e -> " " + e).orElse("") + "]";
  }
}
