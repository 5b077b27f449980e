package io.github.mcpoauthkit.app.config;

import io.github.mcpoauthkit.adapter.introspection.IntrospectionClientAuth;
import io.github.mcpoauthkit.adapter.introspection.IntrospectionHttpSettings;
import io.github.mcpoauthkit.application.IntrospectionSettings;
import io.github.mcpoauthkit.domain.token.Issuer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Reads and checks the settings of token introspection ({@link VerificationSettings}). */
final class IntrospectionReading {

  private IntrospectionReading() {}

  // Every introspection setting is read (and its problems reported) whatever the mode, so that a
  // typo shows before introspection is switched on.
  static Optional<IntrospectionConfig> read(
      SettingsReader reader,
      boolean dev,
      Optional<Issuer> issuer,
      BiConsumer<Setting<?>, Issuer> requireTrusted) {
    VerificationSettings.Mode mode = reader.read(VerificationSettings.OAUTH_VERIFICATION);
    Optional<Issuer> introspected = reader.read(VerificationSettings.OAUTH_INTROSPECTION_ISSUER);
    introspected.ifPresent(
        named -> requireTrusted.accept(VerificationSettings.OAUTH_INTROSPECTION_ISSUER, named));
    Optional<URI> endpoint = reader.read(VerificationSettings.OAUTH_INTROSPECTION_ENDPOINT);
    String clientId = reader.read(VerificationSettings.OAUTH_INTROSPECTION_CLIENT_ID);
    IntrospectionClientAuth.Method method =
        reader.read(VerificationSettings.OAUTH_INTROSPECTION_CLIENT_AUTH);
    Optional<String> secret = reader.read(VerificationSettings.OAUTH_INTROSPECTION_CLIENT_SECRET);
    Optional<Path> secretFile =
        reader.read(VerificationSettings.OAUTH_INTROSPECTION_CLIENT_SECRET_FILE);
    Optional<Path> keyFile = reader.read(VerificationSettings.OAUTH_INTROSPECTION_PRIVATE_KEY_FILE);
    Optional<String> keyId = reader.read(VerificationSettings.OAUTH_INTROSPECTION_KEY_ID);
    IntrospectionHttpSettings http =
        reader.build(
            () ->
                new IntrospectionHttpSettings(
                    reader.read(VerificationSettings.OAUTH_INTROSPECTION_TIMEOUT),
                    reader.read(VerificationSettings.OAUTH_INTROSPECTION_MAX_RESPONSE_BYTES),
                    reader.read(Settings.OAUTH_ALLOW_INSECURE_HTTP)),
            IntrospectionHttpSettings.DEFAULTS,
            VerificationSettings.OAUTH_INTROSPECTION_TIMEOUT.name() + ": ");
    IntrospectionSettings limits =
        reader.build(
            () ->
                new IntrospectionSettings(
                    reader.read(VerificationSettings.OAUTH_INTROSPECTION_CACHE_SIZE),
                    reader.read(VerificationSettings.OAUTH_INTROSPECTION_CACHE_TTL),
                    reader.read(VerificationSettings.OAUTH_INTROSPECTION_NEGATIVE_CACHE_TTL),
                    reader.read(VerificationSettings.OAUTH_INTROSPECTION_MAX_CONCURRENT),
                    reader.read(VerificationSettings.OAUTH_INTROSPECTION_RATE_LIMIT)),
            IntrospectionSettings.DEFAULT,
            VerificationSettings.OAUTH_INTROSPECTION_CACHE_TTL.name() + ": ");
    if (mode == VerificationSettings.Mode.JWT) {
      return Optional.empty();
    }
    String name =
        VerificationSettings.OAUTH_VERIFICATION.name() + "=" + mode.name().toLowerCase(Locale.ROOT);
    if (dev) {
      reader.problem(
          name + " cannot be used with --dev: the development issuer introspects nothing");
      return Optional.empty();
    }
    Optional<Issuer> introspecting = introspected.or(() -> issuer);
    if (introspecting.isEmpty()) {
      return Optional.empty(); // no OAUTH_ISSUER_URL: reported already
    }
    if (clientId.isBlank()) {
      reader.problem(
          name
              + " needs "
              + VerificationSettings.OAUTH_INTROSPECTION_CLIENT_ID.name()
              + ": the client this server introspects as, registered at the issuer");
      return Optional.empty();
    }
    Optional<IntrospectionClientAuth> auth =
        switch (method) {
          case CLIENT_SECRET_BASIC, CLIENT_SECRET_POST ->
              secret(reader, secret, secretFile)
                  .flatMap(
                      text ->
                          reader.build(
                              () ->
                                  Optional.of(
                                      method == IntrospectionClientAuth.Method.CLIENT_SECRET_BASIC
                                          ? IntrospectionClientAuth.clientSecretBasic(
                                              clientId, text)
                                          : IntrospectionClientAuth.clientSecretPost(
                                              clientId, text)),
                              Optional.empty(),
                              ""));
          case PRIVATE_KEY_JWT -> privateKeyJwt(reader, issuer, clientId, keyFile, keyId);
        };
    return auth.map(
        a ->
            new IntrospectionConfig(
                introspecting.get(),
                mode == VerificationSettings.Mode.HYBRID,
                endpoint,
                a,
                http,
                limits));
  }

