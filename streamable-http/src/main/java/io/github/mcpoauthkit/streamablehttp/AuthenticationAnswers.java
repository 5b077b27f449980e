package io.github.mcpoauthkit.streamablehttp;

import io.github.mcpoauthkit.domain.resource.Challenges;
import io.github.mcpoauthkit.domain.resource.ErrorDocument;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.AuthorizationScheme;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an authentication verdict into the HTTP answer of a protected resource (RFC 6750 §3, RFC
 * 9728 §5.1, RFC 9449 §7): 400, 401 or 403 with a {@code WWW-Authenticate} challenge that names the
 * resource metadata ({@code Bearer}, and {@code DPoP} when DPoP is on: {@link Challenges}), and 503
 * with {@code Retry-After} when no decision could be made. Every such answer also carries {@code
 * {"error":…,"error_description":…}}. Immutable and thread-safe.
 */
public final class AuthenticationAnswers {

  private static final Rejection NO_CREDENTIALS = Rejection.of(RejectionCode.NO_CREDENTIALS);

  private final String metadataUrl;
  private final Set<Scope> requiredScopes;
  private final DPoPPolicy.Mode dpopMode;
  private final Set<String> dpopAlgorithms;
  private final HttpAnswer noCredentials;

  /**
   * Answers with DPoP off: Bearer challenges only.
   *
   * @param resource the public URL of the MCP endpoint
   * @param requiredScopes the scopes every request needs, advertised in challenges
   */
  public AuthenticationAnswers(ResourceUrl resource, Set<Scope> requiredScopes) {
    this(resource, requiredScopes, DPoPPolicy.Mode.OFF, Set.of());
  }

  /**
   * @param resource the public URL of the MCP endpoint
   * @param requiredScopes the scopes every request needs, advertised in challenges
   * @param dpopMode whether DPoP is off, allowed or required, which decides the challenges
   * @param dpopAlgorithms the proof algorithms named in a {@code DPoP} challenge's {@code algs}
   */
  public AuthenticationAnswers(
      ResourceUrl resource,
      Set<Scope> requiredScopes,
      DPoPPolicy.Mode dpopMode,
      Set<String> dpopAlgorithms) {
    this.metadataUrl = Objects.requireNonNull(resource, "resource").metadataUrl();
    this.requiredScopes = Collections.unmodifiableSet(new LinkedHashSet<>(requiredScopes));
    this.dpopMode = Objects.requireNonNull(dpopMode, "dpopMode");
    this.dpopAlgorithms = Collections.unmodifiableSet(new LinkedHashSet<>(dpopAlgorithms));
    // The most frequent answer by far (every client starts without a token): rendered once.
    this.noCredentials = rejection(NO_CREDENTIALS, Optional.empty());
  }

  /**
   * The answer for a verdict that stops the request, whose {@code Authorization} header (if any)
   * was in no particular scheme.
   *
   * @return empty for {@link Verdict.Accepted}: the request proceeds
   */
  public Optional<HttpAnswer> answer(Verdict verdict) {
    return answer(verdict, Optional.empty());
  }

  /**
   * The answer for a verdict that stops the request.
   *
   * @param presented the scheme of the request's {@code Authorization} header, which decides which
   *     challenge carries a token's error (RFC 9449 §7.2)
   * @return empty for {@link Verdict.Accepted}: the request proceeds
   */
  public Optional<HttpAnswer> answer(Verdict verdict, Optional<AuthorizationScheme> presented) {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(presented, "presented");
    if (verdict instanceof Verdict.Rejected rejected) {
      Rejection rejection = rejected.rejection();
      return Optional.of(
          rejection.equals(NO_CREDENTIALS) ? noCredentials : rejection(rejection, presented));
    }
    if (verdict instanceof Verdict.Undecided undecided) {
      long seconds = Math.max(1, undecided.retryAfter().toSeconds());
      return Optional.of(
          HttpAnswer.json(
              503,
              Map.of("Retry-After", Long.toString(seconds)),
              errorBody("temporarily_unavailable", undecided.message())));
    }
    return Optional.empty();
  }

  private HttpAnswer rejection(Rejection rejection, Optional<AuthorizationScheme> presented) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(
        "WWW-Authenticate",
        Challenges.render(
            metadataUrl, rejection, requiredScopes, dpopMode, dpopAlgorithms, presented));
    rejection.dpopNonce().ifPresent(nonce -> headers.put("DPoP-Nonce", nonce));
    // Without credentials the challenge names no error (RFC 6750 §3.1), and neither does the body.
    String body =
        rejection
            .code()
            .errorClass()
            .map(errorClass -> errorBody(errorClass.code(), rejection.message()))
            .orElseGet(() -> ErrorDocument.describe(rejection.message()));
    return HttpAnswer.json(rejection.httpStatus(), headers, body);
  }

  private static String errorBody(String error, String description) {
    return ErrorDocument.render(error, description);
  }
}
