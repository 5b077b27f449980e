package io.github.mcpoauthkit.streamablehttp;

/**
 * Answers that a web server must give before a request reaches {@link ResourceServerHandler} (its
 * header section is already too large to read), decided here so that both transports send the same
 * status and body.
 */
public final class TransportAnswers {

  private TransportAnswers() {}

  /** 431: the request's header section is larger than {@code limit} bytes (RFC 6585 §5). */
  public static HttpAnswer requestHeaderFieldsTooLarge(int limit) {
    return JsonRpc.error(
        431,
        JsonRpc.INVALID_REQUEST,
        "Request Header Fields Too Large: the limit is " + limit + " bytes");
  }
}
