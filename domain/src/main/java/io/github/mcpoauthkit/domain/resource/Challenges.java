package io.github.mcpoauthkit.domain.resource;

import io.github.mcpoauthkit.domain.token.AuthorizationScheme;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code WWW-Authenticate} value of a refusal when DPoP may be on: a {@code Bearer} challenge,
 * a {@code DPoP} challenge, or both (RFC 9110 §11.6.1, RFC 9449 §7.1 and §7.2).
 *
 * <ul>
 *   <li>DPoP off: the {@link BearerChallenge} alone, exactly as without DPoP.
 *   <li>DPoP allowed: {@code Bearer …, DPoP …}, the Bearer challenge first (clients that read only
 *       the first challenge, such as the TypeScript SDK's, still find {@code resource_metadata}).
 *   <li>DPoP required: the {@code DPoP} challenge alone.
 * </ul>
 *
 * <p>The {@code DPoP} challenge carries the same {@code resource_metadata} and {@code scope} as the
 * Bearer one, then {@code algs} (RFC 9449 §7.1). The {@code error} goes into the challenge of the
 * scheme the client used (RFC 9449 §7.2, Figure 18): DPoP for every {@code dpop_*} code and for
 * token errors in the DPoP scheme, Bearer for a bound token sent as a bearer token and for token
 * errors in the Bearer scheme, both for two credentials at once (Figure 19), none for no
 * credentials (Figure 17).
 */
public final class Challenges {

  private Challenges() {}

  /**
   * Renders the challenges for {@code rejection}.
   *
   * @param resourceMetadataUrl the URL of this resource's protected resource metadata
   * @param rejection why the request was refused
   * @param requiredScopes the scopes every request needs, for {@code scope} when the rejection has
   *     no challenge scopes of its own
   * @param mode DPoP off, allowed or required
   * @param dpopAlgorithms the proof algorithms, for {@code algs}; ignored with DPoP off
   * @param presented the scheme of the request's {@code Authorization} header, if it had one
   * @throws NullPointerException if an argument is null
   */
  public static String render(
      String resourceMetadataUrl,
      Rejection rejection,
      Set<Scope> requiredScopes,
      DPoPPolicy.Mode mode,
      Set<String> dpopAlgorithms,
      Optional<AuthorizationScheme> presented) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(dpopAlgorithms, "dpopAlgorithms");
    Objects.requireNonNull(presented, "presented");
    BearerChallenge withError =
        BearerChallenge.forRejection(resourceMetadataUrl, rejection, requiredScopes);
    if (mode == DPoPPolicy.Mode.OFF) {
      return withError.render();
    }
    BearerChallenge withoutError =
        BearerChallenge.withoutError(
            resourceMetadataUrl,
            rejection.challengeScopes().isEmpty() ? requiredScopes : rejection.challengeScopes());
    Target target = target(rejection.code(), presented);
    StringBuilder out = new StringBuilder(320);
    if (mode == DPoPPolicy.Mode.ALLOWED) {
      out.append("Bearer ");
      (target == Target.BEARER || target == Target.BOTH ? withError : withoutError)
          .appendParams(out);
      out.append(", ");
    }
    out.append("DPoP ");
    boolean dpopError =
        target == Target.DPOP
            || target == Target.BOTH
            // Required: the DPoP challenge is the only one, so it carries every error.
            || mode == DPoPPolicy.Mode.REQUIRED;
    (dpopError ? withError : withoutError).appendParams(out);
    out.append(", algs=");
    BearerChallenge.quoted(out, String.join(" ", dpopAlgorithms));
    return out.toString();
  }

  private enum Target {
    BEARER,
    DPOP,
    BOTH
  }

  private static Target target(RejectionCode code, Optional<AuthorizationScheme> presented) {
    if (code == RejectionCode.MULTIPLE_CREDENTIALS || code == RejectionCode.TOKEN_OUTSIDE_HEADER) {
      return Target.BOTH;
    }
    if (code == RejectionCode.SENDER_CONSTRAINED) {
      return Target.BEARER;
    }
    if (code.code().startsWith("dpop_")) {
      return Target.DPOP;
    }
    return presented.orElse(AuthorizationScheme.BEARER) == AuthorizationScheme.DPOP
        ? Target.DPOP
        : Target.BEARER;
  }
}
