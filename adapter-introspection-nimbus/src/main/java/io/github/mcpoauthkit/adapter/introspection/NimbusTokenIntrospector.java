package io.github.mcpoauthkit.adapter.introspection;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenIntrospectionErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.port.driven.IntrospectionResult;
import io.github.mcpoauthkit.port.driven.TokenIntrospector;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TokenIntrospector} of one issuer on the Nimbus OAuth 2.0 SDK: {@code
 * TokenIntrospectionRequest} with {@code token_type_hint=access_token} and the client
 * authentication, sent through the JDK's HTTP client with {@link IntrospectionHttpSettings}'s
 * limits (Nimbus's own {@code HTTPRequest.send()} would read an unbounded body), the answer parsed
 * by {@code TokenIntrospectionResponse}, which checks that it is {@code application/json} and an
 * object with a boolean {@code active}.
 *
 * <ul>
 *   <li>200 with {@code "active": true}: {@link IntrospectionResult.Active} with every member;
 *   <li>200 with {@code "active": false}, or 400 {@code unsupported_token_type} (what oidc-provider
 *       answers for a token it does not introspect): {@link IntrospectionResult.Inactive};
 *   <li>any other status, a redirect (never followed), another content type, a body that is no JSON
 *       object or has no boolean {@code active}, more than the size limit, no answer within the
 *       timeout, no connection: {@link IntrospectionResult.Unavailable}, retry after the endpoint's
 *       own {@code Retry-After} (1 to 60 s) or 5 s. Each is logged, at most once per 10 s at WARN
 *       (the rest at DEBUG), without the token.
 * </ul>
 *
 * <p>Thread-safe; neither caches nor retries (the application does the one and decides the other).
 */
public final class NimbusTokenIntrospector implements TokenIntrospector {

  private static final Logger LOG = LoggerFactory.getLogger(NimbusTokenIntrospector.class);
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  private static final long WARN_INTERVAL_MILLIS = 10_000;

  private final URI endpoint;
  private final IntrospectionClientAuth auth;
  private final Clock clock;
  private final BoundedPost http;
  private final AtomicLong lastWarningMillis = new AtomicLong(Long.MIN_VALUE);

  private NimbusTokenIntrospector(
      URI endpoint, IntrospectionClientAuth auth, IntrospectionHttpSettings settings, Clock clock) {
    this.endpoint = endpoint;
    this.auth = auth;
    this.clock = clock;
    this.http = new BoundedPost(settings);
  }

  /**
   * An introspector for the endpoint at {@code endpoint}: the issuer's {@code
   * introspection_endpoint} metadata, or a configured URL.
   *
   * @param clock the time of private_key_jwt assertions
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code endpoint} is not an absolute https URL (or http to a
   *     loopback host, or anywhere with {@link IntrospectionHttpSettings#allowInsecureHttp()})
   */
  public static NimbusTokenIntrospector create(
      URI endpoint, IntrospectionClientAuth auth, IntrospectionHttpSettings settings, Clock clock) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    Optional<String> problem = LoopbackHosts.problem(endpoint, settings.allowInsecureHttp());
    if (problem.isPresent()) {
      throw new IllegalArgumentException(
          "The introspection endpoint " + endpoint + " " + problem.get());
    }
    return new NimbusTokenIntrospector(endpoint, auth, settings, clock);
  }

  /** The endpoint asked. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public IntrospectionResult introspect(BearerToken token) {
    Objects.requireNonNull(token, "token");
    if (token.value().isBlank()) {
      // Nimbus refuses a blank token, and no issuer issues one.
      return IntrospectionResult.Inactive.INSTANCE;
    }
    HTTPRequest request =
        new TokenIntrospectionRequest(
                endpoint, auth.next(clock), new TypelessAccessToken(token.value()))
            .toHTTPRequest();
    BoundedPost.Outcome outcome = http.post(endpoint, request.getHeaderMap(), request.getBody());
    if (outcome instanceof BoundedPost.Outcome.Failure failure) {
      return unavailable(failure.reason(), failure.description(), Optional.empty());
    }
    return judge((BoundedPost.Outcome.Answer) outcome);
  }

  private IntrospectionResult judge(BoundedPost.Outcome.Answer answer) {
    if (answer.status() >= 300 && answer.status() < 400) {
      return unavailable(
          IntrospectionResult.Reason.ERROR_RESPONSE,
          "HTTP " + answer.status() + ", a redirect, which is not followed",
          Optional.empty());
    }
    HTTPResponse response = new HTTPResponse(answer.status());
    answer.contentType().ifPresent(type -> response.setHeader("Content-Type", type));
    response.setBody(answer.body());
    TokenIntrospectionResponse parsed;
    try {
      parsed = TokenIntrospectionResponse.parse(response);
    } catch (ParseException | RuntimeException e) {
      // A 200 that is no introspection answer, or an error status without an error object.
      return answer.status() == 200
          ? unavailable(
              IntrospectionResult.Reason.MALFORMED_RESPONSE,
              "HTTP 200 but not an RFC 7662 answer ("
                  + answer.contentType().orElse("no content type")
                  + "): "
                  + e.getMessage(),
              Optional.empty())
          : unavailable(
              IntrospectionResult.Reason.ERROR_RESPONSE,
              "HTTP " + answer.status(),
              answer.retryAfter());
    }
    if (parsed instanceof TokenIntrospectionSuccessResponse success) {
      return success.isActive()
          ? new IntrospectionResult.Active(success.getParameters())
          : IntrospectionResult.Inactive.INSTANCE;
    }
    ErrorObject error = ((TokenIntrospectionErrorResponse) parsed).getErrorObject();
    if (answer.status() == 400 && "unsupported_token_type".equals(error.getCode())) {
      return IntrospectionResult.Inactive.INSTANCE;
    }
    String hint =
        "invalid_client".equals(error.getCode())
            ? " (the issuer refused this resource server's client credentials)"
            : "";
    return unavailable(
        IntrospectionResult.Reason.ERROR_RESPONSE,
        "HTTP " + answer.status() + (error.getCode() == null ? "" : " " + error.getCode()) + hint,
        answer.retryAfter());
  }

  private IntrospectionResult.Unavailable unavailable(
      IntrospectionResult.Reason reason, String description, Optional<String> retryAfter) {
    long now = clock.millis();
    long last = lastWarningMillis.get();
    String message = "Token introspection at {} failed ({}): {}";
    if ((last == Long.MIN_VALUE || now - last >= WARN_INTERVAL_MILLIS)
        && lastWarningMillis.compareAndSet(last, now)) {
      LOG.warn(message, endpoint, reason.label(), description);
    } else {
      LOG.debug(message, endpoint, reason.label(), description);
    }
    return new IntrospectionResult.Unavailable(reason, retryAfter(retryAfter));
  }

  /** The endpoint's {@code Retry-After} in seconds, kept between 1 and 60 s, else 5 s. */
  private static Duration retryAfter(Optional<String> header) {
    if (header.isPresent()) {
      try {
        long seconds = Long.parseLong(header.get().strip());
        return Duration.ofSeconds(Math.max(1, Math.min(MAX_RETRY_AFTER.toSeconds(), seconds)));
      } catch (NumberFormatException e) {
        // An HTTP date, or garbage: the default.
      }
    }
    return DEFAULT_RETRY_AFTER;
  }

  @Override
  public String toString() {
    return "NimbusTokenIntrospector[" + endpoint + ", " + auth + "]";
  }
}
