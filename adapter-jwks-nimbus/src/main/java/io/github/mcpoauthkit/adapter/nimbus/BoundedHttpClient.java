package io.github.mcpoauthkit.adapter.nimbus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * Plain HTTP GETs with hard limits: no redirects followed, bounded time, bounded body. Network
 * trouble is returned as a {@link Fetch.Failure}, never thrown. Thread-safe.
 */
final class BoundedHttpClient {

  private final HttpSettings settings;
  private volatile HttpClient plain;
  private volatile HttpClient tls;

  BoundedHttpClient(HttpSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * The client for {@code uri}'s scheme, built on first use. Plain http (a loopback issuer) gets a
   * client without the JDK's trust store: loading and parsing it takes a good part of a startup
   * that never uses TLS, and since no redirect is followed, that client never meets a TLS server.
   */
  private HttpClient clientFor(URI uri) {
    boolean secure = "https".equalsIgnoreCase(uri.getScheme());
    HttpClient client = secure ? tls : plain;
    if (client == null) {
      synchronized (this) {
        client = secure ? tls : plain;
        if (client == null) {
          client = build(secure);
          if (secure) {
            tls = client;
          } else {
            plain = client;
          }
        }
      }
    }
    return client;
  }

  private HttpClient build(boolean secure) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            // A redirect would let whoever controls the first URL choose where keys come from.
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.connectTimeout())
            // One small GET gains nothing from HTTP/2, and some servers mishandle the h2c upgrade
            // headers that HTTP/2 adds over plain http.
            .version(HttpClient.Version.HTTP_1_1);
    if (!secure) {
      builder.sslContext(trustingNothing());
    }
    return builder.build();
  }

  private static SSLContext trustingNothing() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[0], new TrustManager[0], null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS implementation in this JDK", e);
    }
  }

  /**
   * GETs {@code uri} with {@code Accept: application/json}.
   *
   * @return the response, whatever its status, or the failure
   * @throws NullPointerException if {@code uri} is null
   * @throws IllegalArgumentException if {@code uri} is not an absolute http or https URI
   */
  Fetch get(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("not an http(s) URI: " + uri);
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(settings.readTimeout())
            .header("Accept", "application/json")
            .build();
    AtomicReference<BoundedBodySubscriber> body = new AtomicReference<>();
    HttpResponse.BodyHandler<byte[]> handler =
        info -> {
          BoundedBodySubscriber subscriber =
              new BoundedBodySubscriber(
                  settings.maxResponseBytes(),
                  info.headers().firstValueAsLong("Content-Length").orElse(-1));
          body.set(subscriber);
          return subscriber;
        };
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<byte[]>> exchange = clientFor(uri).sendAsync(request, handler);
    try {
      // The JDK's request timeout stops at the headers (seen on JDK 17 and 25), so without this
      // deadline a body that trickles in would hold the caller forever.
      HttpResponse<byte[]> response =
          exchange.get(
              saturatedMillis(settings.connectTimeout()) + saturatedMillis(settings.readTimeout()),
              TimeUnit.MILLISECONDS);
      return new Fetch.Response(
          response.statusCode(),
          new String(response.body(), StandardCharsets.UTF_8),
          response.headers());
    } catch (ExecutionException e) {
      return classify(e.getCause(), uri, settings, since(start));
    } catch (TimeoutException e) {
      abandon(exchange, body);
      return new Fetch.Failure(
          Fetch.Problem.READ_TIMEOUT,
          "read timed out after "
              + describe(since(start))
              + ": the body was still arriving when connectTimeout + readTimeout ("
              + describe(settings.connectTimeout())
              + " + "
              + describe(settings.readTimeout())
              + ") ran out",
          e);
    } catch (InterruptedException e) {
      abandon(exchange, body);
      Thread.currentThread().interrupt();
      return new Fetch.Failure(Fetch.Problem.IO, "interrupted while waiting for the response", e);
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }

  private static void abandon(
      CompletableFuture<?> exchange, AtomicReference<BoundedBodySubscriber> body) {
    exchange.cancel(true);
    BoundedBodySubscriber subscriber = body.get();
    if (subscriber != null) {
      subscriber.abandon();
    }
  }

  /**
   * Turns an exception from the exchange into a failure an operator can act on.
   *
   * @param elapsed how long the exchange ran, reported for timeouts: the JDK's request timeout (our
   *     readTimeout) also bounds connecting and the TLS handshake and then reports a connect
   *     timeout, so the elapsed time says which limit struck
   */
  static Fetch.Failure classify(
      Throwable thrown, URI uri, HttpSettings settings, Duration elapsed) {
    Throwable failure = unwrap(thrown);
    ConnectException connect = find(failure, ConnectException.class);
    if (find(failure, HttpConnectTimeoutException.class) != null
        || (connect != null && String.valueOf(connect.getMessage()).contains("timed out"))) {
      return new Fetch.Failure(
          Fetch.Problem.CONNECT_TIMEOUT,
          "connect timed out after "
              + describe(elapsed)
              + " (connectTimeout "
              + describe(settings.connectTimeout())
              + ", readTimeout "
              + describe(settings.readTimeout())
              + ")",
          failure);
    }
    if (find(failure, HttpTimeoutException.class) != null) {
      return new Fetch.Failure(
          Fetch.Problem.READ_TIMEOUT,
          "read timed out after "
              + describe(elapsed)
              + ": no complete response within readTimeout "
              + describe(settings.readTimeout()),
          failure);
    }
    if (find(failure, ResponseTooLargeException.class) != null) {
      return new Fetch.Failure(
          Fetch.Problem.TOO_LARGE,
          "response larger than " + settings.maxResponseBytes() + " bytes (maxResponseBytes)",
          failure);
    }
    if (find(failure, UnknownHostException.class) != null) {
      return new Fetch.Failure(
          Fetch.Problem.UNKNOWN_HOST,
          "unknown host '" + uri.getHost() + "' (DNS lookup failed)",
          failure);
    }
    SSLException tls = find(failure, SSLException.class);
    if (tls != null) {
      return new Fetch.Failure(Fetch.Problem.TLS, "TLS failure: " + message(tls), failure);
    }
    if (connect != null) {
      // The JDK wraps every I/O failure while connecting (a reset during the TLS handshake too)
      // in a ConnectException, so one caused by another I/O failure is not called a refusal. A
      // refused connect itself arrives as a ConnectException over a ClosedChannelException.
      Throwable inner = connect.getCause();
      while (inner != null
          && (!(inner instanceof IOException)
              || inner instanceof ConnectException
              || inner instanceof ClosedChannelException)) {
        inner = inner.getCause();
      }
      if (inner != null) {
        return new Fetch.Failure(
            Fetch.Problem.IO, "connection failed while connecting: " + message(inner), failure);
      }
      return new Fetch.Failure(Fetch.Problem.CONNECTION_REFUSED, "connection refused", failure);
    }
    return new Fetch.Failure(Fetch.Problem.IO, "I/O error: " + message(failure), failure);
  }

  /** {@code 300 ms}, {@code 5 s}. */
  static String describe(Duration duration) {
    long millis = saturatedMillis(duration);
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  private static long saturatedMillis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  private static Throwable unwrap(Throwable thrown) {
    Throwable t = thrown;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String message(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank()
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + message;
  }

  /** Raised inside the body subscriber when the limit is passed. */
  static final class ResponseTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    ResponseTooLargeException(long limit) {
      super("response larger than " + limit + " bytes");
    }
  }

  /**
   * Collects at most {@code limit} bytes, cancelling the subscription (which closes the connection)
   * as soon as more arrive, so a huge or endless body costs no more than the limit.
   */
  private static final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    private final int limit;
    private final long declaredLength;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private final WritableByteChannel sink = Channels.newChannel(collected);
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private long received;

    BoundedBodySubscriber(int limit, long declaredLength) {
      this.limit = limit;
      this.declaredLength = declaredLength;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      if (!subscription.compareAndSet(null, s)) {
        s.cancel();
        return;
      }
      if (declaredLength > limit) {
        tooLarge();
        return;
      }
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        received += buffer.remaining();
        if (received > limit) {
          tooLarge();
          return;
        }
        try {
          sink.write(buffer);
        } catch (IOException e) {
          // A ByteArrayOutputStream does not fail; the channel API just declares it.
          fail(e);
          return;
        }
      }
      subscription.get().request(1);
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(collected.toByteArray());
    }

    void abandon() {
      fail(new HttpTimeoutException("abandoned"));
    }

    private void tooLarge() {
      fail(new ResponseTooLargeException(limit));
    }

    private void fail(Throwable cause) {
      // Cancelling makes the JDK close the connection instead of draining the rest of the body.
      Flow.Subscription s = subscription.get();
      if (s != null) {
        s.cancel();
      }
      result.completeExceptionally(cause);
    }
  }
}
