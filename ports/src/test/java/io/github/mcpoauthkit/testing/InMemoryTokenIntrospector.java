package io.github.mcpoauthkit.testing;

import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.port.driven.IntrospectionResult;
import io.github.mcpoauthkit.port.driven.TokenIntrospector;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link TokenIntrospector} without an issuer: {@link #activate} makes a token active with the
 * members given, any other token is inactive, {@link #goDown} makes every call unavailable, and
 * {@link #holdCalls} keeps calls waiting until {@link #releaseCalls}, for tests of concurrency.
 * Thread-safe.
 */
public final class InMemoryTokenIntrospector implements TokenIntrospector {

  private final Map<String, Map<String, Object>> active = new ConcurrentHashMap<>();
  private final AtomicReference<IntrospectionResult.Unavailable> down = new AtomicReference<>();
  private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();

  /** Makes {@code token} active; the answer holds {@code "active": true} and {@code members}. */
  public void activate(String token, Map<String, Object> members) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("active", true);
    answer.putAll(members);
    active.put(Objects.requireNonNull(token, "token"), answer);
  }

  /** Makes {@code token} inactive, as if revoked. */
  public void revoke(String token) {
    active.remove(token);
  }

  /** Answers every call unavailable for {@code reason} until {@link #comeBack}. */
  public void goDown(IntrospectionResult.Reason reason, Duration retryAfter) {
    down.set(new IntrospectionResult.Unavailable(reason, retryAfter));
  }

  /** Answers again. */
  public void comeBack() {
    down.set(null);
  }

  /** Keeps every call from now on waiting (at most 10 s) until {@link #releaseCalls}. */
  public void holdCalls() {
    gate.set(new CountDownLatch(1));
  }

  /** Lets the waiting calls, and later ones, through. */
  public void releaseCalls() {
    CountDownLatch latch = gate.getAndSet(null);
    if (latch != null) {
      latch.countDown();
    }
  }

  /** How many calls were made so far. */
  public int calls() {
    return calls.get();
  }

  /** How many calls are held by {@link #holdCalls} now. */
  public int waitingCalls() {
    return waiting.get();
  }

  @Override
  public IntrospectionResult introspect(BearerToken token) {
    Objects.requireNonNull(token, "token");
    calls.incrementAndGet();
    CountDownLatch latch = gate.get();
    if (latch != null) {
      waiting.incrementAndGet();
      try {
        latch.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        waiting.decrementAndGet();
      }
    }
    IntrospectionResult.Unavailable unavailable = down.get();
    if (unavailable != null) {
      return unavailable;
    }
    Map<String, Object> answer = active.get(token.value());
    return answer == null
        ? IntrospectionResult.Inactive.INSTANCE
        : new IntrospectionResult.Active(answer);
  }
}
