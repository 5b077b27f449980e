package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS endpoint on loopback under the test's control: keys can be added and removed, the endpoint
 * can fail with 503, answer garbage, hold an answer back, or be stopped, and every fetch is
 * counted.
 */
final class JwksServer implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger fetches = new AtomicInteger();
  private final List<JWK> keys = new ArrayList<>();
  private volatile String override;
  private volatile int status = 200;
  private volatile Hold hold;

  /** One answer held back: the keys of its request's arrival, sent when the test releases it. */
  static final class Hold {
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Waits until the held request has arrived and its keys are taken. */
    void awaitArrival() throws InterruptedException {
      if (!arrived.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("no JWKS request arrived within 10 s");
      }
    }

    /** Sends the held answer. */
    void release() {
      released.countDown();
    }
  }

  JwksServer(JWK... initial) throws IOException {
    keys.addAll(List.of(initial));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body = body().getBytes(StandardCharsets.UTF_8);
          Hold held = hold;
          if (held != null) {
            hold = null;
            held.arrived.countDown();
            try {
              held.released.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  private synchronized String body() {
    if (override != null) {
      return override;
    }
    List<JWK> publicKeys = new ArrayList<>();
    for (JWK key : keys) {
      publicKeys.add(key.toPublicJWK());
    }
    return new JWKSet(publicKeys).toString();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
  }

  synchronized void add(JWK key) {
    keys.add(key);
  }

  synchronized void remove(JWK key) {
    keys.removeIf(k -> k.getKeyID().equals(key.getKeyID()));
  }

  /** Answers every request with this status and body instead of the key set. */
  void answer(int status, String body) {
    this.status = status;
    this.override = body;
  }

  /** Holds back the answer to the next request until the test releases it. */
  Hold holdNextAnswer() {
    Hold next = new Hold();
    hold = next;
    return next;
  }

  /** Serves the key set again. */
  void heal() {
    this.status = 200;
    this.override = null;
  }

  int fetches() {
    return fetches.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
