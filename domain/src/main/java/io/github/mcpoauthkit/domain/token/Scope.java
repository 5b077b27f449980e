package io.github.mcpoauthkit.domain.token;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One OAuth scope token (RFC 6749 §3.3): one or more of the characters {@code %x21 / %x23-5B /
 * %x5D-7E}, so never a space, a double quote or a backslash.
 *
 * @param value the scope token
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-3.3">RFC 6749 §3.3</a>
 */
public record Scope(String value) {

  /**
   * {@code offline_access} (OpenID Connect Core §11): asks the authorization server for a refresh
   * token. It is no permission on a resource, so MCP 2026-07-28 says a resource server SHOULD NOT
   * list it in {@code scopes_supported} nor in a challenge; see {@link #withoutOfflineAccess}.
   */
  public static final Scope OFFLINE_ACCESS = new Scope("offline_access");

  /**
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is not a valid scope token
   */
  public Scope {
    Objects.requireNonNull(value, "value");
    if (!isValid(value)) {
      throw new IllegalArgumentException(
          "not a valid OAuth scope token (RFC 6749 §3.3: printable ASCII without space, '\"' or"
              + " '\\'): '"
              + printable(value)
              + "'");
    }
  }

  /** Whether {@code value} is a valid scope token; never throws. */
  public static boolean isValid(String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code scopes} without {@link #OFFLINE_ACCESS}, in their order: what a resource server may
   * advertise or ask for.
   */
  public static Set<Scope> withoutOfflineAccess(Set<Scope> scopes) {
    if (!scopes.contains(OFFLINE_ACCESS)) {
      return scopes;
    }
    Set<Scope> rest = new LinkedHashSet<>(scopes);
    rest.remove(OFFLINE_ACCESS);
    return rest;
  }

  /**
   * Parses a space-delimited scope list such as the {@code scope} claim or a configuration value.
   * Runs of spaces are tolerated; the order of first appearance is kept and duplicates dropped.
   *
   * @throws IllegalArgumentException if a member is not a valid scope token
   */
  public static Set<Scope> parseList(String spaceDelimited) {
    Objects.requireNonNull(spaceDelimited, "spaceDelimited");
    Set<Scope> scopes = new LinkedHashSet<>();
    for (String part : spaceDelimited.split(" ")) {
      if (!part.isEmpty()) {
        scopes.add(new Scope(part));
      }
    }
    return Collections.unmodifiableSet(scopes);
  }

  /** Renders scopes as one space-delimited list, in iteration order. */
  public static String join(Collection<Scope> scopes) {
    StringBuilder joined = new StringBuilder();
    for (Scope scope : scopes) {
      if (!joined.isEmpty()) {
        joined.append(' ');
      }
      joined.append(scope.value);
    }
    return joined.toString();
  }

  private static String printable(String value) {
    StringBuilder out = new StringBuilder();
    value
        .codePoints()
        .limit(64)
        .forEach(cp -> out.append(cp < 0x20 || cp == 0x7F ? "?" : Character.toString(cp)));
    return out.toString();
  }

  @Override
  public String toString() {
    return value;
  }
}
