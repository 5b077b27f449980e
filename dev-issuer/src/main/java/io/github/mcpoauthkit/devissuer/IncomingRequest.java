package io.github.mcpoauthkit.devissuer;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request to the issuer, read from the web server: what the endpoints need, no more.
 *
 * @param method the HTTP method
 * @param uri the absolute request URI, on the issuer's origin
 * @param headers the first value of each header, by lower-case name
 * @param body the body, at most {@link FormBody#MAX_BYTES} + 1 bytes
 */
record IncomingRequest(String method, URI uri, Map<String, String> headers, byte[] body) {

  IncomingRequest {
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Whether the body was cut at the limit. */
  boolean tooLarge() {
    return body.length > FormBody.MAX_BYTES;
  }

  /**
   * The request as the Nimbus SDK reads it, with {@code text} as the body and {@code contentType}
   * as its type: the caller has checked both (the SDK compares media types case-sensitively).
   */
  HTTPRequest toNimbus(String text, ContentType contentType) {
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.valueOf(method), uri);
    request.setEntityContentType(contentType);
    header("authorization").ifPresent(request::setAuthorization);
    request.setBody(text);
    return request;
  }

  /** Method and path only: the query and the body may hold secrets. */
  @Override
  public String toString() {
    return "IncomingRequest[" + method + " " + uri.getRawPath() + "]";
  }
}
