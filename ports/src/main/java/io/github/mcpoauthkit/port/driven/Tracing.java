package io.github.mcpoauthkit.port.driven;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the kit records what one request did as spans of a distributed trace: the authentication of
 * a request and the MCP handler's work, each a span under the caller's trace when the caller sent
 * one (W3C Trace Context).
 *
 * <p>The vocabulary is fixed here: span kinds are {@link Operation}s, attribute keys are {@link
 * Attribute}s, and the caller's context arrives as a {@link RemoteParent} already validated and
 * bounded. No token, no subject and no header other than {@code traceparent} and {@code tracestate}
 * can reach an implementation through this interface.
 *
 * <p>{@link #NONE} records nothing; callers check {@link #enabled()} first and, when it is false,
 * neither read carriers nor start spans, so that tracing switched off costs one field read per
 * request. Implementations must be thread-safe; {@link #start} and the {@link Span} methods must
 * not block (an exporter runs on threads of its own).
 *
 * @see <a href="https://www.w3.org/TR/trace-context/">W3C Trace Context</a>
 */
public interface Tracing {

  /** Records nothing and costs nothing: {@link #enabled()} is false. */
  Tracing NONE = new Tracing() {};

  /**
   * Whether spans are recorded at all. When false, every span {@link #start} returns is {@link
   * Span#NONE}.
   */
  default boolean enabled() {
    return false;
  }

  /**
   * Starts a span of {@code operation}, the child of {@code parent} when there is one, else the
   * root of a new trace.
   *
   * @param operation what the span measures
   * @param parent the caller's span context, if it sent a valid one
   * @return the started span; end it exactly once
   * @throws NullPointerException if an argument is null
   */
  default Span start(Operation operation, Optional<RemoteParent> parent) {
    return Span.NONE;
  }

  /** What a span measures; each has a fixed name and kind. */
  enum Operation {
    /**
     * The bearer-token decision of one request to the MCP endpoint, or the per-tool scope check
     * that follows it. An internal span.
     */
    AUTHENTICATION("mcp.authenticate", false),
    /**
     * The MCP handler's work on one JSON-RPC message posted to the MCP endpoint, from the accepted
     * request to the end of its answer (the end of its event stream, for a streamed answer). A
     * server span; implementations may rename it to {@code "{mcp.method.name} {target}"} as
     * OpenTelemetry's MCP conventions do.
     */
    MCP_REQUEST("mcp.request", true);

    private final String spanName;
    private final boolean server;

    Operation(String spanName, boolean server) {
      this.spanName = spanName;
      this.server = server;
    }

    /** The span's name, when an implementation does not derive a better one. */
    public String spanName() {
      return spanName;
    }

    /** Whether the span is a server span (the kit's side of a remote call), else internal. */
    public boolean server() {
      return server;
    }
  }

  /**
   * The attribute keys a span may carry. Keys from OpenTelemetry's semantic conventions keep their
   * names there; the kit's own are under {@code mcp_oauth_kit.}.
   */
  enum Attribute {
    /** {@code accepted}, {@code rejected} or {@code undecided}. */
    AUTH_VERDICT("mcp_oauth_kit.auth.verdict"),
    /** The rejection's stable code, such as {@code token_expired}. */
    AUTH_REJECTION_CODE("mcp_oauth_kit.auth.rejection_code"),
    /** {@code bearer} for the token check, {@code tool_scope} for the per-tool scope check. */
    AUTH_STEP("mcp_oauth_kit.auth.step"),
    /** The MCP era that served the request: {@code 2025} or {@code 2026}. */
    MCP_ERA("mcp_oauth_kit.mcp.era"),
    /** The JSON-RPC method, such as {@code tools/call}. */
    MCP_METHOD("mcp.method.name"),
    /** The tool of a {@code tools/call}. */
    TOOL_NAME("gen_ai.tool.name"),
    /** Where the span's parent came from: {@code http_header}, {@code mcp_meta} or {@code none}. */
    PARENT_SOURCE("mcp_oauth_kit.trace.parent_source"),
    /** The HTTP status of the answer. */
    HTTP_STATUS("http.response.status_code");

    private final String key;

    Attribute(String key) {
      this.key = key;
    }

    /** The attribute's key as exported. */
    public String key() {
      return key;
    }
  }

  /**
   * One span in progress. Used by the thread that started it, or handed on with happens-before (a
   * response channel to an event stream's writer).
   */
  interface Span {

    /** Records nothing. */
    Span NONE = new Span() {};

    /**
     * Sets a string attribute; a later value for the same key replaces it. Implementations cut
     * values longer than {@value RemoteParent#MAX_ATTRIBUTE_LENGTH} characters.
     */
    default void attribute(Attribute key, String value) {}

    /** Sets a number attribute. */
    default void attribute(Attribute key, long value) {}

    /** Marks the span as failed (a server error): {@code description} is a short fixed phrase. */
    default void failed(String description) {}

    /** Ends the span; later calls do nothing. */
    default void end() {}
  }

  /**
   * The caller's span context, from a W3C {@code traceparent} and its {@code tracestate}: an HTTP
   * header pair, or MCP's {@code params._meta} keys of the same names (MCP 2026-07-28, SEP-414).
   *
   * <p>Built only by {@link #parse}, which accepts a well-formed {@code traceparent} alone: a
   * malformed one (or an oversized one) is ignored, so that a caller's bad header never becomes an
   * error for the caller.
   *
   * @param traceparent the validated {@code traceparent}, lower-case hex, of version 00 form (a
   *     higher version is cut to its first four fields, as W3C Trace Context §3.2.4 asks)
   * @param tracestate the {@code tracestate} that came with it, or empty; not validated beyond its
   *     length, since implementations parse it with their own propagator
   */
  record RemoteParent(String traceparent, String tracestate) {

    /** Longest {@code traceparent} read; a version 00 value is 55 characters. */
    public static final int MAX_TRACEPARENT_LENGTH = 256;

    /**
     * Longest {@code tracestate} kept; W3C Trace Context §3.3.1.5 asks to propagate at least 512
     * characters. A longer one is dropped, the {@code traceparent} kept.
     */
    public static final int MAX_TRACESTATE_LENGTH = 512;

    /** Longest attribute value an implementation exports. */
    public static final int MAX_ATTRIBUTE_LENGTH = 200;

    private static final int VERSION_00_LENGTH = 55;

    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code traceparent} is not valid; use {@link #parse}
     */
    public RemoteParent {
      Objects.requireNonNull(traceparent, "traceparent");
      Objects.requireNonNull(tracestate, "tracestate");
      if (!isVersion00(traceparent) || tracestate.length() > MAX_TRACESTATE_LENGTH) {
        throw new IllegalArgumentException("not a valid W3C traceparent of version 00 form");
      }
    }

    /**
     * The caller's context, if {@code traceparent} is valid.
     *
     * @param traceparent the received value, possibly absent or malformed
     * @param tracestate the received value, possibly absent; dropped when longer than {@value
     *     #MAX_TRACESTATE_LENGTH} characters
     * @return empty when {@code traceparent} is absent, malformed, of version {@code ff}, or has an
     *     all-zero trace or parent id
     */
    public static Optional<RemoteParent> parse(
        Optional<String> traceparent, Optional<String> tracestate) {
      if (traceparent.isEmpty()) {
        return Optional.empty();
      }
      String value = traceparent.get().trim();
      if (value.length() < VERSION_00_LENGTH || value.length() > MAX_TRACEPARENT_LENGTH) {
        return Optional.empty();
      }
      String version = value.substring(0, 2);
      if (!isLowerHex(version, 0, 2) || version.equals("ff")) {
        return Optional.empty();
      }
      if (version.equals("00") ? value.length() != VERSION_00_LENGTH : !futureVersion(value)) {
        return Optional.empty();
      }
      // A higher version is read as version 00 from its first 55 characters (§3.2.4).
      String head = "00" + value.substring(2, VERSION_00_LENGTH);
      if (!isVersion00(head)) {
        return Optional.empty();
      }
      String state = tracestate.map(String::trim).orElse("");
      if (state.length() > MAX_TRACESTATE_LENGTH) {
        state = "";
      }
      return Optional.of(new RemoteParent(head, state));
    }

    /** The 32 hex digits of the trace id. */
    public String traceId() {
      return traceparent.substring(3, 35);
    }

    /** The 16 hex digits of the caller's span id. */
    public String parentSpanId() {
      return traceparent.substring(36, 52);
    }

    /** Whether the caller sampled its span (flag bit 0). */
    public boolean sampled() {
      return (Integer.parseInt(traceparent.substring(53, 55), 16) & 1) == 1;
    }

    private static boolean futureVersion(String value) {
      return value.length() == VERSION_00_LENGTH || value.charAt(VERSION_00_LENGTH) == '-';
    }

    private static boolean isVersion00(String value) {
      return value.length() == VERSION_00_LENGTH
          && value.startsWith("00-")
          && value.charAt(35) == '-'
          && value.charAt(52) == '-'
          && isLowerHex(value, 3, 35)
          && isLowerHex(value, 36, 52)
          && isLowerHex(value, 53, 55)
          && !allZero(value, 3, 35)
          && !allZero(value, 36, 52);
    }

    private static boolean isLowerHex(String value, int from, int to) {
      for (int i = from; i < to; i++) {
        char c = value.charAt(i);
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
          return false;
        }
      }
      return true;
    }

    private static boolean allZero(String value, int from, int to) {
      for (int i = from; i < to; i++) {
        if (value.charAt(i) != '0') {
          return false;
        }
      }
      return true;
    }
  }
}
