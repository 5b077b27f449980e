package io.github.mcpoauthkit.app.hardening;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 keep-alive connection to a server on loopback, for one thread: each request is
 * written on the connection the previous answer left open, and its answer read to the end of its
 * Content-Length or last chunk.
 *
 * <p>The JDK's {@code HttpClient} is not used for load because a request it loses looks the same as
 * one the server dropped ({@code HTTP/1.1 header parser received no bytes}), and a test of lost
 * requests must tell the two apart. And on JDK 25.0.3 it does lose some under load: while a
 * connection is in its HTTP/1.1 pool, {@code jdk.internal.net.http.ConnectionPool} keeps a {@code
 * CleanupTrigger} reading it; the next exchange's reader takes its place only later, on the
 * selector thread ({@code SocketTube.InternalReadPublisher.subscribe} queues it, {@code
 * handlePending} installs it), so the trigger can read the answer to a request already written on
 * the connection, close it ({@code ConnectionPool.cleanup}: "Data received while in pool",
 * "Unexpected cleanup triggered for non pooled connection"), and the exchange fails with {@code
 * HTTP/1.1 header parser received no bytes}; a POST is not retried ({@code
 * MultiExchange.canRetryRequest}). Upstream reports of this race: JDK-8336655, JDK-8338569,
 * JDK-8357639. Here every request is sent exactly once: a new connection is opened only when the
 * server had closed the previous one before the request was written (its end of stream is already
 * there to read), or said {@code Connection: close}; a request that was written and not answered
 * (the server closed, reset, or said nothing within the read timeout) fails with an {@link
 * IOException}, never retried. Not thread-safe.
 */
final class KeepAliveConnection implements AutoCloseable {

  /** An answer: its status, its header fields with lower-case names, its body as UTF-8. */
  record Response(int status, Map<String, List<String>> headers, String body) {
    Optional<String> header(String name) {
      List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
      return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
  }

  /** A request that was written whole and that the server closed the connection on, unanswered. */
  static final class UnansweredException extends IOException {
    private static final long serialVersionUID = 1L;

    UnansweredException(String message) {
      super(message);
    }
  }

  private final int port;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private Socket socket;
  private InputStream in;
  private int connections;

  KeepAliveConnection(int port, Duration connectTimeout, Duration readTimeout) {
    this.port = port;
    this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
    this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
  }

  /** How many connections this has opened so far. */
  int connections() {
    return connections;
  }

  /**
   * Sends one POST with {@code headers} (besides Host and Content-Length) and reads its answer.
   *
   * @throws UnansweredException the request was written and the server closed without answering
   * @throws IOException the connection failed otherwise (connect, write, read timeout, a malformed
   *     or truncated answer); the request may or may not have reached the server
   */
  Response post(String path, Map<String, String> headers, String body) throws IOException {
    return exchange("POST", path, headers, body);
  }

  /** Sends one GET with {@code headers} (besides Host); fails as {@link #post} does. */
  Response get(String path, Map<String, String> headers) throws IOException {
    return exchange("GET", path, headers, "");
  }

  private Response exchange(String method, String path, Map<String, String> headers, String body)
      throws IOException {
    boolean reused = reusable();
    if (!reused) {
      open();
    }
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (method.equals("POST") || content.length > 0) {
      head.append("Content-Length: ").append(content.length).append("\r\n");
    }
    head.append("\r\n");
    try {
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      Response response = read(reused);
      if (response.header("connection").filter(v -> v.equalsIgnoreCase("close")).isPresent()) {
        close();
      }
      return response;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Whether the open connection can carry the next request: the server has not closed it. A byte
   * that arrives while no request is outstanding is a protocol error and is reported.
   */
  private boolean reusable() throws IOException {
    if (socket == null) {
      return false;
    }
    try {
      socket.setSoTimeout(1);
      int unexpected = in.read();
      close();
      if (unexpected >= 0) {
        throw new IOException("the server sent data while no request was outstanding");
      }
      return false;
    } catch (SocketTimeoutException idle) {
      socket.setSoTimeout(readTimeoutMillis);
      return true;
    } catch (IOException e) {
      // A reset while idle: the server dropped the connection before this request was written.
      close();
      return false;
    }
  }

  private void open() throws IOException {
    Socket opened = new Socket();
    try {
      opened.setTcpNoDelay(true);
      opened.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), connectTimeoutMillis);
      opened.setSoTimeout(readTimeoutMillis);
    } catch (IOException e) {
      opened.close();
      throw e;
    }
    socket = opened;
    in = new BufferedInputStream(opened.getInputStream());
    connections++;
  }

  private Response read(boolean reused) throws IOException {
    String statusLine = line(true);
    if (statusLine == null) {
      throw new UnansweredException(
          "the server closed the "
              + (reused ? "kept-alive" : "new")
              + " connection after the request was sent, without answering");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String field; !(field = require(line(false))).isEmpty(); ) {
      int colon = field.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header field: " + field);
      }
      headers
          .computeIfAbsent(
              field.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(field.substring(colon + 1).trim());
    }
    byte[] body;
    List<String> transferEncoding = headers.getOrDefault("transfer-encoding", List.of());
    List<String> contentLength = headers.getOrDefault("content-length", List.of());
    if (status / 100 == 1 || status == 204 || status == 304) {
      body = new byte[0];
    } else if (transferEncoding.stream()
        .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
      body = chunked();
    } else if (!contentLength.isEmpty()) {
      body = exactly(Long.parseLong(contentLength.get(0)));
    } else {
      // Delimited by the end of the connection (RFC 9112 §6.3): nothing can follow it.
      body = in.readAllBytes();
      headers.put("connection", List.of("close"));
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = require(line(false));
      int extension = sizeLine.indexOf(';');
      long size =
          Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
      if (size == 0) {
        while (!require(line(false)).isEmpty()) {
          // Trailer fields: not needed.
        }
        return body.toByteArray();
      }
      body.writeBytes(exactly(size));
      if (!require(line(false)).isEmpty()) {
        throw new IOException("a chunk did not end with CRLF");
      }
    }
  }

  private byte[] exactly(long length) throws IOException {
    byte[] bytes = in.readNBytes(Math.toIntExact(length));
    if (bytes.length < length) {
      throw new IOException(
          "the answer ended after " + bytes.length + " of its " + length + " body bytes");
    }
    return bytes;
  }

  private static String require(String line) throws IOException {
    if (line == null) {
      throw new IOException("the connection ended in the middle of an answer");
    }
    return line;
  }

  /**
   * A line without its CRLF, or null at the end of the stream before its first byte.
   *
   * @param first whether this is the status line: only then may the stream end before it
   */
  private String line(boolean first) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    if (line.size() > 0 || !first) {
      throw new IOException("the connection ended in the middle of an answer");
    }
    return null;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing is all that is left to do.
      }
      socket = null;
      in = null;
    }
  }
}
