package io.github.mcpoauthkit.adapter.nimbus;

import java.net.http.HttpHeaders;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one {@link BoundedHttpClient#get}: either the server answered (any status,
 * redirects included) or the exchange failed before a complete answer arrived.
 */
sealed interface Fetch permits Fetch.Response, Fetch.Failure {

  /**
   * The server answered.
   *
   * @param status the HTTP status code
   * @param body the body decoded as UTF-8, at most {@link HttpSettings#maxResponseBytes()} bytes
   * @param headers the response headers
   */
  record Response(int status, String body, HttpHeaders headers) implements Fetch {

    public Response {
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(headers, "headers");
    }

    boolean isSuccess() {
      return status >= 200 && status < 300;
    }

    boolean isRedirect() {
      return status >= 300 && status < 400;
    }

    /** The {@code Location} header, the target of a redirect. */
    Optional<String> location() {
      return headers.firstValue("Location");
    }

    /** The {@code Content-Type} header. */
    Optional<String> contentType() {
      return headers.firstValue("Content-Type");
    }
  }

  /**
   * No complete answer.
   *
   * @param problem what kind of failure
   * @param description a short, lower-case description for an operator, including the configured
   *     limit that was hit (for example {@code connect timed out after 5 s (connectTimeout)})
   * @param cause the underlying exception
   */
  record Failure(Problem problem, String description, Throwable cause) implements Fetch {

    public Failure {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** Why no complete answer arrived. */
  enum Problem {
    CONNECTION_REFUSED,
    CONNECT_TIMEOUT,
    READ_TIMEOUT,
    UNKNOWN_HOST,
    TLS,
    IO,
    TOO_LARGE
  }
}
