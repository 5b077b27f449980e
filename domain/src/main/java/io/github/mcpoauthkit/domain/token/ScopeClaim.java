package io.github.mcpoauthkit.domain.token;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A claim whose values count as granted scopes. {@code scope} is RFC 9068's; {@code scp} is
 * Microsoft Entra ID's (and Okta's) for delegated tokens; {@code roles} is Entra ID's for app-only
 * ({@code client_credentials}) tokens, where an application permission arrives as an app role.
 */
public enum ScopeClaim {
  /** {@code scope}: a space-delimited string (RFC 9068 §2.2.3) or an array. */
  SCOPE("scope"),
  /** {@code scp}: a space-delimited string (Entra ID) or an array. */
  SCP("scp"),
  /** {@code roles}: an array of app role values (Entra ID). */
  ROLES("roles");

  /** {@code scope} and {@code scp}: what counts unless configured otherwise. */
  public static final Set<ScopeClaim> DEFAULT = Collections.unmodifiableSet(EnumSet.of(SCOPE, SCP));

  private final String claimName;

  ScopeClaim(String claimName) {
    this.claimName = claimName;
  }

  /** The claim's name in a token. */
  public String claimName() {
    return claimName;
  }
}
