package io.github.mcpoauthkit.app.hardening;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What the server logs while a test runs, at the levels it is configured with: standard error,
 * where slf4j-simple writes (it looks {@code System.err} up on every line), and the root
 * java.util.logging logger, which Helidon's {@code System.Logger} reaches. Output still goes to the
 * console as well. Thread-safe.
 */
final class LogCapture implements AutoCloseable {

  private final PrintStream original;
  private final StringBuilder text = new StringBuilder();
  private final Handler handler;

  private LogCapture() {
    this.original = System.err;
    this.handler =
        new Handler() {
          private final SimpleFormatter formatter = new SimpleFormatter();

          @Override
          public void publish(LogRecord record) {
            if (isLoggable(record)) {
              append(formatter.format(record));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
  }

  static LogCapture start() {
    LogCapture capture = new LogCapture();
    System.setErr(
        new PrintStream(new Tee(capture.original, capture), true, StandardCharsets.UTF_8));
    Logger.getLogger("").addHandler(capture.handler);
    return capture;
  }

  private synchronized void append(String more) {
    text.append(more);
  }

  /** How much has been captured so far. */
  synchronized int length() {
    return text.length();
  }

  /** Everything captured. */
  synchronized String text() {
    return text.toString();
  }

  /** What was captured after {@link #length()} was {@code mark}. */
  synchronized String textFrom(int mark) {
    return text.substring(mark);
  }

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(handler);
    System.setErr(original);
  }

  /** Writes to the console and decodes what it wrote into the capture, line by line. */
  private static final class Tee extends OutputStream {
    private final PrintStream console;
    private final LogCapture capture;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    Tee(PrintStream console, LogCapture capture) {
      this.console = console;
      this.capture = capture;
    }

    @Override
    public synchronized void write(int b) {
      console.write(b);
      line.write(b);
      if (b == '\n') {
        flushLine();
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      console.write(bytes, offset, length);
      line.write(bytes, offset, length);
      flushLine();
    }

    @Override
    public synchronized void flush() {
      console.flush();
      flushLine();
    }

    private void flushLine() {
      if (line.size() > 0) {
        capture.append(line.toString(StandardCharsets.UTF_8));
        line.reset();
      }
    }
  }
}
