package io.github.mcpoauthkit.app.config;

import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.dpop.DPoPNonces;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Reads and checks the settings of DPoP-bound tokens and server nonces ({@link DPoPSettings}). */
final class DPoPReading {

  private DPoPReading() {}

  // A proof's iat may be ahead of this clock by the skew tolerated for tokens, but never more than
  // a minute: its acceptance window must stay "seconds or minutes" (RFC 9449 §11.1).
  static DPoPPolicy policy(SettingsReader reader, Duration clockSkew, ResourceUrl resource) {
    Duration futureSkew =
        clockSkew.compareTo(DPoPPolicy.MAX_FUTURE_SKEW) > 0
            ? DPoPPolicy.MAX_FUTURE_SKEW
            : clockSkew;
    DPoPPolicy off = DPoPPolicy.of(DPoPPolicy.Mode.OFF, resource.value(), futureSkew);
    Duration maxAge = reader.read(DPoPSettings.OAUTH_DPOP_MAX_AGE);
    if (maxAge.isZero() || maxAge.compareTo(DPoPPolicy.MAX_AGE_LIMIT) > 0) {
      reader.problem(
          DPoPSettings.OAUTH_DPOP_MAX_AGE.name()
              + " '"
              + reader.text(DPoPSettings.OAUTH_DPOP_MAX_AGE).orElse("")
              + "' is out of range; use a duration above 0 and at most 5m, e.g. 60s");
      return off;
    }
    List<String> algorithms = reader.read(DPoPSettings.OAUTH_DPOP_ALGORITHMS);
    for (String algorithm : algorithms) {
      if (!DPoPPolicy.DEFAULT_ALGORITHMS.contains(algorithm)) {
        reader.problem(
            DPoPSettings.OAUTH_DPOP_ALGORITHMS.name()
                + ": '"
                + algorithm
                + "' is not a DPoP proof algorithm the kit checks; choose among "
                + String.join(",", DPoPPolicy.DEFAULT_ALGORITHMS));
        return off;
      }
    }
    return reader.build(
        () ->
            new DPoPPolicy(
                reader.read(DPoPSettings.OAUTH_DPOP),
                new LinkedHashSet<>(algorithms),
                maxAge,
                futureSkew,
                resource.value()),
        off,
        DPoPSettings.OAUTH_DPOP_ALGORITHMS.name() + ": ");
  }

  // Without a configured key each start makes its own: fine for one replica; several need one key.
  static Optional<DPoPNonces> nonces(SettingsReader reader, DPoPPolicy dpop) {
    Optional<HmacKey> key = reader.read(DPoPSettings.OAUTH_DPOP_NONCE_KEY);
    Duration lifetime = reader.read(DPoPSettings.OAUTH_DPOP_NONCE_LIFETIME);
    if (!reader.read(DPoPSettings.OAUTH_DPOP_NONCE)) {
      return Optional.empty();
    }
    if (dpop.mode() == DPoPPolicy.Mode.OFF) {
      reader.problem(
          DPoPSettings.OAUTH_DPOP_NONCE.name()
              + " is on but "
              + DPoPSettings.OAUTH_DPOP.name()
              + " is off: set "
              + DPoPSettings.OAUTH_DPOP.name()
              + " to allowed or required, or unset "
              + DPoPSettings.OAUTH_DPOP_NONCE.name());
      return Optional.empty();
    }
    byte[] bytes =
        key.map(HmacKey::bytes)
            .orElseGet(
                () -> {
                  byte[] random = new byte[DPoPNonces.MIN_KEY_BYTES];
                  new SecureRandom().nextBytes(random);
                  return random;
                });
    return reader.build(
        () -> Optional.of(new DPoPNonces(bytes, lifetime)),
        Optional.empty(),
        DPoPSettings.OAUTH_DPOP_NONCE_LIFETIME.name() + ": ");
  }
}
