package io.github.mcpoauthkit.app.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket: headers are written byte for byte, so that a test can send what a
 * well-behaved client refuses to (control characters, duplicated headers, oversized sections).
 */
final class RawHttp {

  /** A header line, written as is: its characters below 256 as one byte each. */
  record Header(String name, String value) {}

  /** What the token corpus sends besides its credentials: an MCP 2025-06-18 client's headers. */
  static final List<Header> LEGACY_HEADERS =
      List.of(
          new Header("Accept", "application/json"),
          new Header("MCP-Protocol-Version", "2025-06-18"));

  /**
   * One request to {@code /mcp}.
   *
   * @param contentType the Content-Type header, or null for none
   * @param headers every other header but Host, Content-Length and Connection, in order, repeated
   *     names included
   */
  record Request(
      String method,
      List<String> authorization,
      String query,
      String contentType,
      List<Header> headers,
      String body) {

    /** A POST with the headers of an MCP 2025-06-18 client. */
    Request(List<String> authorization, String query, String contentType, String body) {
      this("POST", authorization, query, contentType, LEGACY_HEADERS, body);
    }

    Request withHeaders(List<Header> replaced) {
      return new Request(method, authorization, query, contentType, replaced, body);
    }

    Request withBody(String replaced) {
      return new Request(method, authorization, query, contentType, headers, replaced);
    }

    Request withMethod(String replaced) {
      return new Request(replaced, authorization, query, contentType, headers, body);
    }

    Request withContentType(String replaced) {
      return new Request(method, authorization, query, replaced, headers, body);
    }

    Request withAuthorization(List<String> replaced) {
      return new Request(method, replaced, query, contentType, headers, body);
    }
  }

  /** What came back. */
  record Response(int status, List<String[]> headers, String body) {
    Optional<String> header(String name) {
      for (String[] header : headers) {
        if (header[0].equalsIgnoreCase(name)) {
          return Optional.of(header[1]);
        }
      }
      return Optional.empty();
    }
  }

  private RawHttp() {}

  /** {@code text} as a header value that goes out as its UTF-8 bytes. */
  static String utf8(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  static Response send(int port, Request request) {
    StringBuilder head = new StringBuilder();
    head.append(request.method())
        .append(" /mcp")
        .append(request.query() == null ? "" : "?" + request.query())
        .append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    for (Header header : request.headers()) {
      head.append(header.name()).append(": ").append(header.value()).append("\r\n");
    }
    if (request.contentType() != null) {
      head.append("Content-Type: ").append(request.contentType()).append("\r\n");
    }
    for (String value : request.authorization()) {
      head.append("Authorization: ").append(value).append("\r\n");
    }
    byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      try {
        // ISO-8859-1 keeps every char below 256 as one byte, control characters included.
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
      } catch (SocketException e) {
        // The server may answer (431, 400) and close before reading everything: read what it said.
      }
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads one response: to the end of its Content-Length or its last chunk, or to the end of the
   * stream, as some servers keep the connection open despite {@code Connection: close}.
   */
  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        bytes.write(buffer, 0, n);
        if (complete(bytes.toByteArray())) {
          break;
        }
      }
    } catch (SocketException e) {
      // A reset after the response has been received: keep what arrived.
      if (bytes.size() == 0) {
        throw e;
      }
    }
    return bytes.toByteArray();
  }

  private static boolean complete(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String head = text.substring(0, end).toLowerCase(Locale.ROOT);
    int bodyLength = raw.length - end - 4;
    for (String line : head.split("\r\n")) {
      if (line.startsWith("content-length:")) {
        return bodyLength >= Integer.parseInt(line.substring(15).trim());
      }
      if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
        return text.endsWith("\r\n0\r\n\r\n") || text.substring(end + 4).startsWith("0\r\n\r\n");
      }
    }
    return false;
  }

  private static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no complete response: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<String[]> headers = new ArrayList<>();
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim();
      String value = lines[i].substring(colon + 1).trim();
      headers.add(new String[] {name, value});
      chunked |=
          name.equalsIgnoreCase("Transfer-Encoding")
              && value.toLowerCase(Locale.ROOT).contains("chunked");
    }
    String body = text.substring(end + 4);
    if (chunked) {
      body = dechunk(body);
    }
    return new Response(
        status,
        headers,
        new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int lineEnd = body.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }
      String sizeText = body.substring(at, lineEnd);
      int semicolon = sizeText.indexOf(';');
      int size = Integer.parseInt(semicolon < 0 ? sizeText : sizeText.substring(0, semicolon), 16);
      if (size == 0) {
        break;
      }
      int start = lineEnd + 2;
      out.append(body, start, Math.min(body.length(), start + size));
      at = start + size + 2;
    }
    return out.toString();
  }
}
