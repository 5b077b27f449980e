package io.github.mcpoauthkit.devissuer;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authorization codes and refresh tokens, in memory.
 *
 * <ul>
 *   <li>A code lives {@link #CODE_LIFETIME} and is redeemed at most once: the first attempt uses it
 *       up, whatever its outcome. Presenting it again revokes the refresh tokens issued from it
 *       (OAuth 2.1 §4.1.3); the access tokens, self-contained JWTs that the server verifies without
 *       asking the issuer, stay valid until they expire.
 *   <li>The refresh tokens issued from one code form a family. Each refresh rotates the token: the
 *       presented one is used up and a new one issued. Presenting a used-up token again means it
 *       leaked, so the whole family is revoked, its newest token too (OAuth 2.1 §4.3.1).
 * </ul>
 *
 * <p>Thread-safe: every method is synchronized; the issuer serves one developer.
 */
final class Grants {

  /** How long an authorization code may be redeemed. */
  static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

  /** How long a refresh token may be used. */
  static final Duration REFRESH_LIFETIME = Duration.ofHours(24);

  private static final int MAX_ENTRIES = 10_000;

  /**
   * What the user approved on the consent page, bound to the code.
   *
   * @param clientId the client the code was issued to
   * @param redirectUri the redirect URI the response went to
   * @param redirectUriSent whether the request named it (then the token request must repeat it)
   * @param challenge the PKCE S256 challenge
   * @param resource the resource, the {@code aud} of the tokens
   * @param scope the granted scope, space-separated
   * @param subject the user
   */
  record Approval(
      String clientId,
      URI redirectUri,
      boolean redirectUriSent,
      CodeChallenge challenge,
      String resource,
      String scope,
      String subject) {
    Approval {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(redirectUri, "redirectUri");
      Objects.requireNonNull(challenge, "challenge");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(subject, "subject");
    }
  }

  /** The outcome of redeeming a code. */
  sealed interface CodeRedemption permits Redeemed, Refused {}

  /** The code was good; the caller checks the client, redirect URI and verifier against it. */
  record Redeemed(Approval approval, Family family) implements CodeRedemption {}

  /**
   * The grant cannot be used; {@code description} is safe to send back.
   *
   * @param description why, for {@code error_description}
   */
  record Refused(String description) implements CodeRedemption, RefreshRedemption {}

  /** The outcome of a refresh. */
  sealed interface RefreshRedemption permits Rotated, Refused {}

  /** The token was current: here is its family's grant and the token that replaces it. */
  record Rotated(Approval approval, String refreshToken) implements RefreshRedemption {}

  /** The tokens issued from one code. */
  static final class Family {
    private final Approval approval;
    private boolean revoked;
    private Optional<String> current = Optional.empty();

    private Family(Approval approval) {
      this.approval = approval;
    }
  }

  private record Code(Approval approval, Instant expires, Family family) {}

  private record Refresh(Family family, Instant expires) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Code> codes = new HashMap<>();
  private final Map<String, Code> usedCodes = new HashMap<>();
  private final Map<String, Refresh> refreshTokens = new HashMap<>();

  /** Issues a code for what the user approved. */
  synchronized String issueCode(Approval approval, Instant now) {
    purge(now);
    String code = randomToken();
    codes.put(code, new Code(approval, now.plus(CODE_LIFETIME), new Family(approval)));
    return code;
  }

  /** Uses up {@code code}; a second use revokes the refresh tokens issued from it. */
  synchronized CodeRedemption redeemCode(String code, Instant now) {
    Code entry = codes.remove(code);
    if (entry == null) {
      Code used = usedCodes.get(code);
      if (used != null) {
        used.family().revoked = true;
        return new Refused(
            "the authorization code was used already; the tokens issued from it are revoked");
      }
      return new Refused("the authorization code is unknown");
    }
    usedCodes.put(code, entry);
    if (!now.isBefore(entry.expires())) {
      return new Refused("the authorization code expired");
    }
    return new Redeemed(entry.approval(), entry.family());
  }

  /** Starts or continues {@code family} with a new refresh token. */
  synchronized String issueRefreshToken(Family family, Instant now) {
    String token = randomToken();
    refreshTokens.put(token, new Refresh(family, now.plus(REFRESH_LIFETIME)));
    family.current = Optional.of(token);
    return token;
  }

  /**
   * Rotates {@code token}, presented by {@code clientId}. A token presented by another client is
   * refused without using it up.
   */
  synchronized RefreshRedemption refresh(String token, String clientId, Instant now) {
    Refresh entry = refreshTokens.get(token);
    if (entry == null) {
      return new Refused("the refresh token is unknown");
    }
    Family family = entry.family();
    if (!family.approval.clientId().equals(clientId)) {
      return new Refused("the refresh token was issued to another client");
    }
    if (family.revoked) {
      return new Refused("the refresh token was revoked");
    }
    if (!family.current.filter(token::equals).isPresent()) {
      family.revoked = true;
      return new Refused(
          "the refresh token was rotated already; every token of its grant is revoked");
    }
    if (!now.isBefore(entry.expires())) {
      return new Refused("the refresh token expired");
    }
    return new Rotated(family.approval, issueRefreshToken(family, now));
  }

  private void purge(Instant now) {
    if (codes.size() + usedCodes.size() + refreshTokens.size() < MAX_ENTRIES) {
      return;
    }
    codes.values().removeIf(code -> !now.isBefore(code.expires()));
    usedCodes.values().removeIf(code -> !now.isBefore(code.expires().plus(REFRESH_LIFETIME)));
    for (Iterator<Refresh> it = refreshTokens.values().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().expires())) {
        it.remove();
      }
    }
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
