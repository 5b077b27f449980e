package io.github.mcpoauthkit.port.driven;

import io.github.mcpoauthkit.domain.token.RejectionCode;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Where the kit reports what it does, for an operator's metrics: the answers it gives, its
 * authentication decisions, and figures it samples (cache sizes, key-set age, open sessions).
 *
 * <p>Every label is a value of a fixed set declared here, so no implementation can be made to carry
 * a token, a subject, a path or any other unbounded value into a label. The two recording methods
 * are called on every request: implementations must be thread-safe, must not block, and should cost
 * no more than a few counter increments. The registering methods are called once at startup; the
 * suppliers they receive are then sampled whenever the implementation likes (at each scrape), on
 * any thread, and are thread-safe and cheap themselves.
 *
 * <p>{@link #NONE} records nothing: the kit's choice when no metrics are wanted.
 */
public interface Metrics {

  /** Records nothing and costs nothing. */
  Metrics NONE = new Metrics() {};

  /**
   * One request answered: the status of its answer and the time from the request's arrival to the
   * start of its answer (for an event stream, until the stream opened, not until it closed).
   *
   * @param answered what kind of request got what answer
   * @param nanos the time taken, in nanoseconds; not negative
   */
  default void answered(Answered answered, long nanos) {}

  /**
   * One authentication decision on the MCP endpoint: per request, the last verdict that decided
   * whether it went on (the per-tool scope check, when there was one).
   */
  default void decided(Decision decision) {}

  /**
   * Samples a figure from now on.
   *
   * @param gauge which figure
   * @param value its current value; thread-safe and cheap
   */
  default void gauge(Gauge gauge, DoubleSupplier value) {}

  /**
   * Samples a count that only grows (a monotonic counter kept elsewhere) from now on.
   *
   * @param count which count
   * @param value its current value; thread-safe and cheap
   */
  default void count(Count count, LongSupplier value) {}

  /** The route a request took: the kit's fixed set of paths, every other path is {@link #OTHER}. */
  enum Route {
    /** The MCP endpoint. */
    MCP("mcp"),
    /** RFC 9728 protected resource metadata. */
    PROTECTED_RESOURCE_METADATA("protected_resource_metadata"),
    /** The issuer's metadata, relayed for MCP 2025-03-26 clients. */
    AUTHORIZATION_SERVER_METADATA("authorization_server_metadata"),
    /** {@code /health}. */
    HEALTH("health"),
    /** {@code /health/ready}. */
    READINESS("readiness"),
    /** Any path the kit does not serve. */
    OTHER("other");

    private final String label;

    Route(String label) {
      this.label = label;
    }

    /** The label value: lower case, stable. */
    public String label() {
      return label;
    }
  }

  /** The HTTP method, from a fixed set; any other method is {@link #OTHER}. */
  enum Method {
    GET,
    HEAD,
    POST,
    DELETE,
    OPTIONS,
    OTHER;

    /** The method of {@code name} (case-sensitive, as HTTP methods are). */
    public static Method of(String name) {
      switch (name) {
        case "GET":
          return GET;
        case "HEAD":
          return HEAD;
        case "POST":
          return POST;
        case "DELETE":
          return DELETE;
        case "OPTIONS":
          return OPTIONS;
        default:
          return OTHER;
      }
    }
  }

  /** Which era of MCP served a request on the MCP endpoint. */
  enum Era {
    /** MCP 2024-11-05 to 2025-11-25: {@code initialize} and sessions. */
    LEGACY("2025"),
    /** MCP 2026-07-28: stateless, the version in {@code _meta}. */
    MODERN("2026"),
    /** Not decided: not the MCP endpoint, or answered before the era was known (a 401). */
    NONE("none");

    private final String label;

    Era(String label) {
      this.label = label;
    }

    /** The label value. */
    public String label() {
      return label;
    }
  }

  /**
   * What kind of request got which answer.
   *
   * @param route the route taken
   * @param method the HTTP method
   * @param era the MCP era that served it
   * @param status the answer's status, 100 to 599
   */
  record Answered(Route route, Method method, Era era, int status) {
    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code status} is not 100 to 599
     */
    public Answered {
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(era, "era");
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status must be 100 to 599, was " + status);
      }
    }
  }

  /**
   * An authentication decision: accepted, rejected with a stable code, or undecided (the issuer's
   * keys were unavailable: a 503).
   */
  sealed interface Decision {
    /** The token was accepted. */
    Decision ACCEPTED = new Accepted();

    /** No decision could be taken. */
    Decision UNDECIDED = new Undecided();

    /** The label value: {@code accepted}, {@code undecided} or the rejection's stable code. */
    String label();

    /** The decision for a rejection. */
    static Decision rejected(RejectionCode code) {
      return new Rejected(code);
    }

    /** Accepted. */
    record Accepted() implements Decision {
      @Override
      public String label() {
        return "accepted";
      }
    }

    /** Undecided. */
    record Undecided() implements Decision {
      @Override
      public String label() {
        return "undecided";
      }
    }

    /**
     * Rejected.
     *
     * @param code the rejection's stable code
     */
    record Rejected(RejectionCode code) implements Decision {
      /**
       * @throws NullPointerException if {@code code} is null
       */
      public Rejected {
        Objects.requireNonNull(code, "code");
      }

      @Override
      public String label() {
        return code.code();
      }
    }
  }

  /** Figures sampled at will. */
  enum Gauge {
    /** Verified tokens held in the cache. */
    TOKEN_CACHE_SIZE,
    /** Keys in the issuer's key set as last fetched. */
    KEY_SET_KEYS,
    /** Seconds since the issuer's key set was last fetched successfully. */
    KEY_SET_AGE_SECONDS,
    /** Open MCP sessions (MCP 2025). */
    OPEN_SESSIONS,
    /** Open event streams of both eras. */
    OPEN_STREAMS,
    /** Open {@code subscriptions/listen} streams (MCP 2026-07-28). */
    OPEN_SUBSCRIPTIONS,
    /** DPoP proofs remembered against replay (RFC 9449 §11.1); when full, DPoP requests get 503. */
    DPOP_REPLAY_CACHE_SIZE,
    /** Introspection answers (RFC 7662) held in the introspection cache, accepted or refused. */
    INTROSPECTION_CACHE_SIZE
  }

  /** Counts kept elsewhere, sampled at will. */
  enum Count {
    /** Requests whose exact {@code Authorization} value was found among verified tokens. */
    TOKEN_CACHE_HITS,
    /**
     * Requests whose token had to be parsed and verified locally (the JWT path); not requests
     * without usable credentials, nor tokens verified by introspection.
     */
    TOKEN_CACHE_MISSES,
    /** Fetches of the issuer's key set that succeeded. */
    KEY_SET_FETCHES_SUCCEEDED,
    /** Fetches of the issuer's key set that failed. */
    KEY_SET_FETCHES_FAILED,
    /** Calls to the introspection endpoint (RFC 7662) answered {@code "active": true}. */
    INTROSPECTION_CALLS_ACTIVE,
    /** Calls to the introspection endpoint answered that the token is not active. */
    INTROSPECTION_CALLS_INACTIVE,
    /**
     * Calls to the introspection endpoint that gave no usable answer: unreachable, timed out, an
     * error status, an oversized or malformed body.
     */
    INTROSPECTION_CALLS_FAILED,
    /** Introspected verifications answered from the introspection cache, without a call. */
    INTROSPECTION_CACHE_HITS,
    /** Introspected verifications that waited for a call another request had in flight. */
    INTROSPECTION_SHARED_CALLS,
    /**
     * Introspected verifications refused 503 without a call by this resource server's own limit on
     * calls (rate or concurrency).
     */
    INTROSPECTION_LIMITED
  }
}
