package io.github.mcpoauthkit.app.hardening;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An authorization server on loopback whose keys the test holds: a discovery document and a JWKS,
 * so that the test can sign, and forge, any token it likes. It serves two issuers with the same
 * keys: {@link #issuer()} without a trailing slash (as most providers) and {@link #slashIssuer()}
 * with one (as Auth0).
 *
 * <p>The test also controls it while a server under test relies on it: keys are published and
 * withdrawn, the issuer is stopped (its port refuses connections) and restarted on the same port,
 * and either endpoint can be made to misbehave: answer late, trickle, send garbage, stream without
 * end or redirect. Every request is recorded. Thread-safe.
 */
final class ForgeryIssuer implements AutoCloseable {

  static final String REALM = "/realm";

  /** The realm of the issuer whose identifier ends with a slash. */
  static final String SLASH_REALM = "/slash/";

  /** The two documents a resource server fetches from its issuer. */
  enum Endpoint {
    DISCOVERY("/.well-known/openid-configuration"),
    JWKS("/jwks");

    private final String path;

    Endpoint(String path) {
      this.path = path;
    }

    /** The path below the issuer, with the realm. */
    String path() {
      return REALM + path;
    }
  }

  /** How an endpoint answers instead of serving its document. */
  @FunctionalInterface
  private interface Answer {
    /**
     * @param stopped counted down when the issuer stops, so that no answer outlives it
     */
    void send(HttpExchange exchange, CountDownLatch stopped)
        throws IOException, InterruptedException;
  }

  private final int port;
  private final Map<String, JWK> keys = new LinkedHashMap<>();
  private final Map<Endpoint, Answer> faults = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger jwksRequests = new AtomicInteger();
  private final AtomicLong streamed = new AtomicLong();
  private volatile Optional<URI> advertisedJwksUri = Optional.empty();
  private volatile Duration jwksLatency = Duration.ZERO;
  private HttpServer server;
  private ExecutorService executor;
  private CountDownLatch stopping;

  ForgeryIssuer(List<JWK> keys) {
    keys.forEach(this::publish);
    HttpServer first = bind(0);
    this.port = first.getAddress().getPort();
    serve(first);
  }

  /** The issuer identifier, without a trailing slash. */
  String issuer() {
    return "http://127.0.0.1:" + port + REALM;
  }

  /**
   * Another issuer identifier with the same keys, ending with a slash (as Auth0's): its discovery
   * document and JWKS are served below {@link #SLASH_REALM}, never with a fault.
   */
  String slashIssuer() {
    return "http://127.0.0.1:" + port + SLASH_REALM;
  }

  /** Where {@code endpoint} is served. */
  URI uri(Endpoint endpoint) {
    return URI.create("http://127.0.0.1:" + port + endpoint.path());
  }

  // ---------------------------------------------------------------- keys and tokens

  /** Adds {@code key} to the JWKS (its public part), or replaces the key with its kid. */
  synchronized void publish(JWK key) {
    keys.put(key.getKeyID(), key);
  }

  /** Removes the key with {@code key}'s kid from the JWKS. */
  synchronized void withdraw(JWK key) {
    keys.remove(key.getKeyID());
  }

  /** Whether the JWKS holds a key with {@code kid} now (whether or not the issuer is up). */
  synchronized boolean publishes(String kid) {
    return keys.containsKey(kid);
  }

  /**
   * An RFC 9068 access token from this issuer for {@code audience}, valid for ten minutes, signed
   * by {@code key} (RS256 or ES256) under its kid, whether or not the key is published.
   */
  String token(JWK key, String audience) {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer())
            .subject("fault-client")
            .audience(audience)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
            .claim("client_id", "fault-client")
            .build();
    try {
      SignedJWT jwt;
      if (key instanceof RSAKey rsa) {
        jwt = new SignedJWT(header(JWSAlgorithm.RS256, key), claims);
        jwt.sign(new RSASSASigner(rsa));
      } else {
        jwt = new SignedJWT(header(JWSAlgorithm.ES256, key), claims);
        jwt.sign(new ECDSASigner((ECKey) key));
      }
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWSHeader header(JWSAlgorithm algorithm, JWK key) {
    return new JWSHeader.Builder(algorithm)
        .type(new JOSEObjectType("at+jwt"))
        .keyID(key.getKeyID())
        .build();
  }

  // ---------------------------------------------------------------- availability

  /** Closes the port, and every open connection: a connection to it is refused from now on. */
  synchronized void stop() {
    if (server != null) {
      stopping.countDown();
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  /** Listens on the same port again. */
  synchronized void restart() {
    if (server == null) {
      serve(bind(port));
    }
  }

  private static HttpServer bind(int port) {
    try {
      return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void serve(HttpServer created) {
    server = created;
    stopping = new CountDownLatch(1);
    // Each exchange gets its own thread, so that a deliberately slow answer blocks no other.
    executor = Executors.newCachedThreadPool();
    created.setExecutor(executor);
    CountDownLatch stopped = stopping;
    created.createContext("/", exchange -> route(exchange, stopped));
    created.start();
  }

  // ---------------------------------------------------------------- misbehaviour

  /** The discovery document names {@code jwksUri} instead of this issuer's JWKS. */
  void advertiseJwksUri(URI jwksUri) {
    advertisedJwksUri = Optional.of(jwksUri);
  }

  /**
   * Every JWKS answer leaves {@code latency} after its request arrived, with the keys published at
   * arrival, as a distant issuer's would.
   */
  void jwksLatency(Duration latency) {
    jwksLatency = latency;
  }

  /** {@code endpoint} sends nothing, not even headers, until the issuer stops. */
  void silent(Endpoint endpoint) {
    faults.put(endpoint, (exchange, stopped) -> stopped.await(5, TimeUnit.MINUTES));
  }

  /** {@code endpoint} sends its headers, then one byte of body every 100 ms. */
  void trickle(Endpoint endpoint) {
    faults.put(
        endpoint,
        (exchange, stopped) -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            while (!stopped.await(100, TimeUnit.MILLISECONDS)) {
              out.write(' ');
              out.flush();
            }
          }
        });
  }

  /** {@code endpoint} answers 200 with {@code body} as {@code text/html}. */
  void garbage(Endpoint endpoint, String body) {
    faults.put(endpoint, (exchange, stopped) -> send(exchange, 200, "text/html", body));
  }

  /**
   * {@code endpoint} streams JSON white space without a Content-Length, up to {@code limit} bytes;
   * {@link #streamed()} counts what it got to write before the client hung up.
   */
  void endless(Endpoint endpoint, long limit) {
    faults.put(
        endpoint,
        (exchange, stopped) -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[16 * 1024];
          Arrays.fill(chunk, (byte) ' ');
          try (OutputStream out = exchange.getResponseBody()) {
            for (long sent = 0; sent < limit; sent += chunk.length) {
              out.write(chunk);
              streamed.addAndGet(chunk.length);
            }
          }
        });
  }

  /** {@code endpoint} answers 302 to {@code location}. */
  void redirect(Endpoint endpoint, URI location) {
    faults.put(
        endpoint,
        (exchange, stopped) -> {
          exchange.getResponseHeaders().set("Location", location.toString());
          send(exchange, 302, "text/plain", "moved");
        });
  }

  /** Bytes written by {@link #endless} streams so far. */
  long streamed() {
    return streamed.get();
  }

  /** The raw paths requested so far, in order. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /** JWKS requests that arrived so far, answered or not. */
  int jwksRequests() {
    return jwksRequests.get();
  }

  // ---------------------------------------------------------------- serving

  private void route(HttpExchange exchange, CountDownLatch stopped) {
    String path = exchange.getRequestURI().getRawPath();
    requests.add(path);
    try {
      Endpoint endpoint =
          path.equals(Endpoint.DISCOVERY.path())
              ? Endpoint.DISCOVERY
              : path.equals(Endpoint.JWKS.path()) ? Endpoint.JWKS : null;
      Answer fault = endpoint == null ? null : faults.get(endpoint);
      // Discovery of an issuer that ends with '/' appends the well-known suffix without doubling
      // it.
      if (path.equals(SLASH_REALM + ".well-known/openid-configuration")) {
        send(exchange, 200, "application/json", discoveryDocument(slashIssuer()));
      } else if (path.equals(SLASH_REALM + "jwks")) {
        send(exchange, 200, "application/json", keySet());
      } else if (endpoint == null) {
        send(exchange, 404, "text/plain", "not found");
      } else if (endpoint == Endpoint.DISCOVERY) {
        if (fault != null) {
          fault.send(exchange, stopped);
        } else {
          send(exchange, 200, "application/json", discoveryDocument(issuer()));
        }
      } else if (fault != null) {
        jwksRequests.incrementAndGet();
        fault.send(exchange, stopped);
      } else {
        // The keys of this moment, taken before the request is counted: a test that sees the
        // count rise and changes the keys knows that this answer holds the old ones.
        String keySet = keySet();
        jwksRequests.incrementAndGet();
        if (!jwksLatency.isZero() && stopped.await(jwksLatency.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
        send(exchange, 200, "application/json", keySet);
      }
    } catch (IOException | InterruptedException e) {
      // The client hung up or the issuer stopped: what some tests are about.
    } finally {
      exchange.close();
    }
  }

  private String discoveryDocument(String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    String jwksUri =
        issuer.endsWith("/")
            ? base + "/jwks"
            : advertisedJwksUri.map(URI::toString).orElse(base + "/jwks");
    return "{\"issuer\":\""
        + issuer
        + "\",\"jwks_uri\":\""
        + jwksUri
        + "\",\"authorization_endpoint\":\""
        + base
        + "/authorize\",\"token_endpoint\":\""
        + base
        + "/token\",\"response_types_supported\":[\"code\"]"
        + ",\"code_challenge_methods_supported\":[\"S256\"]}";
  }

  private synchronized String keySet() {
    List<JWK> publicKeys = new ArrayList<>();
    for (JWK key : keys.values()) {
      publicKeys.add(key.toPublicJWK());
    }
    return new JWKSet(publicKeys).toString();
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
