package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.streamablehttp.ListenException.Reason;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ListenExceptionTest {

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(new BindException("Address already in use"), Reason.ADDRESS_IN_USE),
        Arguments.of(
            new RuntimeException(new BindException("Address already in use: bind")),
            Reason.ADDRESS_IN_USE),
        Arguments.of(
            new UncheckedIOException(new BindException("Cannot assign requested address")),
            Reason.ADDRESS_NOT_AVAILABLE),
        Arguments.of(new BindException("Permission denied"), Reason.PERMISSION_DENIED),
        Arguments.of(new SocketException("Unresolved address"), Reason.UNKNOWN_HOST),
        Arguments.of(
            new IllegalStateException(new UnknownHostException("nohost")), Reason.UNKNOWN_HOST),
        Arguments.of(new UnresolvedAddressException(), Reason.UNKNOWN_HOST),
        Arguments.of(new BindException("Something new"), Reason.OTHER),
        Arguments.of(new IllegalStateException("boom"), Reason.OTHER));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void the_reason_is_read_from_the_cause_chain(Throwable failure, Reason reason) {
    ListenException e = ListenException.of("127.0.0.1", 3000, failure);

    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.getMessage())
        .startsWith("Cannot listen on 127.0.0.1:3000: " + reason.description());
    assertThat(e.getCause()).isSameAs(failure);
  }

  @Test
  void another_reason_carries_the_root_cause_in_the_message() {
    ListenException e =
        ListenException.of("0.0.0.0", 80, new RuntimeException(new BindException("Something new")));

    assertThat(e.getMessage())
        .isEqualTo(
            "Cannot listen on 0.0.0.0:80: the server could not open its socket"
                + " (BindException: Something new)");
  }

  @Test
  void an_ipv6_address_is_bracketed() {
    assertThat(ListenException.of("::1", 3000, new BindException("Address already in use")))
        .hasMessageStartingWith("Cannot listen on [::1]:3000: ");
  }

  @Test
  void a_probe_finds_a_port_in_use() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

      ListenException e = ListenException.probe("127.0.0.1", taken.getLocalPort(), "it failed");

      assertThat(e.reason()).isEqualTo(Reason.ADDRESS_IN_USE);
    }
  }

  @Test
  void a_probe_finds_an_unknown_host() {
    assertThat(ListenException.probe("no-such-host.invalid", 3000, "it failed").reason())
        .isEqualTo(Reason.UNKNOWN_HOST);
  }

  @Test
  void a_probe_that_can_bind_reports_what_the_caller_saw() throws Exception {
    int free;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = socket.getLocalPort();
    }

    ListenException e = ListenException.probe("127.0.0.1", free, "the listener did not start");

    assertThat(e.reason()).isEqualTo(Reason.OTHER);
    assertThat(e.getMessage()).endsWith("(the listener did not start)");
  }
}
