package io.github.mcpoauthkit.app.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * {@code LOG_FORMAT=json}: every log line one JSON object ({@code time}, {@code level}, {@code
 * logger}, {@code message}, the event's key-value pairs as fields of their own, {@code exception}),
 * for log collectors that parse lines. The levels are slf4j-simple's, read from the same {@code
 * simplelogger.properties}, so both formats log the same events; text stays with slf4j-simple.
 *
 * <p>This provider is not registered in {@code META-INF/services}: SLF4J would then find two
 * providers and warn at every start. {@link #install} names it in the {@code slf4j.provider}
 * property instead, before the first logger is made.
 */
public final class JsonLineLogging {

  private static final JsonFactory JSON = new JsonFactory();
  private static volatile Supplier<PrintStream> output = () -> null;

  private JsonLineLogging() {}

  /**
   * Makes SLF4J log JSON lines to {@code out}, looked up at every line (so that a test may swap
   * it). Call it before anything asks SLF4J for a logger.
   */
  public static void install(Supplier<PrintStream> out) {
    output = Objects.requireNonNull(out, "out");
    System.setProperty("slf4j.provider", Provider.class.getName());
    // SLF4J announces an explicitly named provider on standard error, in a line of its own format.
    System.setProperty("slf4j.internal.verbosity", "WARN");
  }

  /** One event as a JSON line, without the line break. */
  static String line(
      Instant time,
      Level level,
      String logger,
      String message,
      List<KeyValuePair> pairs,
      Throwable throwable) {
    StringWriter text = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("time", time.toString());
      json.writeStringField("level", level.name());
      json.writeStringField("logger", logger);
      json.writeStringField("message", message == null ? "" : message);
      for (KeyValuePair pair : pairs) {
        json.writeStringField(pair.key, String.valueOf(pair.value));
      }
      if (throwable != null) {
        StringWriter trace = new StringWriter();
        throwable.printStackTrace(new PrintWriter(trace));
        json.writeStringField("exception", trace.toString());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void write(String line) {
    PrintStream out = output.get();
    if (out != null) {
      out.println(line);
    }
  }

  /** The SLF4J provider that {@link #install} names. */
  public static final class Provider implements SLF4JServiceProvider {
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private Factory factory;

    /** Made by SLF4J. */
    public Provider() {}

    @Override
    public ILoggerFactory getLoggerFactory() {
      return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
      return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
      return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
      return "2.0.99";
    }

    @Override
    public void initialize() {
      factory = new Factory(Levels.fromClasspath());
    }
  }

  /** Thresholds per logger name, as slf4j-simple reads them. */
  record Levels(int defaultLevel, Map<String, Integer> byPrefix) {

    static final int OFF = Integer.MAX_VALUE;
    private static final String PREFIX = "org.slf4j.simpleLogger.log.";

    static Levels fromClasspath() {
      Properties properties = new Properties();
      try (InputStream in =
          JsonLineLogging.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        // Defaults, as slf4j-simple does without the file.
      }
      Map<String, Integer> byPrefix = new ConcurrentHashMap<>();
      for (String name : properties.stringPropertyNames()) {
        if (name.startsWith(PREFIX)) {
          byPrefix.put(name.substring(PREFIX.length()), level(properties.getProperty(name)));
        }
      }
      return new Levels(
          level(properties.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info")),
          Map.copyOf(byPrefix));
    }

    static int level(String name) {
      return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "trace" -> Level.TRACE.toInt();
        case "debug" -> Level.DEBUG.toInt();
        case "warn" -> Level.WARN.toInt();
        case "error" -> Level.ERROR.toInt();
        case "off" -> OFF;
        default -> Level.INFO.toInt();
      };
    }

    /**
     * The threshold of {@code logger}: the longest configured prefix at a dot, else the default.
     */
    int threshold(String logger) {
      String name = logger;
      while (true) {
        Integer level = byPrefix.get(name);
        if (level != null) {
          return level;
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
          return defaultLevel;
        }
        name = name.substring(0, dot);
      }
    }
  }

  private static final class Factory implements ILoggerFactory {
    private final Levels levels;
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

    Factory(Levels levels) {
      this.levels = levels;
    }

    @Override
    public Logger getLogger(String name) {
      return loggers.computeIfAbsent(name, n -> new JsonLineLogger(n, levels.threshold(n)));
    }
  }

  private static final class JsonLineLogger extends LegacyAbstractLogger
      implements LoggingEventAware {
    private static final long serialVersionUID = 1L;
    private final int threshold;

    JsonLineLogger(String name, int threshold) {
      this.name = name;
      this.threshold = threshold;
    }

    private boolean enabled(Level level) {
      return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      write(
          line(
              Instant.now(),
              level,
              name,
              MessageFormatter.basicArrayFormat(pattern, arguments),
              List.of(),
              throwable));
    }

    @Override
    public void log(LoggingEvent event) {
      if (!enabled(event.getLevel())) {
        return;
      }
      List<KeyValuePair> pairs = event.getKeyValuePairs();
      write(
          line(
              Instant.ofEpochMilli(
                  event.getTimeStamp() == 0 ? System.currentTimeMillis() : event.getTimeStamp()),
              event.getLevel(),
              name,
              MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray()),
              pairs == null ? List.of() : pairs,
              event.getThrowable()));
    }
  }
}
