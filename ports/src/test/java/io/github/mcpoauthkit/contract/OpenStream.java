package io.github.mcpoauthkit.contract;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * An event stream left open: a daemon thread reads it into memory as it arrives, so a test can wait
 * for events and check what came, and closing it hangs up on the server.
 */
final class OpenStream implements AutoCloseable {

  private final HttpResponse<InputStream> response;
  private final StringBuilder received = new StringBuilder();
  private final Thread reader;
  private boolean ended;

  OpenStream(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "contract-event-stream-reader");
    reader.setDaemon(true);
    reader.start();
  }

  HttpResponse<InputStream> response() {
    return response;
  }

  private void read() {
    byte[] buffer = new byte[1024];
    try (InputStream in = response.body()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
        synchronized (this) {
          received.append(text);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // Closed by the test, or the server hung up: either way the stream has ended.
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /** The body received so far, as text. */
  synchronized String text() {
    return received.toString();
  }

  /** The events received so far. */
  synchronized List<SseEvent> events() {
    return SseEvent.parse(received.toString());
  }

  /** Waits until {@code count} events have arrived or the stream ended; returns what came. */
  synchronized List<SseEvent> awaitEvents(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended && SseEvent.parse(received.toString()).size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return events();
  }

  /** Whether the server ended the stream within {@code timeout}. */
  synchronized boolean endsWithin(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
