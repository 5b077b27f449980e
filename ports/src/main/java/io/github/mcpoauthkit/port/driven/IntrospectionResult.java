package io.github.mcpoauthkit.port.driven;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link TokenIntrospector} learnt: the issuer's answer for an active token, its answer that
 * the token is not active, or no usable answer.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7662#section-2.2">RFC 7662 §2.2</a>
 */
public sealed interface IntrospectionResult
    permits IntrospectionResult.Active,
        IntrospectionResult.Inactive,
        IntrospectionResult.Unavailable {

  /**
   * The issuer answered {@code "active": true}. Its members are not yet judged: the domain's rules
   * decide whether this resource server accepts the token.
   *
   * @param response every member of the answer as JSON values ({@code String}, {@link Number},
   *     {@code Boolean}, {@link List}, {@link Map} or {@code null}), {@code active} included;
   *     copied deeply and unmodifiable
   */
  record Active(Map<String, Object> response) implements IntrospectionResult {
    /**
     * @throws NullPointerException if {@code response} is null
     * @throws IllegalArgumentException if {@code response} does not hold {@code "active": true}, or
     *     holds a value that is not a JSON value
     */
    public Active {
      Objects.requireNonNull(response, "response");
      if (!Boolean.TRUE.equals(response.get("active"))) {
        throw new IllegalArgumentException("an active answer holds \"active\": true");
      }
      response = copyObject(response);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copyObject(Map<?, ?> object) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> member : object.entrySet()) {
        if (!(member.getKey() instanceof String name)) {
          throw new IllegalArgumentException("a JSON member name is a string");
        }
        copy.put(name, copyValue(member.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object value) {
      if (value == null
          || value instanceof String
          || value instanceof Number
          || value instanceof Boolean) {
        return value;
      }
      if (value instanceof Map<?, ?> object) {
        return copyObject(object);
      }
      if (value instanceof List<?> array) {
        List<Object> copy = new ArrayList<>(array.size());
        for (Object element : array) {
          copy.add(copyValue(element));
        }
        return Collections.unmodifiableList(copy);
      }
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  /**
   * The issuer answered that the token is not active: revoked, expired, unknown to it, or not meant
   * for this resource server's client. Refused as {@code token_inactive}.
   */
  record Inactive() implements IntrospectionResult {
    /** The one instance needed. */
    public static final Inactive INSTANCE = new Inactive();
  }

  /**
   * No usable answer: the endpoint could not be reached, was too slow, answered with an error, an
   * oversized or malformed body, or the calls to it are limited right now. The token may be good;
   * the request is answered 503 with {@code Retry-After}, never accepted, never refused as if the
   * token were bad.
   *
   * @param reason what went wrong, for logs and metrics (never sent to the client)
   * @param retryAfter when a retry may succeed; positive
   */
  record Unavailable(Reason reason, Duration retryAfter) implements IntrospectionResult {
    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code retryAfter} is zero or negative
     */
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isZero() || retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
      }
    }
  }

  /** Why an introspection gave no usable answer; each has a stable label for metrics. */
  enum Reason {
    /** The endpoint could not be reached: connection refused or reset, DNS, TLS. */
    UNREACHABLE("introspection_unreachable"),
    /** No complete answer within the time allowed. */
    TIMEOUT("introspection_timeout"),
    /** The answer's body was larger than allowed; it was cut off unread. */
    OVERSIZED("introspection_oversized"),
    /**
     * The endpoint answered with an error: a 4xx or 5xx status (for example {@code 401
     * invalid_client} when this resource server's credentials are wrong), or a redirect, which is
     * not followed.
     */
    ERROR_RESPONSE("introspection_error_response"),
    /** A 200 answer that is not a JSON object of RFC 7662 §2.2 (content type, syntax, members). */
    MALFORMED_RESPONSE("introspection_malformed_response"),
    /**
     * This resource server's own limit on calls to the endpoint (rate or concurrency) is reached.
     */
    LIMITED("introspection_limited");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    /** A stable, lower-case label such as {@code introspection_timeout}. */
    public String label() {
      return label;
    }
  }
}
