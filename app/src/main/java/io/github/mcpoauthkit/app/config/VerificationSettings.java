package io.github.mcpoauthkit.app.config;

import io.github.mcpoauthkit.adapter.introspection.IntrospectionClientAuth;
import io.github.mcpoauthkit.adapter.introspection.IntrospectionHttpSettings;
import io.github.mcpoauthkit.application.IntrospectionSettings;
import io.github.mcpoauthkit.domain.token.Issuer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How tokens are verified: locally as JWTs against the issuer's keys, by asking the issuer (RFC
 * 7662 token introspection), or both; and the introspection client's credentials and bounds. Each
 * declared once; {@link Settings#ALL} lists them and {@link KitConfig} checks them together.
 */
public final class VerificationSettings {

  /** How a token is verified. */
  public enum Mode {
    /** Every token is a JWT verified locally (the default). */
    JWT,
    /** Every token is introspected. */
    INTROSPECTION,
    /** JWTs locally, every other token (opaque) introspected. */
    HYBRID
  }

  public static final Setting<Mode> OAUTH_VERIFICATION =
      new Setting<>(
          "OAUTH_VERIFICATION",
          Mode.JWT,
          "`jwt`",
          "How tokens are verified: jwt (locally, with the issuer's keys), introspection (RFC 7662,"
              + " every token), hybrid (JWTs locally, opaque tokens introspected)",
          VerificationSettings::mode);

  public static final Setting<Optional<Issuer>> OAUTH_INTROSPECTION_ISSUER =
      Setting.optional(
          "OAUTH_INTROSPECTION_ISSUER",
          "`OAUTH_ISSUER_URL`",
          "The one trusted issuer whose tokens are introspected (with OAUTH_ADDITIONAL_ISSUERS):"
              + " tokens that name no issuer (opaque ones) go to it alone, never to the others",
          (name, text, problems) ->
              Settings.httpUrl("https://second-issuer.example")
                  .parse(name, text, problems)
                  .map(url -> new Issuer(text)));

  public static final Setting<Optional<URI>> OAUTH_INTROSPECTION_ENDPOINT =
      Setting.optional(
          "OAUTH_INTROSPECTION_ENDPOINT",
          "the issuer's `introspection_endpoint`",
          "The token introspection endpoint, where the issuer's metadata names none or another",
          Settings.httpUrl("https://issuer.example/introspect"));

  public static final Setting<String> OAUTH_INTROSPECTION_CLIENT_ID =
      Setting.text(
          "OAUTH_INTROSPECTION_CLIENT_ID",
          "",
          "The client id this server introspects as (registered at the issuer); required with"
              + " introspection");

  public static final Setting<Optional<String>> OAUTH_INTROSPECTION_CLIENT_SECRET =
      Setting.optional(
          "OAUTH_INTROSPECTION_CLIENT_SECRET",
          "(none)",
          "That client's secret (client_secret_basic or client_secret_post); prefer the _FILE"
              + " form",
          (name, text, problems) -> Optional.of(text));

  public static final Setting<Optional<Path>> OAUTH_INTROSPECTION_CLIENT_SECRET_FILE =
      Setting.optional(
          "OAUTH_INTROSPECTION_CLIENT_SECRET_FILE",
          "(none)",
          "A file holding that client's secret (its first line), e.g. a mounted Kubernetes secret",
          (name, text, problems) -> Optional.of(Path.of(text)));

  public static final Setting<IntrospectionClientAuth.Method> OAUTH_INTROSPECTION_CLIENT_AUTH =
      new Setting<>(
          "OAUTH_INTROSPECTION_CLIENT_AUTH",
          IntrospectionClientAuth.Method.CLIENT_SECRET_BASIC,
          "`client_secret_basic`",
          "How this server authenticates to the endpoint: client_secret_basic, client_secret_post"
              + " or private_key_jwt",
          VerificationSettings::clientAuth);

  public static final Setting<Optional<Path>> OAUTH_INTROSPECTION_PRIVATE_KEY_FILE =
      Setting.optional(
          "OAUTH_INTROSPECTION_PRIVATE_KEY_FILE",
          "(none)",
          "PKCS#8 PEM private key (RSA: RS256; EC P-256/384/521: ES256/384/512) for"
              + " private_key_jwt",
          (name, text, problems) -> Optional.of(Path.of(text)));

  public static final Setting<Optional<String>> OAUTH_INTROSPECTION_KEY_ID =
      Setting.optional(
          "OAUTH_INTROSPECTION_KEY_ID",
          "(none)",
          "The kid of that key as the issuer knows it, if it needs one",
          (name, text, problems) -> Optional.of(text));

  public static final Setting<Duration> OAUTH_INTROSPECTION_TIMEOUT =
      Setting.duration(
          "OAUTH_INTROSPECTION_TIMEOUT",
          IntrospectionHttpSettings.DEFAULTS.timeout().toSeconds() + "s",
          "Longest an introspection call may take in all; beyond it the request gets 503");

  public static final Setting<Integer> OAUTH_INTROSPECTION_MAX_RESPONSE_BYTES =
      Setting.integer(
          "OAUTH_INTROSPECTION_MAX_RESPONSE_BYTES",
          IntrospectionHttpSettings.DEFAULTS.maxResponseBytes(),
          1024,
          16 * 1024 * 1024,
          "Largest introspection answer read; a larger one is cut off and the request gets 503");

  public static final Setting<Integer> OAUTH_INTROSPECTION_CACHE_SIZE =
      Setting.integer(
          "OAUTH_INTROSPECTION_CACHE_SIZE",
          IntrospectionSettings.DEFAULT.cacheSize(),
          0,
          10_000_000,
          "Introspection answers cached, by a digest of the token (0: ask every time)");

  public static final Setting<Duration> OAUTH_INTROSPECTION_CACHE_TTL =
      Setting.duration(
          "OAUTH_INTROSPECTION_CACHE_TTL",
          IntrospectionSettings.DEFAULT.cacheTtl().toSeconds() + "s",
          "Longest an active answer is trusted (never past the token's exp): how late a revocation"
              + " is seen");

  public static final Setting<Duration> OAUTH_INTROSPECTION_NEGATIVE_CACHE_TTL =
      Setting.duration(
          "OAUTH_INTROSPECTION_NEGATIVE_CACHE_TTL",
          IntrospectionSettings.DEFAULT.negativeCacheTtl().toSeconds() + "s",
          "How long a refused token is remembered without asking again");

  public static final Setting<Integer> OAUTH_INTROSPECTION_MAX_CONCURRENT =
      Setting.integer(
          "OAUTH_INTROSPECTION_MAX_CONCURRENT",
          IntrospectionSettings.DEFAULT.maxConcurrent(),
          1,
          10_000,
          "Most introspection calls in flight at once; one more gets 503, not a queue");

  public static final Setting<Integer> OAUTH_INTROSPECTION_RATE_LIMIT =
      Setting.integer(
          "OAUTH_INTROSPECTION_RATE_LIMIT",
          IntrospectionSettings.DEFAULT.callsPerSecond(),
          1,
          1_000_000,
          "Most introspection calls started per second; beyond it an uncached token gets 503");

  /** Every setting here, in the order of {@code --help}. */
  static final List<Setting<?>> ALL =
      List.of(
          OAUTH_VERIFICATION,
          OAUTH_INTROSPECTION_ISSUER,
          OAUTH_INTROSPECTION_ENDPOINT,
          OAUTH_INTROSPECTION_CLIENT_ID,
          OAUTH_INTROSPECTION_CLIENT_SECRET,
          OAUTH_INTROSPECTION_CLIENT_SECRET_FILE,
          OAUTH_INTROSPECTION_CLIENT_AUTH,
          OAUTH_INTROSPECTION_PRIVATE_KEY_FILE,
          OAUTH_INTROSPECTION_KEY_ID,
          OAUTH_INTROSPECTION_TIMEOUT,
          OAUTH_INTROSPECTION_MAX_RESPONSE_BYTES,
          OAUTH_INTROSPECTION_CACHE_SIZE,
          OAUTH_INTROSPECTION_CACHE_TTL,
          OAUTH_INTROSPECTION_NEGATIVE_CACHE_TTL,
          OAUTH_INTROSPECTION_MAX_CONCURRENT,
          OAUTH_INTROSPECTION_RATE_LIMIT);

  private VerificationSettings() {}

  private static Optional<Mode> mode(String name, String text, Consumer<String> problems) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "jwt":
        return Optional.of(Mode.JWT);
      case "introspection":
        return Optional.of(Mode.INTROSPECTION);
      case "hybrid":
        return Optional.of(Mode.HYBRID);
      default:
        problems.accept(name + " '" + text + "' is not a mode; use jwt, introspection or hybrid");
        return Optional.empty();
    }
  }

  private static Optional<IntrospectionClientAuth.Method> clientAuth(
      String name, String text, Consumer<String> problems) {
    try {
      return Optional.of(IntrospectionClientAuth.Method.parse(text));
    } catch (IllegalArgumentException e) {
      problems.accept(name + ": " + e.getMessage());
      return Optional.empty();
    }
  }
}
