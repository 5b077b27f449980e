package io.github.mcpoauthkit.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mcpoauthkit.domain.token.Audience;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code --dev} and {@code OAUTH_DEV} change in the configuration. */
class KitConfigDevTest {

  private static KitConfig load(Map<String, String> environment, boolean devFlag) {
    return KitConfig.load(ConfigSource.of(Map.of(), environment), devFlag);
  }

  @Test
  void dev_mode_needs_no_issuer_and_checks_the_resource_url_as_audience() {
    KitConfig config = load(Map.of("PORT", "4321"), true);

    assertThat(config.dev()).isTrue();
    assertThat(config.issuer()).isEmpty();
    assertThat(config.audiences()).containsExactly(new Audience("http://localhost:4321/mcp"));
  }

  @Test
  void oauth_dev_true_is_the_same_as_the_flag() {
    KitConfig config =
        load(Map.of("OAUTH_DEV", "true", "MCP_PUBLIC_URL", "http://127.0.0.1:9/x"), false);

    assertThat(config.dev()).isTrue();
    assertThat(config.audiences()).containsExactly(new Audience("http://127.0.0.1:9/x"));
  }

  @Test
  void dev_mode_stops_without_a_drain_unless_one_is_set() {
    assertThat(load(Map.of(), true).shutdownDrain()).isZero();
    assertThat(load(Map.of("SHUTDOWN_DRAIN", "3s"), true).shutdownDrain())
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void a_configured_audience_wins_in_dev_mode() {
    KitConfig config = load(Map.of("OAUTH_AUDIENCE", "api://mine"), true);

    assertThat(config.audiences()).containsExactly(new Audience("api://mine"));
  }

  @Test
  void without_dev_mode_an_unset_audience_stays_unchecked() {
    KitConfig config = load(Map.of("OAUTH_ISSUER_URL", "https://issuer.example"), false);

    assertThat(config.audiences()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost", "::1", "127.0.0.2"})
  void dev_mode_runs_on_loopback(String host) {
    assertThat(load(Map.of("HOST", host), true).bindsLoopback()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "192.0.2.10"})
  void dev_mode_refuses_a_host_that_is_not_loopback(String host) {
    assertThatThrownBy(() -> load(Map.of("HOST", host), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HOST '" + host + "' is not a loopback address")
        .hasMessageContaining("--dev");
  }

  @Test
  void without_dev_mode_any_host_is_fine() {
    assertThat(
            load(Map.of("OAUTH_ISSUER_URL", "https://issuer.example", "HOST", "0.0.0.0"), false)
                .host())
        .isEqualTo("0.0.0.0");
  }

  @Test
  void dev_mode_refuses_an_issuer_url() {
    assertThatThrownBy(() -> load(Map.of("OAUTH_ISSUER_URL", "https://issuer.example"), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OAUTH_ISSUER_URL and --dev/OAUTH_DEV exclude each other");
  }

  @Test
  void the_development_issuer_port_is_a_free_one_unless_set() {
    assertThat(load(Map.of(), true).devIssuerPort()).isZero();
    assertThat(load(Map.of("OAUTH_DEV_ISSUER_PORT", "9400"), true).devIssuerPort()).isEqualTo(9400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "65536"})
  void a_development_issuer_port_out_of_range_is_refused(String port) {
    assertThatThrownBy(() -> load(Map.of("OAUTH_DEV_ISSUER_PORT", port), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "OAUTH_DEV_ISSUER_PORT " + port + " is out of range; expected 0 to 65535");
  }

  @Test
  void the_development_user_is_dev_user_unless_set() {
    assertThat(load(Map.of(), true).devSubject()).isEqualTo("dev-user");
    assertThat(load(Map.of("OAUTH_DEV_SUBJECT", "alice@example.com"), true).devSubject())
        .isEqualTo("alice@example.com");
  }

  @Test
  void client_id_metadata_documents_are_on_unless_switched_off() {
    assertThat(load(Map.of(), true).devClientMetadataDocuments()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"off", "OFF", "false", "no", "0", " off "})
  void client_id_metadata_documents_can_be_switched_off(String value) {
    assertThat(
            load(Map.of("OAUTH_DEV_CLIENT_METADATA_DOCUMENTS", value), true)
                .devClientMetadataDocuments())
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"on", "On", "true", "yes", "1"})
  void client_id_metadata_documents_can_be_switched_on_explicitly(String value) {
    assertThat(
            load(Map.of("OAUTH_DEV_CLIENT_METADATA_DOCUMENTS", value), true)
                .devClientMetadataDocuments())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"disabled", "of", "loopback"})
  void a_client_id_metadata_documents_value_that_is_not_a_boolean_is_refused(String value) {
    assertThatThrownBy(() -> load(Map.of("OAUTH_DEV_CLIENT_METADATA_DOCUMENTS", value), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "OAUTH_DEV_CLIENT_METADATA_DOCUMENTS '"
                + value
                + "' is not a boolean; use true or false");
  }

  @ParameterizedTest
  @ValueSource(strings = {"two words", "caf\u00e9"})
  void a_development_user_that_is_not_visible_ascii_is_refused(String subject) {
    assertThatThrownBy(() -> load(Map.of("OAUTH_DEV_SUBJECT", subject), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OAUTH_DEV_SUBJECT must be 1 to 255 visible ASCII characters");
  }
}
