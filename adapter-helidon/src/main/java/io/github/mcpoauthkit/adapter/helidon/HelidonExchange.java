package io.github.mcpoauthkit.adapter.helidon;

import io.github.mcpoauthkit.streamablehttp.EventStreamSink;
import io.github.mcpoauthkit.streamablehttp.HttpAnswer;
import io.github.mcpoauthkit.streamablehttp.HttpRequestView;
import io.github.mcpoauthkit.streamablehttp.HttpResponseChannel;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One Helidon request and response, translated to and from the transport-neutral view. */
final class HelidonExchange implements HttpRequestView, HttpResponseChannel {

  private final ServerRequest request;
  private final ServerResponse response;
  private boolean closesConnection;

  HelidonExchange(ServerRequest request, ServerResponse response) {
    this.request = request;
    this.response = response;
  }

  @Override
  public String method() {
    return request.prologue().method().text();
  }

  @Override
  public String path() {
    return request.path().rawPath();
  }

  @Override
  public Optional<String> rawQuery() {
    String raw = request.query().rawValue();
    return raw == null || raw.isEmpty() ? Optional.empty() : Optional.of(raw);
  }

  @Override
  public List<String> headers(String name) {
    return request.headers().all(HeaderNames.create(name), List::of);
  }

  @Override
  public List<String> headerNames() {
    List<String> names = new ArrayList<>();
    for (Header header : request.headers()) {
      names.add(header.name());
    }
    return names;
  }

  /** {@code name: value CRLF} per field line, then the final CRLF (RFC 9112 §2.1). */
  @Override
  public Optional<String> remoteAddress() {
    return request.remotePeer().address() instanceof java.net.InetSocketAddress peer
            && peer.getAddress() != null
        ? Optional.of(peer.getAddress().getHostAddress())
        : Optional.empty();
  }

  @Override
  public int headerSectionBytes() {
    long bytes = 2;
    for (Header header : request.headers()) {
      for (String value : header.allValues()) {
        bytes += header.name().length() + 2 + value.length() + 2;
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  @Override
  public InputStream body() {
    return request.content().inputStream();
  }

  /** Whether the answer said {@code Connection: close}. */
  boolean closesConnection() {
    return closesConnection;
  }

  private void noteConnection(Map<String, String> headers) {
    headers.forEach(
        (name, value) ->
            closesConnection |=
                name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close"));
  }

  @Override
  public void send(HttpAnswer answer) throws IOException {
    noteConnection(answer.headers());
    response.status(Status.create(answer.status()));
    answer.headers().forEach((name, value) -> response.header(name, value));
    try {
      response.send(answer.body());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException e) {
      throw new IOException("the client connection failed", e);
    }
  }

  @Override
  public EventStreamSink openEventStream(Map<String, String> headers) throws IOException {
    noteConnection(headers);
    response.status(Status.OK_200);
    headers.forEach((name, value) -> response.header(name, value));
    OutputStream out;
    try {
      out = response.outputStream();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new HelidonEventStream(out, Thread.currentThread());
  }

  /**
   * Writes SSE events through Helidon's response stream, flushing each so it leaves at once. Writes
   * happen on the request's virtual thread; {@link #abort()} interrupts it, which for a virtual
   * thread blocked in socket I/O closes the socket (JEP 444): the only way to free a write stuck on
   * a client that stopped reading, since Helidon exposes no connection to close.
   */
  private static final class HelidonEventStream implements EventStreamSink {
    private final OutputStream out;
    private final Thread writer;
    private volatile boolean aborted;

    HelidonEventStream(OutputStream out, Thread writer) {
      this.out = out;
      this.writer = writer;
    }

    @Override
    public void write(byte[] events) throws IOException {
      if (aborted) {
        throw new IOException("event stream aborted");
      }
      try {
        out.write(events);
        out.flush();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      } catch (RuntimeException e) {
        // Helidon reports a dead connection as ServerConnectionException, unchecked.
        throw new IOException("the client connection failed", e);
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException | RuntimeException e) {
        // The client has gone; nothing left to end.
      }
    }

    @Override
    public void abort() {
      aborted = true;
      if (Thread.currentThread() == writer) {
        close();
      } else {
        writer.interrupt();
      }
    }
  }
}
