package io.github.mcpoauthkit.app.hardening;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An authorization server on loopback whose keys the test holds: a static discovery document and a
 * JWKS, so that the test can sign, and forge, any token it likes. It serves two issuers with the
 * same keys: {@link #issuer()} without a trailing slash (as most providers) and {@link
 * #slashIssuer()} with one (as Auth0).
 */
final class ForgeryIssuer implements AutoCloseable {

  static final String REALM = "/realm";

  /** The realm of the issuer whose identifier ends with a slash. */
  static final String SLASH_REALM = "/slash/";

  private final HttpServer server;
  private final List<JWK> keys;

  ForgeryIssuer(List<JWK> keys) {
    this.keys = List.copyOf(keys);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        REALM + "/.well-known/openid-configuration", exchange -> discovery(exchange, issuer()));
    server.createContext(REALM + "/jwks", this::jwks);
    // Discovery of an issuer that ends with '/' appends the well-known suffix without doubling it.
    server.createContext(
        SLASH_REALM + ".well-known/openid-configuration",
        exchange -> discovery(exchange, slashIssuer()));
    server.createContext(SLASH_REALM + "jwks", this::jwks);
    server.start();
  }

  /** The issuer identifier, without a trailing slash. */
  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + REALM;
  }

  /** Another issuer identifier with the same keys, ending with a slash. */
  String slashIssuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + SLASH_REALM;
  }

  private void discovery(HttpExchange exchange, String issuer) throws IOException {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    String body =
        "{\"issuer\":\""
            + issuer
            + "\",\"jwks_uri\":\""
            + base
            + "/jwks\",\"authorization_endpoint\":\""
            + base
            + "/authorize\",\"token_endpoint\":\""
            + base
            + "/token\",\"response_types_supported\":[\"code\"]"
            + ",\"code_challenge_methods_supported\":[\"S256\"]}";
    send(exchange, body);
  }

  private void jwks(HttpExchange exchange) throws IOException {
    List<JWK> publicKeys = new ArrayList<>();
    for (JWK key : keys) {
      publicKeys.add(key.toPublicJWK());
    }
    send(exchange, new JWKSet(publicKeys).toString());
  }

  private static void send(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
