package io.github.mcpoauthkit.adapter.introspection;

import io.github.mcpoauthkit.port.driven.IntrospectionResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One form POST with hard limits: no redirect followed, the whole exchange within the timeout, the
 * body cut at the size limit. Network trouble is returned as a {@link Outcome.Failure}, never
 * thrown. Thread-safe.
 */
final class BoundedPost {

  /** Headers the JDK's client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  static {
    RESTRICTED.addAll(List.of("connection", "content-length", "expect", "host", "upgrade"));
  }

  /** What came of one POST. */
  sealed interface Outcome permits Outcome.Answer, Outcome.Failure {

    /** The server answered, with any status; redirects included, not followed. */
    record Answer(
        int status, Optional<String> contentType, String body, Optional<String> retryAfter)
        implements Outcome {}

    /** No complete answer; {@code description} is for an operator, without the token. */
    record Failure(IntrospectionResult.Reason reason, String description) implements Outcome {}
  }

  private final IntrospectionHttpSettings settings;
  private final HttpClient client;

  BoundedPost(IntrospectionHttpSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client =
        HttpClient.newBuilder()
            // A redirect would let whoever answers at the endpoint send the token elsewhere.
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.timeout())
            // One small POST gains nothing from HTTP/2, and some servers mishandle the h2c
            // upgrade headers that HTTP/2 adds over plain http.
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  Outcome post(URI uri, Map<String, List<String>> headers, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.timeout())
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("Accept", "application/json");
    headers.forEach(
        (name, values) -> {
          if (!RESTRICTED.contains(name) && !name.equalsIgnoreCase("Accept")) {
            values.forEach(value -> request.header(name, value));
          }
        });
    AtomicReference<CappedBody> capped = new AtomicReference<>();
    HttpResponse.BodyHandler<byte[]> handler =
        info -> {
          CappedBody subscriber =
              new CappedBody(
                  settings.maxResponseBytes(),
                  info.headers().firstValueAsLong("Content-Length").orElse(-1));
          capped.set(subscriber);
          return subscriber;
        };
    CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request.build(), handler);
    try {
      // The JDK's request timeout stops at the headers, so a body that trickles in would hold
      // the caller without this deadline over the whole exchange.
      HttpResponse<byte[]> response =
          exchange.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      return new Outcome.Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type"),
          new String(response.body(), StandardCharsets.UTF_8),
          response.headers().firstValue("Retry-After"));
    } catch (ExecutionException e) {
      return classify(e.getCause());
    } catch (TimeoutException e) {
      abandon(exchange, capped);
      return timedOut();
    } catch (InterruptedException e) {
      abandon(exchange, capped);
      Thread.currentThread().interrupt();
      return new Outcome.Failure(
          IntrospectionResult.Reason.UNREACHABLE, "interrupted while waiting for the answer");
    }
  }

  private Outcome.Failure timedOut() {
    return new Outcome.Failure(
        IntrospectionResult.Reason.TIMEOUT,
        "no complete answer within " + settings.timeout().toMillis() + " ms (timeout)");
  }

  private Outcome.Failure classify(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof ResponseTooLargeException) {
        return new Outcome.Failure(
            IntrospectionResult.Reason.OVERSIZED,
            "answer larger than " + settings.maxResponseBytes() + " bytes (maxResponseBytes)");
      }
      if (t instanceof HttpTimeoutException) {
        return timedOut();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return new Outcome.Failure(
        IntrospectionResult.Reason.UNREACHABLE,
        thrown.getClass().getSimpleName()
            + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()));
  }

  private static void abandon(CompletableFuture<?> exchange, AtomicReference<CappedBody> capped) {
    exchange.cancel(true);
    CappedBody body = capped.get();
    if (body != null) {
      body.fail(new HttpTimeoutException("abandoned"));
    }
  }

  /** Raised inside the body subscriber when the limit is passed. */
  static final class ResponseTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    ResponseTooLargeException(long limit) {
      super("answer larger than " + limit + " bytes");
    }
  }

  /**
   * Collects at most {@code limit} bytes and cancels the subscription (which closes the connection)
   * as soon as more arrive, so a huge or endless body costs no more than the limit.
   */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int limit;
    private final long declaredLength;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private long received;

    CappedBody(int limit, long declaredLength) {
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
        fail(new ResponseTooLargeException(limit));
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
          fail(new ResponseTooLargeException(limit));
          return;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        collected.write(bytes, 0, bytes.length);
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

    void fail(Throwable cause) {
      // Cancelling makes the JDK close the connection instead of draining the rest of the body.
      Flow.Subscription s = subscription.get();
      if (s != null) {
        s.cancel();
      }
      result.completeExceptionally(cause);
    }
  }
}
