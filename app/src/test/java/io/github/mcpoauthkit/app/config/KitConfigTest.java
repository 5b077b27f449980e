package io.github.mcpoauthkit.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mcpoauthkit.adapter.nimbus.HttpSettings;
import io.github.mcpoauthkit.adapter.nimbus.KeySetSettings;
import io.github.mcpoauthkit.application.CacheSettings;
import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.domain.token.ScopeClaim;
import io.github.mcpoauthkit.domain.token.ScopeHierarchy;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import io.github.mcpoauthkit.streamablehttp.ResourceServerSettings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KitConfigTest {

  private static final String ISSUER = "https://auth.example.com/realms/mcp";

  private static KitConfig load(Map<String, String> environment) {
    Map<String, String> all = new HashMap<>(environment);
    all.putIfAbsent("OAUTH_ISSUER_URL", ISSUER);
    return KitConfig.load(ConfigSource.of(Map.of(), all), false);
  }

  @Test
  void the_defaults_match_the_seed() {
    KitConfig config = load(Map.of());

    assertThat(config.port()).isEqualTo(3000);
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.resource().value()).isEqualTo("http://localhost:3000/mcp");
    assertThat(config.audiences()).isEmpty();
    assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.stateless()).isFalse();
    assertThat(config.features()).containsExactly("examples");
    assertThat(config.allowedOrigins())
        .containsExactly("http://localhost:3000", "http://127.0.0.1:3000");
    assertThat(config.bindsLoopback()).isTrue();
    assertThat(config.connectionIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void a_stop_drains_for_5s_and_lets_requests_finish_for_10s_unless_told_otherwise() {
    KitConfig defaults = load(Map.of());
    KitConfig configured = load(Map.of("SHUTDOWN_DRAIN", "30s", "SHUTDOWN_TIMEOUT", "1m"));

    assertThat(defaults.shutdownDrain()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(configured.shutdownDrain()).isEqualTo(Duration.ofSeconds(30));
    assertThat(configured.shutdownTimeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void the_connection_idle_timeout_is_read() {
    assertThat(load(Map.of("MCP_CONNECTION_IDLE_TIMEOUT", "15s")).connectionIdleTimeout())
        .isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void lists_scopes_and_tool_scopes_are_read() {
    KitConfig config =
        load(
            Map.of(
                "OAUTH_AUDIENCE", "https://mcp.example.com/mcp, api://mcp",
                "OAUTH_REQUIRED_SCOPES", "mcp:read mcp:write",
                "MCP_TOOL_SCOPES", "admin=mcp:admin;whoami=profile email",
                "PORT", "8080"));

    assertThat(config.audiences())
        .containsExactlyInAnyOrder(
            new Audience("https://mcp.example.com/mcp"), new Audience("api://mcp"));
    assertThat(config.requiredScopes())
        .containsExactly(new Scope("mcp:read"), new Scope("mcp:write"));
    assertThat(config.toolScopes())
        .containsEntry("admin", Set.of(new Scope("mcp:admin")))
        .containsEntry("whoami", Set.of(new Scope("profile"), new Scope("email")));
    assertThat(config.resource().value()).isEqualTo("http://localhost:8080/mcp");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "PORT|abc|PORT 'abc' is not a whole number",
        "PORT|70000|PORT 70000 is out of range",
        "OAUTH_CLOCK_SKEW|soon|OAUTH_CLOCK_SKEW 'soon' is not a duration",
        "OAUTH_CLOCK_SKEW|10m|the most allowed is 5m",
        "MCP_STATELESS|maybe|MCP_STATELESS 'maybe' is not a boolean",
        "MCP_PUBLIC_URL|mcp.example.com|MCP_PUBLIC_URL: 'mcp.example.com' is not a valid resource URL",
        "MCP_PUBLIC_URL|https://MCP.example.com/mcp|lowercase",
        "OAUTH_REQUIRED_SCOPES|a\"b|is not a valid scope",
        "MCP_TOOL_SCOPES|admin|is not tool=scope",
        "OAUTH_ISSUER_URL|not a url|OAUTH_ISSUER_URL",
        "MCP_CONNECTION_IDLE_TIMEOUT|0s|MCP_CONNECTION_IDLE_TIMEOUT '0s' is out of range",
        "MCP_CONNECTION_IDLE_TIMEOUT|2h|use a duration between 1ms and 1h",
        "SHUTDOWN_DRAIN|2h|SHUTDOWN_DRAIN '2h' is too long; the most allowed is 1h, e.g. 5s",
        "SHUTDOWN_TIMEOUT|soon|SHUTDOWN_TIMEOUT 'soon' is not a duration",
        "OTEL_EXPORTER_OTLP_ENDPOINT|localhost:4318|is not an http or https URL",
        "OTEL_EXPORTER_OTLP_ENDPOINT|ftp://collector|e.g. http://localhost:4318",
        "OTEL_EXPORTER_OTLP_PROTOCOL|grpc|OTEL_EXPORTER_OTLP_PROTOCOL 'grpc' is not supported",
        "OTEL_EXPORTER_OTLP_HEADERS|=x|OTEL_EXPORTER_OTLP_HEADERS has an entry that is not",
      })
  void a_bad_value_names_the_variable_and_the_accepted_form(
      String name, String value, String message) {
    assertThatThrownBy(() -> load(Map.of(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "9999999999999999h", "PT9999999999999999999H"})
  void a_duration_too_large_is_reported_as_not_a_duration(String text) {
    assertThatThrownBy(() -> load(Map.of("OAUTH_JWKS_CACHE_TTL", text)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OAUTH_JWKS_CACHE_TTL '" + text + "' is not a duration");
  }

  @Test
  void scope_hierarchies_are_chains_broader_first() {
    KitConfig config =
        load(Map.of("OAUTH_SCOPE_IMPLIES", "mcp:admin>mcp:write>mcp:read, files:all > files:read"));

    assertThat(config.scopeHierarchy().impliedBy(new Scope("mcp:admin")))
        .containsExactlyInAnyOrder(new Scope("mcp:write"), new Scope("mcp:read"));
    assertThat(config.scopeHierarchy().impliedBy(new Scope("files:all")))
        .containsExactly(new Scope("files:read"));
    assertThat(load(Map.of()).scopeHierarchy()).isSameAs(ScopeHierarchy.NONE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mcp:admin|'mcp:admin' is not a chain of scopes; expected e.g. 'mcp:admin>mcp:write>mcp:read'",
        "a>>b|'a>>b' is not a chain of scopes",
        "a b>c|'a b>c' is not a chain of scopes",
        "a>b,b>a|the scope hierarchy has a cycle: a>b>a"
      })
  void a_bad_scope_hierarchy_is_refused_saying_why(String value, String problem) {
    assertThatThrownBy(() -> load(Map.of("OAUTH_SCOPE_IMPLIES", value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OAUTH_SCOPE_IMPLIES: " + problem);
  }

  @Test
  void every_problem_is_reported_at_once() {
    assertThatThrownBy(() -> load(Map.of("PORT", "x", "MCP_STATELESS", "y")))
        .hasMessageContaining("PORT")
        .hasMessageContaining("MCP_STATELESS");
  }

  @Test
  void the_issuer_is_required_unless_in_dev_mode() {
    assertThatThrownBy(() -> KitConfig.load(ConfigSource.of(Map.of(), Map.of()), false))
        .hasMessageContaining("OAUTH_ISSUER_URL is required");
    assertThat(KitConfig.load(ConfigSource.of(Map.of(), Map.of()), true).dev()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"500ms,PT0.5S", "30s,PT30S", "30,PT30S", "5m,PT5M", "1h,PT1H", "PT2M,PT2M"})
  void durations_have_short_and_iso_forms(String text, String expected) {
    assertThat(Setting.parseDuration(text)).contains(Duration.parse(expected));
  }

  @Test
  void system_properties_win_over_the_environment_which_wins_over_the_dot_env_file(
      @TempDir Path directory) throws Exception {
    Path dotEnv = directory.resolve(".env");
    Files.writeString(
        dotEnv,
        "# local settings\nOAUTH_ISSUER_URL=\""
            + ISSUER
            + "\"\nPORT=1111\nHOST=localhost\nexport MCP_STATELESS=true\n");
    ConfigSource source =
        ConfigSource.of(Map.of("port", "3333"), Map.of("PORT", "2222", "HOST", "127.0.0.1"))
            .withDotEnv(dotEnv);

    KitConfig config = KitConfig.load(source, false);

    assertThat(config.port()).isEqualTo(3333);
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.stateless()).isTrue();
    assertThat(config.issuer().orElseThrow().value()).isEqualTo(ISSUER);
  }

  @Test
  void help_lists_every_setting_with_its_default() {
    String help = KitConfig.help();

    for (Setting<?> setting : Settings.ALL) {
      assertThat(help).contains(setting.name()).contains("default: " + setting.helpDefault());
    }
  }

  @Test
  void the_declared_defaults_are_the_components_defaults() {
    KitConfig config = load(Map.of());

    assertThat(config.http()).isEqualTo(HttpSettings.DEFAULTS);
    assertThat(config.keys()).isEqualTo(KeySetSettings.DEFAULTS);
    assertThat(config.tokenCache()).isEqualTo(CacheSettings.DEFAULT);
    assertThat(config.connectionIdleTimeout())
        .isEqualTo(ResourceServerSettings.DEFAULT_CONNECTION_IDLE_TIMEOUT);
  }

  @Test
  void every_declared_setting_is_listed() throws IllegalAccessException {
    List<Setting<?>> declared = new ArrayList<>();
    for (Class<?> declaring :
        List.of(
            Settings.class, IssuerSettings.class, VerificationSettings.class, DPoPSettings.class)) {
      for (Field field : declaring.getFields()) {
        if (field.getType() == Setting.class && Modifier.isStatic(field.getModifiers())) {
          declared.add((Setting<?>) field.get(null));
        }
      }
    }

    assertThat(Settings.ALL).containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void dpop_is_off_by_default_and_its_proofs_name_the_public_url() {
    DPoPPolicy dpop = load(Map.of("MCP_PUBLIC_URL", "https://mcp.example.com:443/mcp")).dpop();

    assertThat(dpop.mode()).isEqualTo(DPoPPolicy.Mode.OFF);
    assertThat(dpop.expectedHtu()).isEqualTo("https://mcp.example.com/mcp");
    assertThat(dpop.algorithms()).isEqualTo(DPoPPolicy.DEFAULT_ALGORITHMS);
    assertThat(dpop.maxAge()).isEqualTo(Duration.ofSeconds(60));
    assertThat(dpop.futureSkew()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void dpop_settings_are_read_and_the_future_skew_follows_the_clock_skew_up_to_a_minute() {
    KitConfig config =
        load(
            Map.of(
                "OAUTH_DPOP", "Required",
                "OAUTH_DPOP_ALGORITHMS", "ES256, EdDSA",
                "OAUTH_DPOP_MAX_AGE", "2m",
                "OAUTH_DPOP_REPLAY_CACHE_SIZE", "1000",
                "OAUTH_CLOCK_SKEW", "10s"));

    assertThat(config.dpop().mode()).isEqualTo(DPoPPolicy.Mode.REQUIRED);
    assertThat(config.dpop().algorithms()).containsExactly("ES256", "EdDSA");
    assertThat(config.dpop().maxAge()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.dpop().futureSkew()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.dpopReplayCacheSize()).isEqualTo(1000);
    assertThat(load(Map.of("OAUTH_CLOCK_SKEW", "5m")).dpop().futureSkew())
        .isEqualTo(DPoPPolicy.MAX_FUTURE_SKEW);
  }

  @Test
  void dpop_nonces_are_off_unless_asked_for_and_replicas_with_one_key_share_them() {
    Map<String, String> shared =
        Map.of(
            "OAUTH_DPOP", "allowed",
            "OAUTH_DPOP_NONCE", "on",
            "OAUTH_DPOP_NONCE_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "OAUTH_DPOP_NONCE_LIFETIME", "30s");
    Instant now = Instant.parse("2026-12-06T12:00:00Z");

    assertThat(load(Map.of("OAUTH_DPOP", "allowed")).dpopNonces()).isEmpty();
    String nonce = load(shared).dpopNonces().orElseThrow().current(now);
    assertThat(load(shared).dpopNonces().orElseThrow().accepts(nonce, now.plusSeconds(59)))
        .isTrue();
    assertThat(load(shared).dpopNonces().orElseThrow().accepts(nonce, now.plusSeconds(60)))
        .as("two 30 s windows later")
        .isFalse();
    Map<String, String> randomKey = new HashMap<>(shared);
    randomKey.remove("OAUTH_DPOP_NONCE_KEY");
    assertThat(load(randomKey).dpopNonces().orElseThrow().accepts(nonce, now))
        .as("a key of its own")
        .isFalse();
    Map<String, String> tooLong = new HashMap<>(shared);
    tooLong.put("OAUTH_DPOP_NONCE_LIFETIME", "10m");
    assertThatThrownBy(() -> load(tooLong))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "OAUTH_DPOP_NONCE_LIFETIME: a DPoP nonce lifetime must be between 1s and 5m");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "OAUTH_DPOP;yes;OAUTH_DPOP 'yes' is not a DPoP mode; use off, allowed or required",
        "OAUTH_DPOP_ALGORITHMS;HS256;OAUTH_DPOP_ALGORITHMS: 'HS256' is not a DPoP proof algorithm",
        "OAUTH_DPOP_ALGORITHMS;none;OAUTH_DPOP_ALGORITHMS: 'none' is not a DPoP proof algorithm",
        "OAUTH_DPOP_ALGORITHMS;es256;OAUTH_DPOP_ALGORITHMS: 'es256' is not a DPoP proof algorithm",
        "OAUTH_DPOP_ALGORITHMS;',';OAUTH_DPOP_ALGORITHMS: at least one DPoP proof algorithm",
        "OAUTH_DPOP_MAX_AGE;6m;OAUTH_DPOP_MAX_AGE '6m' is out of range",
        "OAUTH_DPOP_MAX_AGE;0s;OAUTH_DPOP_MAX_AGE '0s' is out of range",
        "OAUTH_DPOP_REPLAY_CACHE_SIZE;0;OAUTH_DPOP_REPLAY_CACHE_SIZE 0 is out of range",
        "OAUTH_DPOP_NONCE_KEY;c2hvcnQ=;OAUTH_DPOP_NONCE_KEY has 5 bytes; it needs at least 32",
        "OAUTH_DPOP_NONCE;on;OAUTH_DPOP_NONCE is on but OAUTH_DPOP is off"
      })
  void a_bad_dpop_setting_is_refused_saying_why(String name, String value, String problem) {
    assertThatThrownBy(() -> load(Map.of(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void introspection_is_off_by_default_and_hybrid_reads_its_client(@TempDir Path dir)
      throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "from-a-file\n");

    assertThat(load(Map.of()).introspection()).isEmpty();
    IntrospectionConfig hybrid =
        load(Map.of(
                "OAUTH_VERIFICATION", "hybrid",
                "OAUTH_INTROSPECTION_CLIENT_ID", "rs",
                "OAUTH_INTROSPECTION_CLIENT_SECRET_FILE", secret.toString(),
                "OAUTH_INTROSPECTION_CLIENT_AUTH", "client_secret_post",
                "OAUTH_INTROSPECTION_CACHE_TTL", "30s"))
            .introspection()
            .orElseThrow();
    assertThat(hybrid.jwtsLocally()).isTrue();
    assertThat(hybrid.endpoint()).isEmpty();
    assertThat(hybrid.auth().method().value()).isEqualTo("client_secret_post");
    assertThat(hybrid.auth().clientId()).isEqualTo("rs");
    assertThat(hybrid.auth().toString()).doesNotContain("from-a-file");
    assertThat(hybrid.limits().cacheTtl()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void private_key_jwt_reads_a_pkcs8_key_and_picks_its_algorithm(@TempDir Path dir)
      throws Exception {
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
    generator.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
    Path key = dir.resolve("key.pem");
    Files.writeString(
        key,
        "-----BEGIN PRIVATE KEY-----\n"
            + java.util.Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");

    IntrospectionConfig config =
        load(Map.of(
                "OAUTH_VERIFICATION", "introspection",
                "OAUTH_INTROSPECTION_CLIENT_ID", "rs",
                "OAUTH_INTROSPECTION_CLIENT_AUTH", "private_key_jwt",
                "OAUTH_INTROSPECTION_PRIVATE_KEY_FILE", key.toString()))
            .introspection()
            .orElseThrow();

    assertThat(config.jwtsLocally()).isFalse();
    assertThat(config.auth().method().value()).isEqualTo("private_key_jwt");
    assertThat(config.auth().toString()).doesNotContain("BEGIN");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "OAUTH_VERIFICATION=sometimes;OAUTH_VERIFICATION 'sometimes' is not a mode",
        "OAUTH_VERIFICATION=hybrid;needs OAUTH_INTROSPECTION_CLIENT_ID",
        "OAUTH_VERIFICATION=hybrid,OAUTH_INTROSPECTION_CLIENT_ID=rs;need exactly one of"
            + " OAUTH_INTROSPECTION_CLIENT_SECRET and OAUTH_INTROSPECTION_CLIENT_SECRET_FILE",
        "OAUTH_VERIFICATION=hybrid,OAUTH_INTROSPECTION_CLIENT_ID=rs,OAUTH_INTROSPECTION_CLIENT_AUTH"
            + "=private_key_jwt;private_key_jwt needs OAUTH_INTROSPECTION_PRIVATE_KEY_FILE",
        "OAUTH_VERIFICATION=hybrid,OAUTH_INTROSPECTION_CLIENT_ID=rs,OAUTH_INTROSPECTION_CLIENT_AUTH"
            + "=private_key_jwt,OAUTH_INTROSPECTION_PRIVATE_KEY_FILE=/nonexistent/key.pem;cannot"
            + " read /nonexistent/key.pem",
        "OAUTH_INTROSPECTION_CLIENT_AUTH=client_secret_jwt;unknown client authentication method",
        "OAUTH_INTROSPECTION_ENDPOINT=introspect;is not an absolute http(s) URL",
        "OAUTH_INTROSPECTION_RATE_LIMIT=0;OAUTH_INTROSPECTION_RATE_LIMIT 0 is out of range"
      })
  void a_bad_introspection_setting_is_refused_saying_why(String settings, String problem) {
    Map<String, String> environment = new HashMap<>();
    for (String pair : settings.split(",")) {
      environment.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    assertThatThrownBy(() -> load(environment))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void an_issuer_may_have_audiences_of_its_own_and_must_be_trusted_to() {
    KitConfig config =
        load(
            Map.of(
                "OAUTH_AUDIENCE", "https://mcp.example/mcp",
                "OAUTH_ADDITIONAL_ISSUERS", "https://b.example",
                "OAUTH_ISSUER_AUDIENCES", " https://b.example = api://b , api://c "));

    assertThat(
            config.audiencesFor(new io.github.mcpoauthkit.domain.token.Issuer("https://b.example")))
        .containsExactlyInAnyOrder(new Audience("api://b"), new Audience("api://c"));
    assertThat(config.audiencesFor(new io.github.mcpoauthkit.domain.token.Issuer(ISSUER)))
        .containsExactly(new Audience("https://mcp.example/mcp"));
    assertThatThrownBy(
            () -> load(Map.of("OAUTH_ISSUER_AUDIENCES", "https://stranger.example=api://x")))
        .hasMessageContaining("names https://stranger.example, which is neither OAUTH_ISSUER_URL");
    assertThatThrownBy(() -> load(Map.of("OAUTH_ISSUER_AUDIENCES", "https://b.example")))
        .hasMessageContaining("is not issuer=audience[,audience]");
    assertThatThrownBy(() -> load(Map.of("OAUTH_ADDITIONAL_ISSUERS", ISSUER)))
        .hasMessageContaining("names OAUTH_ISSUER_URL's issuer again");
  }

  @Test
  void an_issuer_may_have_scope_claims_of_its_own_and_must_be_trusted_to() {
    Issuer b = new Issuer("https://b.example");
    KitConfig config =
        load(
            Map.of(
                "OAUTH_ADDITIONAL_ISSUERS", "https://b.example",
                "OAUTH_SCOPE_CLAIMS", "scope",
                "OAUTH_ISSUER_SCOPE_CLAIMS", " https://b.example = scp , roles "));

    assertThat(config.scopeClaimsFor(b))
        .containsExactlyInAnyOrder(ScopeClaim.SCP, ScopeClaim.ROLES);
    assertThat(config.scopeClaimsFor(new Issuer(ISSUER))).containsExactly(ScopeClaim.SCOPE);
    assertThatThrownBy(
            () -> load(Map.of("OAUTH_ISSUER_SCOPE_CLAIMS", "https://stranger.example=scp")))
        .hasMessageContaining(
            "OAUTH_ISSUER_SCOPE_CLAIMS names https://stranger.example, which is neither");
    assertThatThrownBy(() -> load(Map.of("OAUTH_ISSUER_SCOPE_CLAIMS", ISSUER + "=groups")))
        .hasMessageContaining("is not issuer=claim[,claim] among scope, scp and roles");
    assertThatThrownBy(
            () -> load(Map.of("OAUTH_ISSUER_SCOPE_CLAIMS", ISSUER + "=scp;" + ISSUER + "=roles")))
        .hasMessageContaining("names " + ISSUER + " twice");
  }

  @Test
  void the_introspected_issuer_is_the_first_unless_another_trusted_one_is_named() {
    Map<String, String> hybrid = new HashMap<>();
    hybrid.put("OAUTH_VERIFICATION", "hybrid");
    hybrid.put("OAUTH_INTROSPECTION_CLIENT_ID", "rs");
    hybrid.put("OAUTH_INTROSPECTION_CLIENT_SECRET", "s3cret");
    hybrid.put("OAUTH_ADDITIONAL_ISSUERS", "https://b.example");

    assertThat(load(hybrid).introspection().orElseThrow().issuer()).isEqualTo(new Issuer(ISSUER));
    hybrid.put("OAUTH_INTROSPECTION_ISSUER", "https://b.example");
    assertThat(load(hybrid).introspection().orElseThrow().issuer())
        .isEqualTo(new Issuer("https://b.example"));
    hybrid.put("OAUTH_INTROSPECTION_ISSUER", "https://stranger.example");
    assertThatThrownBy(() -> load(hybrid))
        .hasMessageContaining(
            "OAUTH_INTROSPECTION_ISSUER names https://stranger.example, which is neither");
  }

  @Test
  void starting_degraded_is_off_unless_asked_and_tolerates_no_bad_setting() {
    assertThat(load(Map.of()).startDegraded()).isFalse();
    assertThat(load(Map.of("OAUTH_START_DEGRADED", "true")).startDegraded()).isTrue();
    assertThatThrownBy(() -> load(Map.of("OAUTH_START_DEGRADED", "sometimes")))
        .hasMessageContaining("OAUTH_START_DEGRADED");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "OAUTH_START_DEGRADED", "true",
                        "OAUTH_ADDITIONAL_ISSUERS", "not a url")))
        .hasMessageContaining("OAUTH_ADDITIONAL_ISSUERS");
  }

  @Test
  void traces_are_off_unless_an_otlp_endpoint_is_set() {
    KitConfig defaults = load(Map.of());
    assertThat(defaults.otlpEndpoint()).isEmpty();
    assertThat(defaults.otelServiceName()).isEqualTo("mcp-oauth-kit");
    assertThat(defaults.otlpHeaders()).isEmpty();

    KitConfig traced =
        load(
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_SERVICE_NAME", "mcp-eu",
                "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20s3cret, x-tenant=a+b"));
    assertThat(traced.otlpEndpoint()).contains(java.net.URI.create("http://collector:4318"));
    assertThat(traced.otelServiceName()).isEqualTo("mcp-eu");
    assertThat(traced.otlpHeaders())
        .containsEntry("authorization", "Bearer s3cret")
        .containsEntry("x-tenant", "a+b");
  }

  @Test
  void a_bad_otlp_header_value_is_not_echoed() {
    assertThatThrownBy(() -> load(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "authorization=s3cret%zz")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("malformed percent-encoding")
        .message()
        .doesNotContain("s3cret");
  }
}
