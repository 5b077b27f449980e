package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerdictTest {

  @Test
  void undecided_carries_a_message_and_a_retry_delay() {
    Verdict.Undecided undecided =
        new Verdict.Undecided("Issuer keys unavailable", Duration.ofSeconds(30));

    assertThat(undecided.message()).isEqualTo("Issuer keys unavailable");
    assertThat(undecided.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(new Verdict.Undecided("m", Duration.ZERO).retryAfter()).isZero();
  }

  @Test
  void undecided_refuses_a_negative_retry_delay() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Verdict.Undecided("m", Duration.ofSeconds(-1)));
  }

  @Test
  void shorthands_build_rejected_verdicts() {
    assertThat(Verdict.rejected(RejectionCode.TOKEN_EXPIRED))
        .isEqualTo(new Verdict.Rejected(Rejection.of(RejectionCode.TOKEN_EXPIRED)));
    assertThat(Verdict.rejected(RejectionCode.CLAIMS_MALFORMED, "x"))
        .isEqualTo(new Verdict.Rejected(Rejection.of(RejectionCode.CLAIMS_MALFORMED, "x")));
  }

  @Test
  void nulls_are_refused() {
    assertThatNullPointerException().isThrownBy(() -> new Verdict.Accepted(null));
    assertThatNullPointerException().isThrownBy(() -> new Verdict.Rejected(null));
    assertThatNullPointerException().isThrownBy(() -> new Verdict.Undecided(null, Duration.ZERO));
    assertThatNullPointerException().isThrownBy(() -> new Verdict.Undecided("m", null));
  }
}
