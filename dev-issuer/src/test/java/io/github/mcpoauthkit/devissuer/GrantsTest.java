package io.github.mcpoauthkit.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Codes and refresh token families with a fixed time, no I/O. */
class GrantsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  private static final Grants.Approval APPROVAL =
      new Grants.Approval(
          "client",
          URI.create("http://127.0.0.1/cb"),
          true,
          CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()),
          "http://localhost:3000/mcp",
          "mcp:tools",
          "dev-user");

  private final Grants grants = new Grants();

  @Test
  void a_code_is_redeemed_once() {
    String code = grants.issueCode(APPROVAL, NOW);

    assertThat(grants.redeemCode(code, NOW)).isInstanceOf(Grants.Redeemed.class);
    assertThat(grants.redeemCode(code, NOW)).isInstanceOf(Grants.Refused.class);
    assertThat(grants.redeemCode("unknown", NOW)).isInstanceOf(Grants.Refused.class);
  }

  @Test
  void a_code_expires_after_its_lifetime_and_not_before() {
    String fresh = grants.issueCode(APPROVAL, NOW);
    String stale = grants.issueCode(APPROVAL, NOW);

    assertThat(grants.redeemCode(fresh, NOW.plus(Grants.CODE_LIFETIME).minusMillis(1)))
        .isInstanceOf(Grants.Redeemed.class);
    assertThat(grants.redeemCode(stale, NOW.plus(Grants.CODE_LIFETIME)))
        .isInstanceOf(Grants.Refused.class);
  }

  @Test
  void refreshing_rotates_and_a_replayed_code_revokes_the_family() {
    String code = grants.issueCode(APPROVAL, NOW);
    Grants.Redeemed redeemed = (Grants.Redeemed) grants.redeemCode(code, NOW);
    String first = grants.issueRefreshToken(redeemed.family(), NOW);
    Grants.Rotated rotated = (Grants.Rotated) grants.refresh(first, "client", NOW);
    assertThat(rotated.refreshToken()).isNotEqualTo(first);

    grants.redeemCode(code, NOW);

    assertThat(grants.refresh(rotated.refreshToken(), "client", NOW))
        .isInstanceOf(Grants.Refused.class);
  }

  @Test
  void a_reused_refresh_token_revokes_the_newest_one_too() {
    Grants.Redeemed redeemed =
        (Grants.Redeemed) grants.redeemCode(grants.issueCode(APPROVAL, NOW), NOW);
    String first = grants.issueRefreshToken(redeemed.family(), NOW);
    String second = ((Grants.Rotated) grants.refresh(first, "client", NOW)).refreshToken();

    assertThat(grants.refresh(first, "client", NOW)).isInstanceOf(Grants.Refused.class);
    assertThat(grants.refresh(second, "client", NOW)).isInstanceOf(Grants.Refused.class);
  }

  @Test
  void a_refresh_token_expires_and_belongs_to_its_client() {
    Grants.Redeemed redeemed =
        (Grants.Redeemed) grants.redeemCode(grants.issueCode(APPROVAL, NOW), NOW);
    String token = grants.issueRefreshToken(redeemed.family(), NOW);

    assertThat(grants.refresh(token, "other", NOW)).isInstanceOf(Grants.Refused.class);
    assertThat(grants.refresh(token, "client", NOW.plus(Grants.REFRESH_LIFETIME)))
        .isInstanceOf(Grants.Refused.class);
  }
}
