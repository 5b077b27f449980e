package io.github.mcpoauthkit.streamablehttp;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP request as a web adapter presents it to {@link ResourceServerHandler}: the adapter's
 * only job on the way in. Implementations are used by one thread, the one that calls {@link
 * ResourceServerHandler#handle(HttpRequestView, HttpResponseChannel)}.
 */
public interface HttpRequestView {

  /** The method, upper case, such as {@code POST}. */
  String method();

  /** The decoded-as-sent path without the query, such as {@code /mcp}. */
  String path();

  /** The raw query string without {@code ?}, if any. */
  Optional<String> rawQuery();

  /**
   * Every value of the header {@code name} (matched case-insensitively), in the order received;
   * empty when absent. A header repeated on several lines gives several values.
   */
  List<String> headers(String name);

  /**
   * The names of the headers received, each once, in any case and order. MCP 2026-07-28's {@code
   * Mcp-Param-*} headers are found through it.
   */
  List<String> headerNames();

  /** The first value of the header {@code name}, if any. */
  default Optional<String> header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The size of the header section as received: the sum over all header lines of name, value and
   * separators. The handler answers 431 when it exceeds the configured limit, so both web servers
   * refuse the same requests with the same status.
   */
  int headerSectionBytes();

  /**
   * The address of the peer that sent the request, such as {@code 127.0.0.1} (the proxy's, behind
   * one), for the audit log; empty when the web server does not tell.
   */
  default Optional<String> remoteAddress() {
    return Optional.empty();
  }

  /**
   * The request body as a blocking stream; read at most once. The handler enforces its own size
   * limit while reading.
   */
  InputStream body();
}
