package io.github.mcpoauthkit.streamablehttp;

import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per authentication decision on the MCP endpoint, on the logger {@value #LOGGER} at INFO:
 * the verdict and its stable code, the answer's status, the verified issuer, subject and client,
 * the MCP method and what it acts on, the era and the remote address. Never the token or any part
 * of it: the fields come from the verified token's claims and from the request's body, never from
 * the {@code Authorization} header, and a refused token's claims are not read at all.
 *
 * <p>As {@link Format#TEXT} the fields are {@code key=value} pairs in the message, values with
 * spaces or quotes quoted; as {@link Format#JSON} they are the SLF4J event's key-value pairs, which
 * a JSON log encoder writes as fields. Control characters and overlong values from the request are
 * escaped and cut, so a request cannot forge or flood a line. Thread-safe.
 */
final class AuditLog {

  /** The logger's name. */
  static final String LOGGER = "io.github.mcpoauthkit.audit";

  /** Longest value written from a request (a resource URI, a tool name). */
  static final int MAX_VALUE = 200;

  /** How the fields are written. */
  enum Format {
    /** {@code key=value} pairs in the message. */
    TEXT,
    /** The event's key-value pairs, for a JSON encoder. */
    JSON
  }

  /** Writes nothing. */
  static final AuditLog OFF = new AuditLog(Format.TEXT, false);

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final Format format;
  private final boolean enabled;

  private AuditLog(Format format, boolean enabled) {
    this.format = format;
    this.enabled = enabled;
  }

  /** An audit log that writes in {@code format}. */
  static AuditLog writing(Format format) {
    return new AuditLog(format, true);
  }

  boolean enabled() {
    return enabled;
  }

  void decided(Exchange exchange, int status) {
    if (!enabled || !LOG.isInfoEnabled()) {
      return;
    }
    Map<String, String> fields = fields(exchange, status);
    if (format == Format.JSON) {
      LoggingEventBuilder event = LOG.atInfo();
      fields.forEach(event::addKeyValue);
      event.log("authentication decision");
    } else {
      LOG.info(text(fields));
    }
  }

  /** The fields of the line, in order; absent ones left out. */
  static Map<String, String> fields(Exchange exchange, int status) {
    Map<String, String> fields = new LinkedHashMap<>();
    Verdict decision = exchange.decision();
    fields.put("verdict", verdict(decision));
    if (decision instanceof Verdict.Rejected rejected) {
      fields.put("code", rejected.rejection().code().code());
    }
    fields.put("status", Integer.toString(status));
    Optional<VerifiedToken> principal = exchange.principal();
    principal.ifPresent(
        token -> {
          fields.put("issuer", clean(token.issuer().value()));
          fields.put("subject", clean(token.subject()));
          token.clientId().ifPresent(client -> fields.put("client_id", clean(client)));
        });
    HttpRequestView request = exchange.request();
    fields.put("http_method", clean(request.method()));
    exchange.mcpMethod().ifPresent(method -> fields.put("mcp_method", clean(method)));
    exchange.mcpName().ifPresent(name -> fields.put("mcp_name", clean(name)));
    fields.put("era", exchange.era().label());
    request.remoteAddress().ifPresent(remote -> fields.put("remote", clean(remote)));
    return fields;
  }

  private static String verdict(Verdict decision) {
    if (decision instanceof Verdict.Accepted) {
      return "accepted";
    }
    return decision instanceof Verdict.Rejected ? "rejected" : "undecided";
  }

  static String text(Map<String, String> fields) {
    StringBuilder line = new StringBuilder("authentication");
    fields.forEach(
        (name, value) -> {
          line.append(' ').append(name).append('=');
          if (value.isEmpty() || value.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=')) {
            line.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
          } else {
            line.append(value);
          }
        });
    return line.toString();
  }

  /** Control characters escaped as {@code \\uXXXX}, cut at {@link #MAX_VALUE} characters. */
  static String clean(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_VALUE));
    for (int i = 0; i < value.length() && i < MAX_VALUE; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > MAX_VALUE) {
      out.append("...");
    }
    return out.toString();
  }
}
