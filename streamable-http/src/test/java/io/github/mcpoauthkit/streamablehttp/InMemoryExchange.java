package io.github.mcpoauthkit.streamablehttp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A request and its captured answer, without any web server: for handler tests. */
final class InMemoryExchange implements HttpRequestView, HttpResponseChannel {

  private final String method;
  private final String path;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private final byte[] body;
  private volatile int status;
  private final Map<String, String> responseHeaders = new LinkedHashMap<>();
  private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
  private volatile String streamEnd = "";

  InMemoryExchange(String method, String path, String body) {
    this.method = method;
    this.path = path;
    this.body = body.getBytes(StandardCharsets.UTF_8);
  }

  InMemoryExchange header(String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    return this;
  }

  static InMemoryExchange post(String json, String token) {
    return new InMemoryExchange("POST", "/mcp", json)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream");
  }

  int status() {
    return status;
  }

  synchronized Optional<String> responseHeader(String name) {
    return Optional.ofNullable(responseHeaders.get(name));
  }

  String responseBody() {
    synchronized (responseBody) {
      return responseBody.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * How an event stream ended: {@code closed} (normally, as an event stream ends), {@code aborted}
   * (the connection dropped), or empty while open or when none was opened.
   */
  String streamEnd() {
    return streamEnd;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Optional<String> rawQuery() {
    return Optional.empty();
  }

  @Override
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  @Override
  public List<String> headerNames() {
    return List.copyOf(headers.keySet());
  }

  @Override
  public int headerSectionBytes() {
    int bytes = 2;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      for (String value : header.getValue()) {
        bytes += header.getKey().length() + value.length() + 4;
      }
    }
    return bytes;
  }

  @Override
  public InputStream body() {
    return new ByteArrayInputStream(body);
  }

  @Override
  public synchronized void send(HttpAnswer answer) {
    responseHeaders.putAll(answer.headers());
    synchronized (responseBody) {
      responseBody.writeBytes(answer.body());
    }
    status = answer.status();
  }

  @Override
  public synchronized EventStreamSink openEventStream(Map<String, String> streamHeaders) {
    responseHeaders.putAll(streamHeaders);
    status = 200;
    return new EventStreamSink() {
      @Override
      public void write(byte[] events) {
        synchronized (responseBody) {
          responseBody.writeBytes(events);
        }
      }

      @Override
      public void close() {
        if (streamEnd.isEmpty()) {
          streamEnd = "closed";
        }
      }

      @Override
      public void abort() {
        if (streamEnd.isEmpty()) {
          streamEnd = "aborted";
        }
      }
    };
  }
}
