package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RejectionTest {

  @Test
  void of_code_uses_the_default_message_and_no_scopes() {
    Rejection rejection = Rejection.of(RejectionCode.TOKEN_EXPIRED);

    assertThat(rejection.code()).isEqualTo(RejectionCode.TOKEN_EXPIRED);
    assertThat(rejection.message()).isEqualTo("Token expired");
    assertThat(rejection.challengeScopes()).isEmpty();
    assertThat(rejection.httpStatus()).isEqualTo(401);
  }

  @Test
  void of_code_and_message_keeps_the_message() {
    Rejection rejection = Rejection.of(RejectionCode.CLAIMS_MALFORMED, "exp is not a number");

    assertThat(rejection.message()).isEqualTo("exp is not a number");
    assertThat(rejection.httpStatus()).isEqualTo(401);
  }

  @Test
  void the_status_follows_the_code() {
    assertThat(Rejection.of(RejectionCode.EMPTY_TOKEN).httpStatus()).isEqualTo(400);
    assertThat(Rejection.of(RejectionCode.INSUFFICIENT_SCOPE).httpStatus()).isEqualTo(403);
    assertThat(Rejection.of(RejectionCode.NO_CREDENTIALS).httpStatus()).isEqualTo(401);
  }

  @Test
  void challenge_scopes_keep_their_order_and_are_a_copy() {
    Set<Scope> scopes = new LinkedHashSet<>(List.of(new Scope("b"), new Scope("a")));
    Rejection rejection = new Rejection(RejectionCode.INSUFFICIENT_SCOPE, "m", scopes);

    scopes.add(new Scope("c"));

    assertThat(rejection.challengeScopes()).containsExactly(new Scope("b"), new Scope("a"));
    assertThatThrownBy(() -> rejection.challengeScopes().add(new Scope("d")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nulls_are_refused() {
    assertThatNullPointerException().isThrownBy(() -> new Rejection(null, "m", Set.of()));
    assertThatNullPointerException()
        .isThrownBy(() -> new Rejection(RejectionCode.TOKEN_EXPIRED, null, Set.of()));
    assertThatNullPointerException()
        .isThrownBy(() -> new Rejection(RejectionCode.TOKEN_EXPIRED, "m", null));
  }
}
