package io.github.mcpoauthkit.streamablehttp;

import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The live MCP sessions, each bound to the issuer and subject of the token that created it: a
 * session id presented with another subject's token is treated as unknown (404), so ids leak
 * nothing. Bounded overall and per subject; idle sessions are swept. Thread-safe.
 */
final class SessionRegistry {

  /** Who owns a session. */
  record Owner(String issuer, String subject) {
    static Owner of(VerifiedToken token) {
      return new Owner(token.issuer().value(), token.subject());
    }
  }

  /** One session and its bookkeeping. */
  static final class Entry {
    final McpStreamableServerSession session;
    final Owner owner;
    final String protocolVersion;
    private final AtomicLong eventIds = new AtomicLong();
    private final AtomicInteger openStreams = new AtomicInteger();
    private volatile long lastActivity;

    Entry(McpStreamableServerSession session, Owner owner, String protocolVersion, long now) {
      this.session = session;
      this.owner = owner;
      this.protocolVersion = protocolVersion;
      this.lastActivity = now;
    }

    long nextEventId() {
      return eventIds.incrementAndGet();
    }

    /** Whether the client speaks MCP 2025-11-25 or later, which defines the priming event. */
    boolean expectsPrimingEvent() {
      return protocolVersion.compareTo("2025-11-25") >= 0;
    }

    void streamOpened() {
      openStreams.incrementAndGet();
    }

    void streamClosed() {
      openStreams.decrementAndGet();
    }

    void touch(long now) {
      lastActivity = now;
    }
  }

  private final ConcurrentHashMap<String, Entry> sessions = new ConcurrentHashMap<>();
  private final int maxSessions;
  private final int maxPerOwner;
  private final long idleNanos;
  private final LongSupplier nanoClock;

  SessionRegistry(int maxSessions, int maxPerOwner, Duration idleTimeout, LongSupplier nanoClock) {
    this.maxSessions = maxSessions;
    this.maxPerOwner = maxPerOwner;
    this.idleNanos = idleTimeout.toNanos();
    this.nanoClock = nanoClock;
  }

  long now() {
    return nanoClock.getAsLong();
  }

  /**
   * Makes room for a new session of {@code owner}: closes its least recently used session when it
   * holds the most allowed.
   *
   * @return false when the registry is full
   */
  boolean admit(Owner owner) {
    List<Entry> owned = new ArrayList<>();
    for (Entry entry : sessions.values()) {
      if (entry.owner.equals(owner)) {
        owned.add(entry);
      }
    }
    if (owned.size() >= maxPerOwner) {
      owned.sort(Comparator.comparingLong(entry -> entry.lastActivity));
      for (int i = 0; i <= owned.size() - maxPerOwner; i++) {
        close(owned.get(i));
      }
    }
    return sessions.size() < maxSessions;
  }

  void add(Entry entry) {
    sessions.put(entry.session.getId(), entry);
  }

  /** The session with this id, if it exists and belongs to {@code owner}. */
  Optional<Entry> find(String id, Owner owner) {
    Entry entry = sessions.get(id);
    if (entry == null || !entry.owner.equals(owner)) {
      return Optional.empty();
    }
    entry.touch(now());
    return Optional.of(entry);
  }

  Optional<Entry> find(String id) {
    return Optional.ofNullable(sessions.get(id));
  }

  void remove(Entry entry) {
    sessions.remove(entry.session.getId(), entry);
  }

  Collection<Entry> all() {
    return sessions.values();
  }

  int size() {
    return sessions.size();
  }

  /** Event streams open on all sessions now; walks the sessions. */
  int openStreams() {
    int open = 0;
    for (Entry entry : sessions.values()) {
      open += entry.openStreams.get();
    }
    return open;
  }

  /** Closes sessions with no open stream and no request for the idle timeout. */
  int sweep() {
    long now = now();
    int closed = 0;
    for (Entry entry : sessions.values()) {
      if (entry.openStreams.get() == 0 && now - entry.lastActivity > idleNanos) {
        close(entry);
        closed++;
      }
    }
    return closed;
  }

  void close(Entry entry) {
    if (sessions.remove(entry.session.getId(), entry)) {
      entry
          .session
          .closeGracefully()
          .onErrorResume(e -> reactor.core.publisher.Mono.empty())
          .subscribe();
    }
  }

  void closeAll() {
    for (Entry entry : sessions.values()) {
      close(entry);
    }
  }
}
