package io.github.mcpoauthkit.adapter.helidon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeaderSectionTimeoutTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final HeaderSectionTimeout timeout = HeaderSectionTimeout.manual(TIMEOUT, now::get);

  /** A connection whose socket counts its closes; {@code failing} makes close throw. */
  private record Connection(ConnectionContext context, AtomicInteger closes) {
    static Connection create(boolean failing) {
      AtomicInteger closes = new AtomicInteger();
      HelidonSocket socket =
          (HelidonSocket)
              Proxy.newProxyInstance(
                  HelidonSocket.class.getClassLoader(),
                  new Class<?>[] {HelidonSocket.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                      closes.incrementAndGet();
                      if (failing) {
                        throw new IllegalStateException("already closed");
                      }
                      return null;
                    }
                    return identity(proxy, method.getName(), args);
                  });
      ConnectionContext context =
          (ConnectionContext)
              Proxy.newProxyInstance(
                  ConnectionContext.class.getClassLoader(),
                  new Class<?>[] {ConnectionContext.class},
                  (proxy, method, args) ->
                      method.getName().equals("serverSocket")
                          ? socket
                          : identity(proxy, method.getName(), args));
      return new Connection(context, closes);
    }

    private static Object identity(Object proxy, String method, Object[] args) {
      return switch (method) {
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        case "toString" -> "connection@" + System.identityHashCode(proxy);
        default -> throw new UnsupportedOperationException(method);
      };
    }
  }

  private static final HttpPrologue PROLOGUE =
      HttpPrologue.create("HTTP/1.1", "HTTP", "1.1", io.helidon.http.Method.GET, "/mcp", false);

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  @Test
  void a_header_section_that_arrives_in_time_leaves_the_connection_open() {
    Connection connection = Connection.create(false);

    timeout.prologue(connection.context(), PROLOGUE);
    advance(TIMEOUT.minusMillis(1));
    timeout.headers(connection.context(), WritableHeaders.create());
    advance(TIMEOUT.multipliedBy(10));

    assertThat(timeout.sweep()).isZero();
    assertThat(connection.closes()).hasValue(0);
    assertThat(timeout.pending()).isZero();
  }

  @Test
  void a_header_section_overdue_closes_the_connection_once_and_forgets_it() {
    Connection stalled = Connection.create(false);
    Connection prompt = Connection.create(false);

    timeout.prologue(stalled.context(), PROLOGUE);
    advance(TIMEOUT.minusMillis(1));
    timeout.prologue(prompt.context(), PROLOGUE);
    assertThat(timeout.sweep()).as("one millisecond early").isZero();
    advance(Duration.ofMillis(1));

    assertThat(timeout.sweep()).isEqualTo(1);
    assertThat(stalled.closes()).hasValue(1);
    assertThat(prompt.closes()).hasValue(0);
    assertThat(timeout.sweep()).as("already forgotten").isZero();
    assertThat(stalled.closes()).hasValue(1);
    assertThat(timeout.pending()).isEqualTo(1);
  }

  @Test
  void each_request_line_on_a_persistent_connection_starts_its_own_deadline() {
    Connection connection = Connection.create(false);

    timeout.prologue(connection.context(), PROLOGUE);
    timeout.headers(connection.context(), WritableHeaders.create());
    advance(TIMEOUT.multipliedBy(2));
    timeout.prologue(connection.context(), PROLOGUE);
    advance(TIMEOUT.dividedBy(2));

    assertThat(timeout.sweep()).isZero();
    advance(TIMEOUT);
    assertThat(timeout.sweep()).isEqualTo(1);
    assertThat(connection.closes()).hasValue(1);
  }

  @Test
  void a_socket_that_fails_to_close_does_not_stop_the_others_from_closing() {
    Connection failing = Connection.create(true);
    Connection other = Connection.create(false);
    timeout.prologue(failing.context(), PROLOGUE);
    timeout.prologue(other.context(), PROLOGUE);
    advance(TIMEOUT);

    assertThat(timeout.sweep()).isEqualTo(2);
    assertThat(failing.closes()).hasValue(1);
    assertThat(other.closes()).hasValue(1);
    assertThat(timeout.pending()).isZero();
  }

  @Test
  void a_timeout_that_is_not_positive_is_refused() {
    assertThatThrownBy(() -> HeaderSectionTimeout.start(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
