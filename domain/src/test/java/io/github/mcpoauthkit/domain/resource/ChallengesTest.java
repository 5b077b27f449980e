package io.github.mcpoauthkit.domain.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.domain.token.AuthorizationScheme;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The challenges of RFC 9449 §7.1 and §7.2 (Figures 15 to 19), rendered byte for byte. */
class ChallengesTest {

  private static final String METADATA =
      "https://mcp.example/.well-known/oauth-protected-resource/mcp";
  private static final Set<String> ALGS = new LinkedHashSet<>(List.of("ES256", "PS256"));
  private static final Optional<AuthorizationScheme> BEARER =
      Optional.of(AuthorizationScheme.BEARER);
  private static final Optional<AuthorizationScheme> DPOP = Optional.of(AuthorizationScheme.DPOP);

  private static String render(
      Rejection rejection, DPoPPolicy.Mode mode, Optional<AuthorizationScheme> presented) {
    return Challenges.render(METADATA, rejection, Set.of(), mode, ALGS, presented);
  }

  private static final String M = "resource_metadata=\"" + METADATA + "\"";

  @Test
  void with_dpop_off_it_is_the_bearer_challenge_alone_as_before() {
    assertThat(
            render(
                Rejection.of(RejectionCode.NO_CREDENTIALS), DPoPPolicy.Mode.OFF, Optional.empty()))
        .isEqualTo("Bearer " + M);
    assertThat(render(Rejection.of(RejectionCode.TOKEN_EXPIRED), DPoPPolicy.Mode.OFF, DPOP))
        .isEqualTo(
            "Bearer " + M + ", error=\"invalid_token\", error_description=\"Token expired\"");
  }

  @Test
  void a_token_outside_the_header_is_told_in_both_challenges() {
    assertThat(
            render(
                Rejection.of(RejectionCode.TOKEN_OUTSIDE_HEADER),
                DPoPPolicy.Mode.ALLOWED,
                Optional.empty()))
        .containsPattern(
            "^Bearer [^,]+, error=\"invalid_request\", [^,]+, DPoP [^,]+,"
                + " error=\"invalid_request\"");
  }

  @Test
  void no_credentials_offers_both_schemes_without_an_error() {
    // RFC 9449 Figure 17, with this resource's metadata.
    assertThat(
            render(
                Rejection.of(RejectionCode.NO_CREDENTIALS),
                DPoPPolicy.Mode.ALLOWED,
                Optional.empty()))
        .isEqualTo("Bearer " + M + ", DPoP " + M + ", algs=\"ES256 PS256\"");
  }

  @Test
  void a_token_error_goes_into_the_challenge_of_the_scheme_used() {
    Rejection expired = Rejection.of(RejectionCode.TOKEN_EXPIRED);
    String error = ", error=\"invalid_token\", error_description=\"Token expired\"";

    // RFC 9449 Figure 18: the mechanism is unambiguous, the error is in its challenge only.
    assertThat(render(expired, DPoPPolicy.Mode.ALLOWED, BEARER))
        .isEqualTo("Bearer " + M + error + ", DPoP " + M + ", algs=\"ES256 PS256\"");
    assertThat(render(expired, DPoPPolicy.Mode.ALLOWED, DPOP))
        .isEqualTo("Bearer " + M + ", DPoP " + M + error + ", algs=\"ES256 PS256\"");
  }

  @Test
  void a_proof_error_is_in_the_dpop_challenge() {
    assertThat(
            render(Rejection.of(RejectionCode.DPOP_PROOF_SIGNATURE), DPoPPolicy.Mode.ALLOWED, DPOP))
        .isEqualTo(
            "Bearer "
                + M
                + ", DPoP "
                + M
                + ", error=\"invalid_dpop_proof\", error_description=\"DPoP proof signature invalid\","
                + " algs=\"ES256 PS256\"");
  }

  @Test
  void the_key_binding_failure_reads_as_rfc_9449_figure_16() {
    assertThat(render(Rejection.of(RejectionCode.DPOP_KEY_MISMATCH), DPoPPolicy.Mode.ALLOWED, DPOP))
        .endsWith(
            "DPoP "
                + M
                + ", error=\"invalid_token\", error_description=\"Invalid DPoP key binding\","
                + " algs=\"ES256 PS256\"");
  }

  @Test
  void a_bound_token_sent_as_bearer_is_told_in_the_bearer_challenge() {
    assertThat(
            render(Rejection.of(RejectionCode.SENDER_CONSTRAINED), DPoPPolicy.Mode.ALLOWED, BEARER))
        .startsWith("Bearer " + M + ", error=\"invalid_token\"")
        .endsWith(", DPoP " + M + ", algs=\"ES256 PS256\"");
  }

  @Test
  void two_credentials_at_once_are_told_in_both_challenges() {
    // RFC 9449 Figure 19.
    String error =
        ", error=\"invalid_request\", error_description=\"The request carries more than one"
            + " Authorization credential\"";

    assertThat(
            render(
                Rejection.of(RejectionCode.MULTIPLE_CREDENTIALS), DPoPPolicy.Mode.ALLOWED, BEARER))
        .isEqualTo("Bearer " + M + error + ", DPoP " + M + error + ", algs=\"ES256 PS256\"");
  }

  @Test
  void with_dpop_required_only_the_dpop_challenge_is_offered_and_carries_every_error() {
    assertThat(
            render(
                Rejection.of(RejectionCode.NO_CREDENTIALS),
                DPoPPolicy.Mode.REQUIRED,
                Optional.empty()))
        .isEqualTo("DPoP " + M + ", algs=\"ES256 PS256\"");
    assertThat(render(Rejection.of(RejectionCode.DPOP_REQUIRED), DPoPPolicy.Mode.REQUIRED, BEARER))
        .isEqualTo(
            "DPoP "
                + M
                + ", error=\"invalid_token\", error_description=\"DPoP-bound access tokens are"
                + " required\", algs=\"ES256 PS256\"");
    assertThat(render(Rejection.of(RejectionCode.TOKEN_EXPIRED), DPoPPolicy.Mode.REQUIRED, BEARER))
        .contains("error=\"invalid_token\"");
  }

  @Test
  void scopes_are_in_both_challenges_and_the_insufficient_scope_error_in_the_one_used() {
    Rejection rejection =
        new Rejection(
            RejectionCode.INSUFFICIENT_SCOPE,
            "Insufficient scope: requires b",
            new LinkedHashSet<>(List.of(new Scope("a"), new Scope("b"))));

    String rendered = render(rejection, DPoPPolicy.Mode.ALLOWED, DPOP);

    assertThat(rendered)
        .isEqualTo(
            "Bearer "
                + M
                + ", scope=\"a b\", DPoP "
                + M
                + ", scope=\"a b\", error=\"insufficient_scope\","
                + " error_description=\"Insufficient scope: requires b\", algs=\"ES256 PS256\"");
  }
}
