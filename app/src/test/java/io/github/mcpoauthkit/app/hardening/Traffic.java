package io.github.mcpoauthkit.app.hardening;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Clients that send authenticated MCP requests to {@code /mcp} back to back, each with the token
 * the test has set at the moment it sends, and count the answers. Each client alternates the two
 * protocol eras: an MCP 2025-06-18 {@code initialize}, then an MCP 2026-07-28 {@code tools/list}. A
 * request counts as due to pass when the key that signed its token was published at the moment it
 * was sent; such a request that is not answered 200 (another status, a connection error, a timeout)
 * is a failure.
 */
final class Traffic implements AutoCloseable {

  /** A token and the kid of the key that signed it. */
  record Signed(String kid, String token) {}

  /**
   * What the clients saw.
   *
   * @param answers by kid, then status ({@code -1}: no answer), the requests due to pass
   * @param notDue requests whose key was not published when they were sent (not judged)
   * @param failures up to twenty examples of requests due to pass that did not
   * @param passedByEra the requests due to pass that did, by era ({@link #LEGACY}, {@link #MODERN})
   */
  record Tally(
      Map<String, Map<Integer, Long>> answers,
      long notDue,
      List<String> failures,
      long failed,
      Map<String, Long> passedByEra) {

    long due() {
      return answers.values().stream()
          .flatMap(byStatus -> byStatus.values().stream())
          .mapToLong(Long::longValue)
          .sum();
    }

    long passed(String kid) {
      return answers.getOrDefault(kid, Map.of()).getOrDefault(200, 0L);
    }

    @Override
    public String toString() {
      return due()
          + " requests due to pass, "
          + failed
          + " failed, by kid and status "
          + answers
          + ", passed by era "
          + passedByEra;
    }
  }

  /** The era of the requests a tally counts. */
  static final String LEGACY = "2025-06-18 initialize";

  static final String MODERN = "2026-07-28 tools/list";

  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"traffic\","
          + "\"version\":\"1\"}}}";

  private static final String MODERN_TOOLS_LIST =
      ModernRequests.body("tools/list", ModernRequests.withMeta(Map.of()));

  private final URI endpoint;
  private final Predicate<String> published;
  private final AtomicReference<Signed> current;
  private final HttpClient http;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<String, Map<Integer, LongAdder>> answers = new ConcurrentHashMap<>();
  private final LongAdder notDue = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> passedByEra = new ConcurrentHashMap<>();
  private final List<Thread> clients = new ArrayList<>();

  /**
   * Starts {@code clients} clients at once.
   *
   * @param port the server's port
   * @param published whether the issuer publishes the key with this kid now
   */
  Traffic(int port, int clients, Signed first, Predicate<String> published) {
    this.endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
    this.published = published;
    this.current = new AtomicReference<>(first);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    for (int i = 0; i < clients; i++) {
      this.clients.add(Thread.ofPlatform().name("traffic-" + i).start(this::run));
    }
  }

  /** From now on, clients send {@code token}. */
  void use(Signed token) {
    current.set(token);
  }

  private void run() {
    boolean modern = false;
    while (running.get()) {
      modern = !modern;
      Signed token = current.get();
      // Judged by what the issuer published when the request left, not when it was answered.
      boolean due = published.test(token.kid());
      int status;
      String problem;
      try {
        HttpRequest request =
            modern ? modernRequest(endpoint, token.token()) : request(endpoint, token.token());
        HttpResponse<String> response = http.send(request, handler());
        status = response.statusCode();
        problem = status == 200 ? "" : status + " " + response.headers().map() + response.body();
      } catch (IOException e) {
        status = -1;
        problem = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!due) {
        notDue.increment();
        continue;
      }
      answers
          .computeIfAbsent(token.kid(), k -> new ConcurrentHashMap<>())
          .computeIfAbsent(status, s -> new LongAdder())
          .increment();
      if (status == 200) {
        passedByEra.computeIfAbsent(modern ? MODERN : LEGACY, e -> new LongAdder()).increment();
      } else {
        failed.increment();
        if (failures.size() < 20) {
          failures.add("kid " + token.kid() + ": " + problem);
        }
      }
    }
  }

  static HttpRequest request(URI endpoint, String token) {
    return HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
        .build();
  }

  /** A 2026-07-28 {@code tools/list}: no session, the version in {@code _meta} and headers. */
  static HttpRequest modernRequest(URI endpoint, String token) {
    return HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Accept", ModernRequests.ACCEPT)
        .header("MCP-Protocol-Version", ModernRequests.VERSION)
        .header("Mcp-Method", "tools/list")
        .POST(HttpRequest.BodyPublishers.ofString(MODERN_TOOLS_LIST))
        .build();
  }

  private static HttpResponse.BodyHandler<String> handler() {
    return HttpResponse.BodyHandlers.ofString();
  }

  /** Requests due to pass so far. */
  long due() {
    return answers.values().stream()
        .flatMap(byStatus -> byStatus.values().stream())
        .mapToLong(LongAdder::sum)
        .sum();
  }

  /** Stops the clients, lets the requests in flight finish, and counts. */
  Tally stop() throws InterruptedException {
    running.set(false);
    for (Thread client : clients) {
      client.join(Duration.ofSeconds(30));
    }
    Map<String, Map<Integer, Long>> counted = new TreeMap<>();
    answers.forEach(
        (kid, byStatus) -> {
          Map<Integer, Long> statuses = new TreeMap<>();
          byStatus.forEach((status, count) -> statuses.put(status, count.sum()));
          counted.put(kid, statuses);
        });
    Map<String, Long> eras = new TreeMap<>();
    passedByEra.forEach((era, count) -> eras.put(era, count.sum()));
    return new Tally(counted, notDue.sum(), List.copyOf(failures), failed.sum(), eras);
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
  }
}
