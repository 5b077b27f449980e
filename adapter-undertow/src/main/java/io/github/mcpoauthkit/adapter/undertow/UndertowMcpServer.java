package io.github.mcpoauthkit.adapter.undertow;

import io.github.mcpoauthkit.streamablehttp.ListenException;
import io.github.mcpoauthkit.streamablehttp.ResourceServerHandler;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * A running Undertow server that serves one {@link ResourceServerHandler} on one HTTP/1.1 listener.
 *
 * <p>Limits: a header section larger than {@code maxHeaderBytes} gets 431; a request line and
 * header section together larger than four times that are cut off by Undertow's parser with an
 * empty 400 and a closed connection; the body size is left to the handler, which enforces its own;
 * a connection that carries no request for the idle timeout (by default {@link
 * ResourceServerSettings#DEFAULT_CONNECTION_IDLE_TIMEOUT}) is closed, and so is one whose header
 * section takes longer than {@link ResourceServerSettings#headerSectionTimeout} to arrive.
 * Persistent connections stay on, and {@code Expect: 100-continue} is honoured. Thread-safe.
 */
public final class UndertowMcpServer implements WebServerFactory.RunningServer {

  /**
   * How long {@link #close()} waits for requests in flight before cutting them off, unless started
   * with a grace of its own.
   */
  public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  /** How long a stopping XNIO worker gets to close its connections before it is forced to. */
  private static final Duration WORKER_STOP = Duration.ofSeconds(1);

  /** Undertow's parser limit, as a multiple of {@code maxHeaderBytes}; see the class comment. */
  static final int HARD_HEADER_LIMIT_FACTOR = 4;

  private static final long UNLIMITED = -1;

  /** Undertow's own default for heaps over 128 MiB: 16 KiB less the allocator's overhead. */
  private static final int BUFFER_SIZE = 16 * 1024 - 20;

  /** Buffers kept for reuse (4 MiB); more are allocated, and dropped, under bursts. */
  private static final int POOLED_BUFFERS = 256;

  private static final int NO_THREAD_LOCAL_CACHE = 0;

  private final Undertow undertow;
  private final XnioWorker worker;
  private final InFlightExchanges inFlight;
  private final ExecutorService executor;
  private final DefaultByteBufferPool buffers;
  private final Duration shutdownGrace;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private UndertowMcpServer(
      Undertow undertow,
      XnioWorker worker,
      InFlightExchanges inFlight,
      ExecutorService executor,
      DefaultByteBufferPool buffers,
      Duration shutdownGrace) {
    this.undertow = undertow;
    this.worker = worker;
    this.inFlight = inFlight;
    this.executor = executor;
    this.buffers = buffers;
    this.shutdownGrace = shutdownGrace;
    this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /**
   * Starts a server on {@code host:port} whose requests run on virtual threads (Java 21+) or on a
   * bounded pool of platform threads (Java 17, see {@link BlockingExecutors}).
   *
   * @param port the TCP port; 0 picks a free one, see {@link #port()}
   * @param maxHeaderBytes the largest request header section accepted, such as {@link
   *     ResourceServerSettings#DEFAULT_MAX_HEADER_BYTES}
   * @throws IllegalArgumentException if {@code port} or {@code maxHeaderBytes} is out of range
   * @throws ListenException if it cannot listen on {@code host:port}
   */
  public static UndertowMcpServer start(
      ResourceServerHandler handler, String host, int port, int maxHeaderBytes) {
    return start(
        handler,
        host,
        port,
        maxHeaderBytes,
        ResourceServerSettings.DEFAULT_CONNECTION_IDLE_TIMEOUT,
        BlockingExecutors.create());
  }

  /**
   * As above, closing a connection that carries no request for {@code idleTimeout}.
   *
   * @param idleTimeout how long a connection may carry no request; positive, at most 24 days
   */
  public static UndertowMcpServer start(
      ResourceServerHandler handler,
      String host,
      int port,
      int maxHeaderBytes,
      Duration idleTimeout) {
    return start(
        handler,
        host,
        port,
        maxHeaderBytes,
        idleTimeout,
        SHUTDOWN_GRACE,
        BlockingExecutors.create());
  }

  /**
   * As above, letting requests in flight finish for {@code shutdownGrace} on {@link #close()}.
   *
   * @param shutdownGrace how long a close waits for requests in flight; zero or positive
   */
  public static UndertowMcpServer start(
      ResourceServerHandler handler,
      String host,
      int port,
      int maxHeaderBytes,
      Duration idleTimeout,
      Duration shutdownGrace) {
    return start(
        handler,
        host,
        port,
        maxHeaderBytes,
        idleTimeout,
        shutdownGrace,
        BlockingExecutors.create());
  }

  /** As above, with the executor for blocking work; the server shuts it down on close. */
  static UndertowMcpServer start(
      ResourceServerHandler handler,
      String host,
      int port,
      int maxHeaderBytes,
      Duration idleTimeout,
      ExecutorService executor) {
    return start(handler, host, port, maxHeaderBytes, idleTimeout, SHUTDOWN_GRACE, executor);
  }

  private static UndertowMcpServer start(
      ResourceServerHandler handler,
      String host,
      int port,
      int maxHeaderBytes,
      Duration idleTimeout,
      Duration shutdownGrace,
      ExecutorService executor) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Duration headerSectionTimeout = ResourceServerSettings.headerSectionTimeout(idleTimeout);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (maxHeaderBytes <= 0 || maxHeaderBytes > Integer.MAX_VALUE / HARD_HEADER_LIMIT_FACTOR) {
      throw new IllegalArgumentException("maxHeaderBytes out of range: " + maxHeaderBytes);
    }
    InFlightExchanges inFlight =
        new InFlightExchanges(
            // Sends "100 Continue" when the handler first reads a body the client holds back
            // (Expect: 100-continue); a refusal before that closes the connection instead of
            // waiting for a body that will not come.
            new HttpContinueReadHandler(new UndertowMcpHandler(handler, executor)));
    int ioThreads = Runtime.getRuntime().availableProcessors();
    // The server's own XNIO worker, not one Undertow makes: Undertow's stop() then closes only its
    // listening socket, so that a stop can refuse new connections while the connections it has
    // finish their requests (Undertow would stop the worker, and with it every connection).
    XnioWorker worker;
    try {
      worker =
          Xnio.getInstance(Undertow.class.getClassLoader())
              .createWorker(
                  OptionMap.builder()
                      // Undertow's default is at least two IO threads. Request handling runs on
                      // the executor's threads, which compete with the IO threads for the same
                      // cores: on a one-core server a second IO thread only adds context switches
                      // (measured: p99 of tools/list, see docs/PERFORMANCE.md).
                      .set(Options.WORKER_IO_THREADS, ioThreads)
                      // Undertow's own settings for the worker it would make.
                      .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                      .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                      .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
                      .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
                      .set(Options.TCP_NODELAY, true)
                      .set(Options.CORK, true)
                      .getMap());
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot start Undertow's XNIO worker", e);
    }
    // Undertow's default pool keeps a cache of buffers per thread. With a virtual thread per
    // request every request gets its own cache, and the pool's finalizable per-thread data piles up
    // in the old generation (full collections every second under load, measured). A shared pool
    // without per-thread caches, sized for the connections a server of this kind keeps busy.
    DefaultByteBufferPool buffers =
        new DefaultByteBufferPool(true, BUFFER_SIZE, POOLED_BUFFERS, NO_THREAD_LOCAL_CACHE);
    Undertow undertow =
        Undertow.builder()
            .setByteBufferPool(buffers)
            .setWorker(worker)
            .addHttpListener(port, host)
            .setServerOption(
                UndertowOptions.MAX_HEADER_SIZE, maxHeaderBytes * HARD_HEADER_LIMIT_FACTOR)
            // Undertow's default (2 MiB) would cut off bodies the handler accepts (4 MiB by
            // default); the handler enforces its own limit, and Undertow drains what it refused.
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, UNLIMITED)
            // Between requests only: a request in progress, an event stream included, is not idle.
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(idleTimeout))
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(headerSectionTimeout))
            // HTTP/1.1 connections are persistent anyway; this only drops a redundant
            // "Connection: keep-alive" header, so that answers carry what the handler decided.
            .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
            .setHandler(inFlight)
            .build();
    try {
      undertow.start();
      return new UndertowMcpServer(undertow, worker, inFlight, executor, buffers, shutdownGrace);
    } catch (RuntimeException e) {
      undertow.stop();
      stopWorker(worker);
      executor.shutdownNow();
      buffers.close();
      throw ListenException.of(host, port, e);
    }
  }

  private static int millis(Duration duration) {
    return Math.toIntExact(duration.toMillis());
  }

  /** The port the server listens on. */
  @Override
  public int port() {
    return port;
  }

  /**
   * Stops the server: the listening socket closes at once (a client that connects now is refused),
   * the requests in flight get up to the shutdown grace to finish, then every connection is closed.
   * A request arriving meanwhile on a connection already open is the handler's to answer.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // With the server's own worker, Undertow's stop closes the listening socket and nothing else.
    undertow.stop();
    try {
      inFlight.awaitNone(shutdownGrace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopWorker(worker);
      executor.shutdownNow();
      buffers.close();
    }
  }

  /** Closes the worker's connections and stops its threads. */
  private static void stopWorker(XnioWorker worker) {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(WORKER_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
