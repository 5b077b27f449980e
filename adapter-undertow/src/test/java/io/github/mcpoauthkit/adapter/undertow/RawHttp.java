package io.github.mcpoauthkit.adapter.undertow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 over a plain socket, for what java.net.http hides: exact bytes and connection state. */
final class RawHttp {

  private RawHttp() {}

  static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(20_000);
    return socket;
  }

  /** Sends {@code request} and reads until the server closes the connection. */
  static String exchange(int port, String request) throws IOException {
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return readToEnd(socket.getInputStream());
    }
  }

  /** Everything until end of stream; a reset after the answer counts as its end. */
  static String readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    try {
      int read;
      while ((read = in.read(buffer)) != -1) {
        received.write(buffer, 0, read);
      }
    } catch (SocketException e) {
      if (received.size() == 0) {
        throw e;
      }
    }
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads one CRLF-terminated line. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
