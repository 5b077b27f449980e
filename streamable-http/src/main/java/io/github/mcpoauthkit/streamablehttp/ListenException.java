package io.github.mcpoauthkit.streamablehttp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Objects;

/**
 * A server could not listen on its address: a startup failure, raised by {@link
 * WebServerFactory#start} (and by anything else of the kit that opens a port) instead of whatever
 * the web server threw or logged, so that the application can tell the user in one line which
 * address and port failed, why, and what to change.
 */
public final class ListenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a server could not listen. */
  public enum Reason {
    /** Another socket is bound to the port already. */
    ADDRESS_IN_USE("the port is already in use by another process"),
    /** The host is not an address of this machine. */
    ADDRESS_NOT_AVAILABLE("the address is not one of this machine's"),
    /** The operating system refused the port, such as one below 1024 without privileges. */
    PERMISSION_DENIED("permission denied (ports below 1024 need privileges)"),
    /** The host name does not resolve to an address. */
    UNKNOWN_HOST("the host name does not resolve"),
    /** Anything else; the message carries the cause. */
    OTHER("the server could not open its socket");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** A short lower-case phrase, such as {@code the port is already in use by another process}. */
    public String description() {
      return description;
    }
  }

  private final String host;
  private final int port;
  private final Reason reason;
  private final String detail;

  private ListenException(String host, int port, Reason reason, String detail, Throwable cause) {
    super("Cannot listen on " + address(host, port) + ": " + explain(reason, detail), cause);
    this.host = host;
    this.port = port;
    this.reason = reason;
    this.detail = detail;
  }

  private static String explain(Reason reason, String detail) {
    return reason.description() + (detail.isEmpty() ? "" : " (" + detail + ")");
  }

  /**
   * The failure to listen on {@code host:port} that {@code failure}, or one of its causes, reports.
   *
   * @param failure what the server threw when it tried to bind
   */
  public static ListenException of(String host, int port, Throwable failure) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(failure, "failure");
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
        return new ListenException(host, port, Reason.UNKNOWN_HOST, "", failure);
      }
      if (cause instanceof SocketException) {
        Reason reason = classify(cause.getMessage());
        if (reason != Reason.OTHER || cause instanceof BindException) {
          return new ListenException(
              host, port, reason, reason == Reason.OTHER ? detail(cause) : "", failure);
        }
      }
    }
    return new ListenException(host, port, Reason.OTHER, detail(failure), failure);
  }

  /**
   * Finds out why {@code host:port} cannot be bound by trying it: for web servers that log the
   * cause of a failed start instead of reporting it. The probe's socket is closed at once.
   *
   * @param whatFailed what the caller saw, for the message when the probe itself succeeds (the port
   *     was freed in between, or the server failed for another reason)
   */
  public static ListenException probe(String host, int port, String whatFailed) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      InetSocketAddress address = new InetSocketAddress(host, port);
      if (address.isUnresolved()) {
        return new ListenException(host, port, Reason.UNKNOWN_HOST, "", null);
      }
      socket.bind(address);
    } catch (IOException | RuntimeException e) {
      return of(host, port, e);
    }
    return new ListenException(host, port, Reason.OTHER, whatFailed, null);
  }

  private static Reason classify(String message) {
    String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (text.contains("in use")) {
      return Reason.ADDRESS_IN_USE;
    }
    if (text.contains("assign requested address") || text.contains("not available")) {
      return Reason.ADDRESS_NOT_AVAILABLE;
    }
    if (text.contains("permission denied") || text.contains("access is denied")) {
      return Reason.PERMISSION_DENIED;
    }
    if (text.contains("unresolved")) {
      return Reason.UNKNOWN_HOST;
    }
    return Reason.OTHER;
  }

  private static String detail(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String address(String host, int port) {
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@code host:port}, the host in brackets when it is an IPv6 address. */
  public String address() {
    return address(host, port);
  }

  /**
   * Why it failed, as a phrase: the reason's {@link Reason#description() description}, for {@link
   * Reason#OTHER} followed by the cause in parentheses.
   */
  public String explanation() {
    return explain(reason, detail);
  }

  /** The address the server tried, as configured. */
  public String host() {
    return host;
  }

  /** The port the server tried. */
  public int port() {
    return port;
  }

  /** Why it failed. */
  public Reason reason() {
    return reason;
  }
}
