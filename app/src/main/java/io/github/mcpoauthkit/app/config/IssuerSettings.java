package io.github.mcpoauthkit.app.config;

import io.github.mcpoauthkit.domain.token.Audience;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.ScopeClaim;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * How the issuer's metadata is found and how its tokens are read, beyond {@link
 * Settings#OAUTH_ISSUER_URL}: for issuers such as Microsoft Entra ID, whose v1 metadata is not at
 * the issuer's own well-known URL and whose app-only tokens carry their permissions in {@code
 * roles}. Each declared once; {@link Settings#ALL} lists them.
 */
public final class IssuerSettings {

  public static final Setting<Optional<URI>> OAUTH_ISSUER_METADATA_URL =
      Setting.optional(
          "OAUTH_ISSUER_METADATA_URL",
          "`<OAUTH_ISSUER_URL>/.well-known/openid-configuration`, then RFC 8414's",
          "The issuer's discovery document, where it is not at the issuer's well-known URL (Entra"
              + " ID v1: https://login.microsoftonline.com/<tenant>/.well-known/openid-configuration);"
              + " its issuer must still be OAUTH_ISSUER_URL",
          Settings.httpUrl(
              "https://login.microsoftonline.com/<tenant>/.well-known/openid-configuration"));

  public static final Setting<Set<ScopeClaim>> OAUTH_SCOPE_CLAIMS =
      new Setting<>(
          "OAUTH_SCOPE_CLAIMS",
          ScopeClaim.DEFAULT,
          "`scope,scp`",
          "Claims whose values count as granted scopes, comma-separated among scope, scp and roles"
              + " (Entra ID app-only tokens: scope,scp,roles)",
          IssuerSettings::scopeClaims);

  public static final Setting<List<Issuer>> OAUTH_ADDITIONAL_ISSUERS =
      new Setting<>(
          "OAUTH_ADDITIONAL_ISSUERS",
          List.of(),
          "(none)",
          "Further trusted issuers, comma-separated, each discovered and keyed on its own and"
              + " checked with OAUTH_AUDIENCE; a token's iss picks its issuer; the metadata lists"
              + " OAUTH_ISSUER_URL first",
          IssuerSettings::issuers);

  public static final Setting<Map<Issuer, Set<Audience>>> OAUTH_ISSUER_AUDIENCES =
      new Setting<>(
          "OAUTH_ISSUER_AUDIENCES",
          Map.of(),
          "(none)",
          "Accepted audiences of an issuer whose tokens name others than OAUTH_AUDIENCE, e.g."
              + " 'https://login.microsoftonline.com/<tenant>/v2.0=<app id>;https://b.example=api://b'",
          IssuerSettings::issuerAudiences);

  public static final Setting<Map<Issuer, Set<ScopeClaim>>> OAUTH_ISSUER_SCOPE_CLAIMS =
      new Setting<>(
          "OAUTH_ISSUER_SCOPE_CLAIMS",
          Map.of(),
          "(none)",
          "Scope claims of an issuer whose tokens carry their grants elsewhere than"
              + " OAUTH_SCOPE_CLAIMS says, e.g."
              + " 'https://login.microsoftonline.com/<tenant>/v2.0=scp,roles;https://b.example=scope'",
          IssuerSettings::issuerScopeClaims);

  public static final Setting<Boolean> OAUTH_START_DEGRADED =
      Setting.bool(
          "OAUTH_START_DEGRADED",
          false,
          "Start even when an issuer's discovery or JWKS cannot be fetched: its tokens get 503 with"
              + " Retry-After while it is retried in the background (1 s doubling to 30 s); bad"
              + " settings still stop startup");

  /** Every setting here, in the order of {@code --help}. */
  static final List<Setting<?>> ALL =
      List.of(
          OAUTH_ISSUER_METADATA_URL,
          OAUTH_SCOPE_CLAIMS,
          OAUTH_ADDITIONAL_ISSUERS,
          OAUTH_ISSUER_AUDIENCES,
          OAUTH_ISSUER_SCOPE_CLAIMS,
          OAUTH_START_DEGRADED);

  private IssuerSettings() {}

  private static Optional<Map<Issuer, Set<Audience>>> issuerAudiences(
      String name, String text, Consumer<String> problems) {
    return perIssuer(
        name,
        text,
        "audience[,audience]; e.g. https://b.example=api://b",
        (values, problem) -> {
          Set<Audience> audiences = new LinkedHashSet<>();
          for (String value : values.split(",")) {
            if (!value.isBlank()) {
              audiences.add(new Audience(value.trim()));
            }
          }
          return audiences.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(audiences));
        },
        problems);
  }

  private static Optional<Map<Issuer, Set<ScopeClaim>>> issuerScopeClaims(
      String name, String text, Consumer<String> problems) {
    return perIssuer(
        name,
        text,
        "claim[,claim] among scope, scp and roles; e.g. https://b.example=scp,roles",
        (values, problem) -> scopeClaims(name, values, problem),
        problems);
  }

  /**
   * Parses {@code issuer=values;issuer=values}: an issuer identifier has no query, so the first
   * {@code '='} of an entry ends it; {@code values} turns the rest into a value or reports why not.
   */
  private static <T> Optional<Map<Issuer, T>> perIssuer(
      String name,
      String text,
      String form,
      BiFunction<String, Consumer<String>, Optional<T>> values,
      Consumer<String> problems) {
    Map<Issuer, T> byIssuer = new LinkedHashMap<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.indexOf('=');
      Optional<T> value =
          equals > 0 ? values.apply(entry.substring(equals + 1), problem -> {}) : Optional.empty();
      if (value.isEmpty()) {
        problems.accept(name + ": '" + entry.trim() + "' is not issuer=" + form);
        return Optional.empty();
      }
      Issuer issuer = new Issuer(entry.substring(0, equals).trim());
      if (byIssuer.put(issuer, value.get()) != null) {
        problems.accept(name + " names " + issuer.value() + " twice");
        return Optional.empty();
      }
    }
    return Optional.of(Map.copyOf(byIssuer));
  }

  private static Optional<List<Issuer>> issuers(
      String name, String text, Consumer<String> problems) {
    List<Issuer> issuers = new ArrayList<>();
    Setting.Parser<URI> url = Settings.httpUrl("https://second-issuer.example");
    for (String item : text.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      if (url.parse(name, item.trim(), problems).isEmpty()) {
        return Optional.empty();
      }
      Issuer issuer = new Issuer(item.trim());
      if (issuers.contains(issuer)) {
        problems.accept(name + " names " + item.trim() + " twice");
        return Optional.empty();
      }
      issuers.add(issuer);
    }
    return Optional.of(List.copyOf(issuers));
  }

  private static Optional<Set<ScopeClaim>> scopeClaims(
      String name, String text, Consumer<String> problems) {
    Set<ScopeClaim> claims = EnumSet.noneOf(ScopeClaim.class);
    for (String item : text.split(",")) {
      String claim = item.trim().toLowerCase(Locale.ROOT);
      if (claim.isEmpty()) {
        continue;
      }
      Optional<ScopeClaim> known =
          EnumSet.allOf(ScopeClaim.class).stream()
              .filter(candidate -> candidate.claimName().equals(claim))
              .findFirst();
      if (known.isEmpty()) {
        problems.accept(
            name + ": '" + item.trim() + "' is not a scope claim; use scope, scp and/or roles");
        return Optional.empty();
      }
      claims.add(known.get());
    }
    if (claims.isEmpty()) {
      problems.accept(name + " names no claim; use scope, scp and/or roles");
      return Optional.empty();
    }
    return Optional.of(claims);
  }
}
