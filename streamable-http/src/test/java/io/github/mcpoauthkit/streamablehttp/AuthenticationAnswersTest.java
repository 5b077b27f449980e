package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.ParsedClaims;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.TokenClaims;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.domain.token.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthenticationAnswersTest {

  private static final String METADATA =
      "http://localhost:3000/.well-known/oauth-protected-resource/mcp";

  private final AuthenticationAnswers answers =
      new AuthenticationAnswers(new ResourceUrl("http://localhost:3000/mcp"), Set.of());

  @Test
  void no_credentials_get_401_with_resource_metadata_and_no_error_parameter() {
    HttpAnswer answer =
        answers.answer(Verdict.rejected(RejectionCode.NO_CREDENTIALS)).orElseThrow();

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.headers())
        .containsEntry("WWW-Authenticate", "Bearer resource_metadata=\"" + METADATA + "\"");
    assertThat(answer.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(answer.bodyText())
        .isEqualTo("{\"error_description\":\"No bearer token in the Authorization header\"}");
  }

  @Test
  void an_expired_token_gets_401_invalid_token_with_the_seed_phrase_in_header_and_body() {
    HttpAnswer answer = answers.answer(Verdict.rejected(RejectionCode.TOKEN_EXPIRED)).orElseThrow();

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.headers().get("WWW-Authenticate"))
        .isEqualTo(
            "Bearer resource_metadata=\""
                + METADATA
                + "\", error=\"invalid_token\", error_description=\"Token expired\"");
    assertThat(answer.bodyText())
        .isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"Token expired\"}");
  }

  @Test
  void insufficient_scope_gets_403_with_granted_plus_needed_scopes() {
    Rejection rejection =
        new Rejection(
            RejectionCode.INSUFFICIENT_SCOPE,
            "Insufficient scope: requires b",
            new java.util.LinkedHashSet<>(java.util.List.of(new Scope("a"), new Scope("b"))));

    HttpAnswer answer = answers.answer(new Verdict.Rejected(rejection)).orElseThrow();

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.headers().get("WWW-Authenticate"))
        .contains("error=\"insufficient_scope\"")
        .contains("scope=\"a b\"")
        .contains("resource_metadata=\"" + METADATA + "\"");
  }

  @Test
  void a_malformed_request_gets_400_invalid_request() {
    HttpAnswer answer =
        answers.answer(Verdict.rejected(RejectionCode.MULTIPLE_CREDENTIALS)).orElseThrow();

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.headers().get("WWW-Authenticate")).contains("error=\"invalid_request\"");
  }

  @Test
  void required_scopes_are_advertised_in_the_challenge() {
    AuthenticationAnswers scoped =
        new AuthenticationAnswers(
            new ResourceUrl("http://localhost:3000/mcp"), Set.of(new Scope("mcp:tools")));

    HttpAnswer answer = scoped.answer(Verdict.rejected(RejectionCode.NO_CREDENTIALS)).orElseThrow();

    assertThat(answer.headers().get("WWW-Authenticate"))
        .isEqualTo("Bearer resource_metadata=\"" + METADATA + "\", scope=\"mcp:tools\"");
  }

  @Test
  void an_undecided_verdict_gets_503_with_retry_after_not_401() {
    HttpAnswer answer =
        answers
            .answer(new Verdict.Undecided("Signing keys unavailable", Duration.ofMillis(2500)))
            .orElseThrow();

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.headers()).containsEntry("Retry-After", "2");
    assertThat(answer.headers()).doesNotContainKey("WWW-Authenticate");
    assertThat(answer.bodyText()).contains("temporarily_unavailable");
  }

  @Test
  void an_accepted_verdict_lets_the_request_through() {
    TokenClaims claims =
        ((ParsedClaims.Valid)
                TokenClaims.parse(Map.of("iss", "https://i", "sub", "s", "exp", 4_102_444_800L)))
            .claims();
    VerifiedToken token =
        new VerifiedToken(
            new Issuer("https://i"), "s", Instant.ofEpochSecond(4_102_444_800L), claims);

    assertThat(answers.answer(new Verdict.Accepted(token))).isEmpty();
  }
}
