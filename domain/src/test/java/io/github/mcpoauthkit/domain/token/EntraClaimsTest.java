package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Microsoft Entra ID's token shapes: {@code scp} as a string, app roles in {@code roles} counted as
 * scopes only where the policy says so, the client in {@code azp} (v2) or {@code appid} (v1).
 */
class EntraClaimsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISSUER = "https://login.microsoftonline.com/tid/v2.0";
  private static final String API_APP = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
  private static final JoseHeader HEADER = JoseHeader.withAlgorithm("RS256").withType("JWT");

  private static final ValidationPolicy POLICY =
      ValidationPolicy.forIssuer(new Issuer(ISSUER))
          .withAudiences(Set.of(new Audience(API_APP)))
          .withRequiredScopes(Set.of(new Scope("Mcp.Tools")));

  private static TokenClaims claims(Map<String, Object> extra) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("iss", ISSUER);
    json.put("sub", "oid-of-the-app");
    json.put("aud", API_APP);
    json.put("exp", NOW.plusSeconds(300).getEpochSecond());
    json.put("ver", "2.0");
    json.putAll(extra);
    return TokenClaimsTest.valid(json);
  }

  @Test
  void an_app_only_token_with_the_role_passes_only_where_roles_count() {
    TokenClaims appOnly = claims(Map.of("roles", List.of("Mcp.Tools"), "azp", "client-app"));

    Verdict byDefault = new TokenRules(POLICY).evaluate(HEADER, appOnly, NOW);
    Verdict withRoles =
        new TokenRules(POLICY.withScopeClaims(EnumSet.allOf(ScopeClaim.class)))
            .evaluate(HEADER, appOnly, NOW);

    assertThat(new TokenRules(POLICY).authorize(((Verdict.Accepted) byDefault).token(), Set.of()))
        .isInstanceOf(Verdict.Rejected.class)
        .extracting(verdict -> ((Verdict.Rejected) verdict).rejection().code())
        .isEqualTo(RejectionCode.INSUFFICIENT_SCOPE);
    assertThat(
            new TokenRules(POLICY.withScopeClaims(EnumSet.allOf(ScopeClaim.class)))
                .authorize(((Verdict.Accepted) withRoles).token(), Set.of()))
        .isInstanceOf(Verdict.Accepted.class);
    assertThat(appOnly.clientId()).contains("client-app");
  }

  @Test
  void a_delegated_token_carries_scp_as_a_string_and_roles_are_kept_apart() {
    TokenClaims delegated =
        claims(Map.of("scp", "Mcp.Tools Mcp.Read", "roles", List.of("Admin", "not a scope")));

    assertThat(delegated.scopes()).containsExactly(new Scope("Mcp.Tools"), new Scope("Mcp.Read"));
    assertThat(delegated.scopes(EnumSet.of(ScopeClaim.ROLES))).containsExactly(new Scope("Admin"));
    assertThat(delegated.scopes(EnumSet.allOf(ScopeClaim.class)))
        .containsExactly(new Scope("Mcp.Tools"), new Scope("Mcp.Read"), new Scope("Admin"));
    assertThat(delegated.scopes(ScopeClaim.DEFAULT)).isSameAs(delegated.scopes());
  }

  @Test
  void a_v1_token_names_its_client_in_appid_and_client_id_or_azp_win_over_it() {
    assertThat(claims(Map.of("appid", "v1-client")).clientId()).contains("v1-client");
    assertThat(claims(Map.of("appid", "v1-client", "azp", "v2-client")).clientId())
        .contains("v2-client");
    assertThat(claims(Map.of("appid", "v1-client", "client_id", "rfc9068")).clientId())
        .contains("rfc9068");
  }

  @Test
  void roles_that_are_not_an_array_of_strings_grant_nothing_and_refuse_nothing() {
    TokenClaims odd = claims(Map.of("roles", "Mcp.Tools", "scp", "Mcp.Read"));

    assertThat(odd.scopes(EnumSet.allOf(ScopeClaim.class))).containsExactly(new Scope("Mcp.Read"));
  }

  @Test
  void a_policy_without_any_scope_claim_is_refused() {
    assertThatThrownBy(() -> POLICY.withScopeClaims(Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
