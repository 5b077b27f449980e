package io.github.mcpoauthkit.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A plain TCP connection to the server under test that a client leaves idle, to see when the server
 * closes it: right after connecting, after one complete request and answer (a keep-alive connection
 * between requests), or inside an unfinished header section. Not thread-safe.
 */
final class IdleConnection implements AutoCloseable {

  private final Socket socket;
  private long idleSince;

  private IdleConnection(Socket socket) {
    this.socket = socket;
    this.idleSince = System.nanoTime();
  }

  /** Connects to the host and port of {@code baseUrl} and sends nothing. */
  static IdleConnection open(String baseUrl) {
    URI base = URI.create(baseUrl);
    try {
      return new IdleConnection(new Socket(base.getHost(), base.getPort()));
    } catch (IOException e) {
      throw new UncheckedIOException("connecting to " + baseUrl + " failed", e);
    }
  }

  /**
   * Sends {@code GET path} (HTTP/1.1, keep-alive) and reads its whole answer; the connection is
   * idle from then on.
   *
   * @return the status line
   */
  String get(String path, String host) throws IOException {
    socket.setSoTimeout(10_000);
    String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    String head = readHead(in);
    int length =
        header(head, "Content-Length")
            .map(String::trim)
            .map(Integer::parseInt)
            .orElseThrow(() -> new AssertionError("no Content-Length in " + head));
    in.readNBytes(length);
    idleSince = System.nanoTime();
    return head.substring(0, head.indexOf("\r\n"));
  }

  /**
   * Sends the request line and one header field of {@code GET path}, but not the empty line that
   * ends the header section; the connection is idle from then on.
   */
  void sendUnfinishedHead(String path, String host) throws IOException {
    String unfinished = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n";
    socket.getOutputStream().write(unfinished.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    idleSince = System.nanoTime();
  }

  /**
   * Waits until the server closes the connection (end of stream or reset) and says how long it was
   * idle by then; empty if it is still open after {@code atMost}.
   */
  Optional<Duration> awaitClose(Duration atMost) throws IOException {
    long deadline = idleSince + atMost.toNanos();
    InputStream in = socket.getInputStream();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
      try {
        int next = in.read();
        if (next < 0) {
          return Optional.of(Duration.ofNanos(System.nanoTime() - idleSince));
        }
        throw new AssertionError("the server sent a byte on an idle connection: " + next);
      } catch (SocketTimeoutException e) {
        // Still open: the loop ends at the deadline.
      } catch (SocketException e) {
        // A reset is a close too.
        return Optional.of(Duration.ofNanos(System.nanoTime() - idleSince));
      }
    }
  }

  /** {@link #awaitClose} on a thread of its own, so that several connections are timed at once. */
  CompletableFuture<Optional<Duration>> closing(Duration atMost) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return awaitClose(atMost);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        task -> new Thread(task, "idle-connection").start());
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int next = in.read();
      if (next < 0) {
        throw new AssertionError("the connection closed within the answer's head: " + head);
      }
      head.write(next);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static Optional<String> header(String head, String name) {
    String prefix = name.toLowerCase(Locale.ROOT) + ":";
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        return Optional.of(line.substring(prefix.length()));
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
