package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationPolicyTest {

  private static final Issuer ISSUER = new Issuer("https://issuer.example");
  private static final ValidationPolicy DEFAULT = ValidationPolicy.forIssuer(ISSUER);

  @Test
  void defaults() {
    assertThat(DEFAULT.issuer()).isEqualTo(ISSUER);
    assertThat(DEFAULT.audiences()).isEmpty();
    assertThat(DEFAULT.requiredScopes()).isEmpty();
    assertThat(DEFAULT.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(DEFAULT.acceptedTypes()).containsExactlyInAnyOrder("at+jwt", "jwt");
    assertThat(DEFAULT.typeRequired()).isFalse();
    assertThat(DEFAULT.algorithms())
        .containsExactly(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
            "EdDSA", "Ed25519")
        .doesNotContain("none", "HS256", "HS384", "HS512");
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, -60, 301, 3600})
  void a_negative_or_too_large_clock_skew_is_refused(long seconds) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DEFAULT.withClockSkew(Duration.ofSeconds(seconds)))
        .withMessageContaining("clock skew");
  }

  @Test
  void a_skew_just_past_five_minutes_is_refused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DEFAULT.withClockSkew(Duration.ofMinutes(5).plusNanos(1)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DEFAULT.withClockSkew(Duration.ofNanos(-1)));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 60, 299, 300})
  void a_skew_from_zero_to_five_minutes_is_kept(long seconds) {
    assertThat(DEFAULT.withClockSkew(Duration.ofSeconds(seconds)).clockSkew())
        .isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "HS256", "hs256", "Hs256", "HS384", "hs512"})
  void none_and_hmac_algorithms_can_never_be_allowed(String algorithm) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DEFAULT.withAlgorithms(Set.of("RS256", algorithm)))
        .withMessageContaining(algorithm);
  }

  @Test
  void an_empty_algorithm_list_is_refused() {
    assertThatIllegalArgumentException().isThrownBy(() -> DEFAULT.withAlgorithms(Set.of()));
  }

  @Test
  void an_algorithm_list_replaces_the_defaults_in_the_given_order() {
    ValidationPolicy policy =
        DEFAULT.withAlgorithms(new LinkedHashSet<>(List.of("ES256", "RS256")));

    assertThat(policy.algorithms()).containsExactly("ES256", "RS256");
    assertThatThrownBy(() -> policy.algorithms().add("HS256"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void empty_accepted_types_are_refused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DEFAULT.withAcceptedTypes(Set.of(), false));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DEFAULT.withAcceptedTypes(Set.of(), true));
  }

  @Test
  void accepted_types_are_normalized_to_lower_case_without_application_prefix() {
    ValidationPolicy policy =
        DEFAULT.withAcceptedTypes(
            new LinkedHashSet<>(List.of("application/AT+JWT", "JWT", "at+jwt")), true);

    assertThat(policy.acceptedTypes()).containsExactly("at+jwt", "jwt");
    assertThat(policy.typeRequired()).isTrue();
    assertThat(policy.acceptsType("AT+JWT")).isTrue();
    assertThat(policy.acceptsType("application/jwt")).isTrue();
    assertThat(policy.acceptsType("JOSE")).isFalse();
  }

  @Test
  void strict_access_token_type_accepts_only_a_present_at_jwt() {
    ValidationPolicy strict = DEFAULT.strictAccessTokenType();

    assertThat(strict.acceptedTypes()).containsExactly("at+jwt");
    assertThat(strict.typeRequired()).isTrue();
  }

  @Test
  void with_methods_return_new_policies_and_leave_the_original_unchanged() {
    ValidationPolicy changed =
        DEFAULT
            .withAudiences(Set.of(new Audience("https://mcp.example/mcp")))
            .withRequiredScopes(Set.of(new Scope("mcp")))
            .withClockSkew(Duration.ZERO)
            .strictAccessTokenType()
            .withAlgorithms(Set.of("ES256"));

    assertThat(changed.audiences()).containsExactly(new Audience("https://mcp.example/mcp"));
    assertThat(changed.requiredScopes()).containsExactly(new Scope("mcp"));
    assertThat(changed.clockSkew()).isZero();
    assertThat(changed.typeRequired()).isTrue();
    assertThat(changed.algorithms()).containsExactly("ES256");
    assertThat(changed.issuer()).isEqualTo(ISSUER);

    assertThat(DEFAULT.audiences()).isEmpty();
    assertThat(DEFAULT.requiredScopes()).isEmpty();
    assertThat(DEFAULT.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(DEFAULT.typeRequired()).isFalse();
    assertThat(DEFAULT.algorithms()).hasSize(11);
  }

  @Test
  void audiences_and_scopes_are_copied_and_unmodifiable() {
    Set<Audience> audiences = new HashSet<>(Set.of(new Audience("a")));
    Set<Scope> scopes = new HashSet<>(Set.of(new Scope("s")));
    ValidationPolicy policy = DEFAULT.withAudiences(audiences).withRequiredScopes(scopes);

    audiences.add(new Audience("b"));
    scopes.add(new Scope("t"));

    assertThat(policy.audiences()).containsExactly(new Audience("a"));
    assertThat(policy.requiredScopes()).containsExactly(new Scope("s"));
    assertThatThrownBy(() -> policy.audiences().add(new Audience("c")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> policy.requiredScopes().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void an_empty_audience_set_switches_the_check_off() {
    ValidationPolicy policy =
        DEFAULT
            .withAudiences(Set.of(new Audience("https://mcp.example/mcp")))
            .withAudiences(Set.of());

    assertThat(policy.audiences()).isEmpty();
  }

  @Test
  void nulls_are_programmer_errors() {
    assertThatNullPointerException().isThrownBy(() -> ValidationPolicy.forIssuer(null));
    assertThatNullPointerException().isThrownBy(() -> DEFAULT.withAudiences(null));
    assertThatNullPointerException()
        .isThrownBy(() -> DEFAULT.withAudiences(new HashSet<>(Arrays.asList((Audience) null))));
    assertThatNullPointerException().isThrownBy(() -> DEFAULT.withRequiredScopes(null));
    assertThatNullPointerException().isThrownBy(() -> DEFAULT.withClockSkew(null));
    assertThatNullPointerException().isThrownBy(() -> DEFAULT.withAcceptedTypes(null, false));
    assertThatNullPointerException().isThrownBy(() -> DEFAULT.withAlgorithms(null));
  }
}
