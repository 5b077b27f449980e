package io.github.mcpoauthkit.app.config;

import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The settings of DPoP (RFC 9449), each declared once; {@link Settings#ALL} lists them with the
 * others, and {@link KitConfig} makes them one {@link DPoPPolicy}.
 */
public final class DPoPSettings {

  public static final Setting<DPoPPolicy.Mode> OAUTH_DPOP =
      new Setting<>(
          "OAUTH_DPOP",
          DPoPPolicy.Mode.OFF,
          "`off`",
          "DPoP-bound tokens (RFC 9449): off (Bearer only), allowed (Bearer or DPoP), required"
              + " (DPoP only)",
          DPoPSettings::mode);

  public static final Setting<List<String>> OAUTH_DPOP_ALGORITHMS =
      Setting.list(
          "OAUTH_DPOP_ALGORITHMS",
          String.join(",", DPoPPolicy.DEFAULT_ALGORITHMS),
          "JWS algorithms accepted for DPoP proofs, comma-separated (asymmetric only)");

  public static final Setting<Duration> OAUTH_DPOP_MAX_AGE =
      Setting.duration(
          "OAUTH_DPOP_MAX_AGE",
          DPoPPolicy.DEFAULT_MAX_AGE.toSeconds() + "s",
          "How old a DPoP proof's iat may be (max 5m); proofs in the future are allowed"
              + " OAUTH_CLOCK_SKEW, at most 60s");

  public static final Setting<Integer> OAUTH_DPOP_REPLAY_CACHE_SIZE =
      Setting.integer(
          "OAUTH_DPOP_REPLAY_CACHE_SIZE",
          400_000,
          1,
          50_000_000,
          "DPoP proofs remembered against replay, per replica; when full, DPoP requests get 503");

  public static final Setting<Boolean> OAUTH_DPOP_NONCE =
      Setting.bool(
          "OAUTH_DPOP_NONCE",
          false,
          "Ask for a server nonce in every DPoP proof (RFC 9449 §9): a proof without the latest"
              + " one gets 401 use_dpop_nonce with a DPoP-Nonce header to retry with");

  public static final Setting<Optional<HmacKey>> OAUTH_DPOP_NONCE_KEY =
      Setting.optional(
          "OAUTH_DPOP_NONCE_KEY",
          "(a random key made at start)",
          "Base64 HMAC key, at least 32 bytes, making DPoP nonces; give every replica the same one"
              + " (e.g. openssl rand -base64 32)",
          Settings::hmacKey);

  public static final Setting<Duration> OAUTH_DPOP_NONCE_LIFETIME =
      Setting.duration(
          "OAUTH_DPOP_NONCE_LIFETIME",
          "60s",
          "A DPoP nonce changes this often and is accepted for one to two of these (1s to 5m)");

  /** Every DPoP setting, in the order of {@code --help}. */
  static final List<Setting<?>> ALL =
      List.of(
          OAUTH_DPOP,
          OAUTH_DPOP_ALGORITHMS,
          OAUTH_DPOP_MAX_AGE,
          OAUTH_DPOP_REPLAY_CACHE_SIZE,
          OAUTH_DPOP_NONCE,
          OAUTH_DPOP_NONCE_KEY,
          OAUTH_DPOP_NONCE_LIFETIME);

  private DPoPSettings() {}

  private static Optional<DPoPPolicy.Mode> mode(
      String name, String text, Consumer<String> problems) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "off":
        return Optional.of(DPoPPolicy.Mode.OFF);
      case "allowed":
        return Optional.of(DPoPPolicy.Mode.ALLOWED);
      case "required":
        return Optional.of(DPoPPolicy.Mode.REQUIRED);
      default:
        problems.accept(name + " '" + text + "' is not a DPoP mode; use off, allowed or required");
        return Optional.empty();
    }
  }
}
