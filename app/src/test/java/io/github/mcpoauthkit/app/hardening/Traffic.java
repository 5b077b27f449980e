package io.github.mcpoauthkit.app.hardening;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *
 * <p>Each client has a {@link KeepAliveConnection} of its own, not the JDK's {@code HttpClient}:
 * every request is sent exactly once, so that a request the server drops is counted as a failure,
 * and a failure is the server's, not the client's connection pool's (issue 15).
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

  /** How long a client waits for a connection, and for an answer once its request is sent. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  private final int port;
  private final Predicate<String> published;
  private final AtomicReference<Signed> current;
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
    this.port = port;
    this.published = published;
    this.current = new AtomicReference<>(first);
    for (int i = 0; i < clients; i++) {
      this.clients.add(Thread.ofPlatform().name("traffic-" + i).start(this::run));
    }
  }

  /** From now on, clients send {@code token}. */
  void use(Signed token) {
    current.set(token);
  }

  private void run() {
    try (KeepAliveConnection connection = connection(port)) {
      boolean modern = false;
      while (running.get()) {
        modern = !modern;
        Signed token = current.get();
        // Judged by what the issuer published when the request left, not when it was answered.
        boolean due = published.test(token.kid());
        int status;
        String problem;
        try {
          KeepAliveConnection.Response response = send(connection, modern, token.token());
          status = response.status();
          problem = status == 200 ? "" : status + " " + response.headers() + response.body();
        } catch (IOException e) {
          status = -1;
          problem = e.toString();
        }
        count(token.kid(), due, modern, status, problem);
      }
    }
  }

  private void count(String kid, boolean due, boolean modern, int status, String problem) {
    if (!due) {
      notDue.increment();
      return;
    }
    answers
        .computeIfAbsent(kid, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(status, s -> new LongAdder())
        .increment();
    if (status == 200) {
      passedByEra.computeIfAbsent(modern ? MODERN : LEGACY, e -> new LongAdder()).increment();
    } else {
      failed.increment();
      if (failures.size() < 20) {
        failures.add("kid " + kid + ": " + problem);
      }
    }
  }

  /**
   * Sends one authenticated request to {@code /mcp}: an MCP 2026-07-28 {@code tools/list} (no
   * session, the version in {@code _meta} and headers) if {@code modern}, else an MCP 2025-06-18
   * {@code initialize}.
   */
  static KeepAliveConnection.Response send(
      KeepAliveConnection connection, boolean modern, String token) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token);
    headers.put("Content-Type", "application/json");
    if (modern) {
      headers.put("Accept", ModernRequests.ACCEPT);
      headers.put("MCP-Protocol-Version", ModernRequests.VERSION);
      headers.put("Mcp-Method", "tools/list");
      return connection.post("/mcp", headers, MODERN_TOOLS_LIST);
    }
    headers.put("Accept", "application/json, text/event-stream");
    return connection.post("/mcp", headers, INITIALIZE);
  }

  /** A connection for one sender, with the timeouts of the clients. */
  static KeepAliveConnection connection(int port) {
    return new KeepAliveConnection(port, CONNECT_TIMEOUT, READ_TIMEOUT);
  }

  /** Requests signed by {@code kid} that passed so far. */
  long passed(String kid) {
    Map<Integer, LongAdder> byStatus = answers.get(kid);
    LongAdder passed = byStatus == null ? null : byStatus.get(200);
    return passed == null ? 0 : passed.sum();
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
  }
}
