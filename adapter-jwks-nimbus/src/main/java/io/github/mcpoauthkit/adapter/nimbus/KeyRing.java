package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.github.mcpoauthkit.domain.token.KeyId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The usable keys of one fetched JWKS, indexed for lookup by {@code kid}. Immutable; a new ring is
 * built whenever Nimbus hands out a different key set.
 */
final class KeyRing {

  /** Keys skipped while building, with the reason, for the startup log. */
  record Skipped(String key, String reason) {}

  private final JWKSet source;
  private final List<VerificationKey> keys;
  private final Map<String, List<VerificationKey>> byKid;
  private final Set<KeyId> ids;
  private final List<Skipped> skipped;

  private KeyRing(JWKSet source, List<VerificationKey> keys, List<Skipped> skipped) {
    this.source = source;
    this.keys = List.copyOf(keys);
    this.skipped = List.copyOf(skipped);
    Map<String, List<VerificationKey>> index = new HashMap<>();
    Set<KeyId> allIds = new LinkedHashSet<>();
    for (VerificationKey key : keys) {
      key.kid().ifPresent(kid -> index.computeIfAbsent(kid, k -> new ArrayList<>()).add(key));
      allIds.add(key.id());
    }
    index.replaceAll((kid, list) -> List.copyOf(list));
    this.byKid = Map.copyOf(index);
    this.ids = Set.copyOf(allIds);
  }

  static KeyRing of(JWKSet jwkSet, Set<String> acceptedAlgorithms) {
    List<VerificationKey> usable = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (JWK jwk : jwkSet.getKeys()) {
      VerificationKey.Usability usability = VerificationKey.of(jwk, acceptedAlgorithms);
      if (usability instanceof VerificationKey.Usability.Usable ok) {
        usable.add(ok.key());
      } else {
        String name = jwk.getKeyID() != null ? "kid " + jwk.getKeyID() : jwk.getKeyType() + " key";
        skipped.add(new Skipped(name, ((VerificationKey.Usability.Unusable) usability).reason()));
      }
    }
    return new KeyRing(jwkSet, usable, skipped);
  }

  /** Whether this ring was built from exactly {@code jwkSet} (identity, as Nimbus caches it). */
  boolean builtFrom(JWKSet jwkSet) {
    return source == jwkSet;
  }

  JWKSet source() {
    return source;
  }

  boolean isEmpty() {
    return keys.isEmpty();
  }

  Set<KeyId> ids() {
    return ids;
  }

  List<Skipped> skipped() {
    return skipped;
  }

  /**
   * The keys that may verify a token with this {@code kid} (all keys when the token has none) and
   * {@code alg}.
   */
  List<VerificationKey> candidates(Optional<String> kid, String algorithm) {
    List<VerificationKey> named = kid.isPresent() ? byKid.getOrDefault(kid.get(), List.of()) : keys;
    List<VerificationKey> candidates = new ArrayList<>(named.size());
    for (VerificationKey key : named) {
      if (key.allows(algorithm)) {
        candidates.add(key);
      }
    }
    return candidates;
  }

  /** Whether a key with this {@code kid} exists, whatever its algorithms. */
  boolean knows(String kid) {
    return byKid.containsKey(kid);
  }
}
