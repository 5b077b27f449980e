package io.github.mcpoauthkit.streamablehttp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mcpoauthkit.streamablehttp.GracefulShutdown;
import io.github.mcpoauthkit.streamablehttp.ListenException;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import io.github.mcpoauthkit.streamablehttp.WebServerFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every web adapter's {@link WebServerFactory} does when it cannot listen: it throws a {@link
 * ListenException} that names the address, the port and the reason, and leaves nothing running. A
 * web server that logs the failure and returns (Helidon does) would let the application carry on as
 * if it listened. Each adapter's test implements this interface.
 */
public interface ListenFailureContract {

  /** The adapter under test. */
  WebServerFactory factory();

  private WebServerFactory.RunningServer start(TestMcpStack stack, String host, int port) {
    return factory()
        .start(
            stack.handler(),
            host,
            port,
            ResourceServerSettings.DEFAULT_MAX_HEADER_BYTES,
            ResourceServerSettings.DEFAULT_CONNECTION_IDLE_TIMEOUT,
            GracefulShutdown.webServerGrace(Duration.ofSeconds(1)));
  }

  @Test
  default void a_port_in_use_fails_the_start_naming_address_port_and_reason() throws Exception {
    try (TestMcpStack stack = TestMcpStack.onFreePort();
        ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      Set<Thread> before = Thread.getAllStackTraces().keySet();

      assertThatThrownBy(() -> start(stack, "127.0.0.1", port))
          .isInstanceOfSatisfying(
              ListenException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ListenException.Reason.ADDRESS_IN_USE);
                assertThat(e.host()).isEqualTo("127.0.0.1");
                assertThat(e.port()).isEqualTo(port);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "Cannot listen on 127.0.0.1:"
                            + port
                            + ": the port is already in use by another process");
              });
      assertNoServerThreadsLeft(before);
    }
  }

  @Test
  default void an_address_of_another_machine_fails_the_start_as_not_available() throws Exception {
    // 192.0.2.1 (TEST-NET-1, RFC 5737) is never an address of this machine; binding to it sends
    // nothing anywhere.
    try (TestMcpStack stack = TestMcpStack.onFreePort()) {
      assertThatThrownBy(() -> start(stack, "192.0.2.1", stack.port()))
          .isInstanceOfSatisfying(
              ListenException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ListenException.Reason.ADDRESS_NOT_AVAILABLE);
                assertThat(e.getMessage())
                    .startsWith("Cannot listen on 192.0.2.1:" + stack.port() + ": ");
              });
    }
  }

  @Test
  default void after_a_failed_start_the_port_can_be_served_once_freed() throws Exception {
    try (TestMcpStack stack = TestMcpStack.onFreePort()) {
      int port;
      try (ServerSocket taken = new ServerSocket()) {
        taken.setReuseAddress(true);
        taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        port = taken.getLocalPort();
        assertThatThrownBy(() -> start(stack, "127.0.0.1", port))
            .isInstanceOf(ListenException.class);
      }
      try (WebServerFactory.RunningServer server = start(stack, "127.0.0.1", port);
          Socket client = new Socket("127.0.0.1", port)) {
        assertThat(server.port()).isEqualTo(port);
        assertThat(client.isConnected()).isTrue();
      }
    }
  }

  /**
   * A failed start must not leave threads of the web server behind: they could keep the JVM alive
   * (an application that failed to start would then hang instead of exiting).
   */
  private static void assertNoServerThreadsLeft(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    Set<String> left;
    do {
      left =
          Thread.getAllStackTraces().keySet().stream()
              .filter(thread -> !before.contains(thread))
              .filter(thread -> thread.isAlive() && !thread.isDaemon())
              .map(Thread::getName)
              .collect(Collectors.toSet());
      if (left.isEmpty()) {
        return;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    assertThat(left).as("non-daemon threads started by the failed server").isEmpty();
  }
}
