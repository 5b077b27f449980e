package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifiedTokenTest {

  private static final Issuer ISSUER = new Issuer("https://issuer.example");
  private static final Instant EXP = Instant.parse("2026-01-01T00:05:00Z");

  @Test
  void client_id_and_scopes_come_from_the_claims() {
    TokenClaims claims =
        TokenClaimsTest.valid(Map.of("sub", "u", "client_id", "c-1", "scope", "read write"));
    VerifiedToken token = new VerifiedToken(ISSUER, "u", EXP, claims);

    assertThat(token.clientId()).contains("c-1");
    assertThat(token.scopes()).containsExactly(new Scope("read"), new Scope("write"));
  }

  @Test
  void nulls_are_refused() {
    TokenClaims claims = TokenClaimsTest.valid(Map.of());
    assertThatNullPointerException().isThrownBy(() -> new VerifiedToken(null, "u", EXP, claims));
    assertThatNullPointerException().isThrownBy(() -> new VerifiedToken(ISSUER, null, EXP, claims));
    assertThatNullPointerException().isThrownBy(() -> new VerifiedToken(ISSUER, "u", null, claims));
    assertThatNullPointerException().isThrownBy(() -> new VerifiedToken(ISSUER, "u", EXP, null));
  }
}
