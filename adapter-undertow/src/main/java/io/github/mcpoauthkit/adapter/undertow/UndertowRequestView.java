package io.github.mcpoauthkit.adapter.undertow;

import io.github.mcpoauthkit.streamablehttp.HttpRequestView;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An Undertow request as {@link HttpRequestView}: with its body read already, or with the
 * exchange's blocking stream (the exchange must then be in blocking mode).
 */
final class UndertowRequestView implements HttpRequestView {

  private final HttpServerExchange exchange;
  private final Optional<byte[]> body;

  UndertowRequestView(HttpServerExchange exchange, Optional<byte[]> body) {
    this.exchange = exchange;
    this.body = body;
  }

  @Override
  public String method() {
    return exchange.getRequestMethod().toString();
  }

  @Override
  public String path() {
    // The raw path, as Helidon gives it: a percent-encoded "/mc%70" must not reach /mcp on one
    // server and 404 on the other.
    String uri = exchange.getRequestURI();
    if (!uri.startsWith("/")) {
      uri = java.net.URI.create(uri).getRawPath();
    }
    return uri == null || uri.isEmpty() ? "/" : uri;
  }

  @Override
  public Optional<String> rawQuery() {
    String query = exchange.getQueryString();
    return query == null || query.isEmpty() ? Optional.empty() : Optional.of(query);
  }

  @Override
  public List<String> headers(String name) {
    HeaderValues values = exchange.getRequestHeaders().get(name);
    return values == null ? List.of() : List.copyOf(values);
  }

  @Override
  public List<String> headerNames() {
    List<String> names = new ArrayList<>();
    for (HttpString name : exchange.getRequestHeaders().getHeaderNames()) {
      names.add(name.toString());
    }
    return names;
  }

  /** {@code name: value CRLF} per field line, then the final CRLF (RFC 9112 §2.1). */
  @Override
  public Optional<String> remoteAddress() {
    java.net.InetSocketAddress peer = exchange.getSourceAddress();
    return peer == null || peer.getAddress() == null
        ? Optional.empty()
        : Optional.of(peer.getAddress().getHostAddress());
  }

  @Override
  public int headerSectionBytes() {
    long size = 2;
    for (HeaderValues values : exchange.getRequestHeaders()) {
      HttpString name = values.getHeaderName();
      for (String value : values) {
        size += name.length() + 2 + value.length() + 2;
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, size);
  }

  @Override
  public InputStream body() {
    return body.<InputStream>map(ByteArrayInputStream::new).orElseGet(exchange::getInputStream);
  }
}