  private static Optional<String> secret(
      SettingsReader reader, Optional<String> secret, Optional<Path> secretFile) {
    if (secret.isPresent() == secretFile.isPresent()) {
      reader.problem(
          "client_secret_basic and client_secret_post need exactly one of "
              + VerificationSettings.OAUTH_INTROSPECTION_CLIENT_SECRET.name()
              + " and "
              + VerificationSettings.OAUTH_INTROSPECTION_CLIENT_SECRET_FILE.name());
      return Optional.empty();
    }
    if (secret.isPresent()) {
      return secret;
    }
    try {
      return Files.readAllLines(secretFile.get(), StandardCharsets.UTF_8).stream()
          .findFirst()
          .map(String::strip)
          .filter(line -> !line.isEmpty())
          .or(
              () -> {
                reader.problem(
                    VerificationSettings.OAUTH_INTROSPECTION_CLIENT_SECRET_FILE.name()
                        + ": "
                        + secretFile.get()
                        + " is empty");
                return Optional.empty();
              });
    } catch (IOException | RuntimeException e) {
      reader.problem(
          VerificationSettings.OAUTH_INTROSPECTION_CLIENT_SECRET_FILE.name()
              + ": cannot read "
              + secretFile.get()
              + " ("
              + e.getClass().getSimpleName()
              + ")");
      return Optional.empty();
    }
  }

  private static Optional<IntrospectionClientAuth> privateKeyJwt(
      SettingsReader reader,
      Optional<Issuer> issuer,
      String clientId,
      Optional<Path> keyFile,
      Optional<String> keyId) {
    if (keyFile.isEmpty()) {
      reader.problem(
          "private_key_jwt needs "
              + VerificationSettings.OAUTH_INTROSPECTION_PRIVATE_KEY_FILE.name());
      return Optional.empty();
    }
    if (issuer.isEmpty()) {
      return Optional.empty();
    }
    return reader.build(
        () -> {
          PrivateKeys.Signing signing = PrivateKeys.read(keyFile.get());
          // The assertion's audience is the issuer identifier, which oidc-provider, Keycloak and
          // Okta accept (RFC 7523 §3, RFC 8414's issuer).
          return Optional.of(
              IntrospectionClientAuth.privateKeyJwt(
                  clientId,
                  signing.key(),
                  signing.algorithm(),
                  keyId,
                  URI.create(issuer.get().value())));
        },
        Optional.empty(),
        VerificationSettings.OAUTH_INTROSPECTION_PRIVATE_KEY_FILE.name() + ": ");
  }
}
