package io.github.mcpoauthkit.domain.token;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which scopes imply which: a broader scope (such as {@code mcp:admin}) grants every narrower one
 * it implies (such as {@code mcp:write} and, through it, {@code mcp:read}). MCP 2026-07-28 requires
 * a server to account for such hierarchies in every scope decision. Immutable and thread-safe; the
 * transitive closure is computed once, at construction.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization">MCP
 *     2026-07-28, Authorization: scope hierarchies</a>
 */
public final class ScopeHierarchy {

  /** No scope implies another. */
  public static final ScopeHierarchy NONE = new ScopeHierarchy(Map.of());

  /** For each scope, every scope it implies, directly or through others; never itself. */
  private final Map<Scope, Set<Scope>> implied;

  private ScopeHierarchy(Map<Scope, Set<Scope>> implied) {
    this.implied = implied;
  }

  /**
   * A hierarchy from chains, each listing scopes from the broadest to the narrowest: the chain
   * {@code [mcp:admin, mcp:write, mcp:read]} says that {@code mcp:admin} implies {@code mcp:write}
   * and {@code mcp:write} implies {@code mcp:read}. Chains may share scopes (a scope may imply
   * several, or be implied by several).
   *
   * @throws IllegalArgumentException if a chain has fewer than two scopes, or the chains make a
   *     cycle (a scope that would imply itself), naming the cycle
   * @throws NullPointerException if an argument or a member is null
   */
  public static ScopeHierarchy ofChains(List<List<Scope>> chains) {
    Objects.requireNonNull(chains, "chains");
    Map<Scope, Set<Scope>> direct = new LinkedHashMap<>();
    for (List<Scope> chain : chains) {
      if (chain.size() < 2) {
        throw new IllegalArgumentException(
            "a scope chain needs at least two scopes, broader first, e.g. mcp:admin>mcp:read;"
                + " got "
                + chain);
      }
      for (int i = 0; i + 1 < chain.size(); i++) {
        Scope broader = Objects.requireNonNull(chain.get(i), "scope");
        Scope narrower = Objects.requireNonNull(chain.get(i + 1), "scope");
        direct.computeIfAbsent(broader, scope -> new LinkedHashSet<>()).add(narrower);
      }
    }
    Map<Scope, Set<Scope>> closure = new LinkedHashMap<>();
    for (Scope scope : direct.keySet()) {
      closure.put(scope, Collections.unmodifiableSet(reachable(scope, direct)));
    }
    return closure.isEmpty() ? NONE : new ScopeHierarchy(Collections.unmodifiableMap(closure));
  }

  private static Set<Scope> reachable(Scope start, Map<Scope, Set<Scope>> direct) {
    Set<Scope> seen = new LinkedHashSet<>();
    Deque<List<Scope>> paths = new ArrayDeque<>();
    paths.push(List.of(start));
    while (!paths.isEmpty()) {
      List<Scope> path = paths.pop();
      Scope last = path.get(path.size() - 1);
      for (Scope next : direct.getOrDefault(last, Set.of())) {
        if (next.equals(start)) {
          StringBuilder cycle = new StringBuilder();
          for (Scope scope : path) {
            cycle.append(scope.value()).append('>');
          }
          throw new IllegalArgumentException(
              "the scope hierarchy has a cycle: " + cycle + start.value());
        }
        if (seen.add(next)) {
          List<Scope> longer = new java.util.ArrayList<>(path);
          longer.add(next);
          paths.push(longer);
        }
      }
    }
    return seen;
  }

  /** Whether no scope implies another. */
  public boolean isEmpty() {
    return implied.isEmpty();
  }

  /**
   * The scopes {@code granted} amounts to: the granted ones and every scope they imply.
   *
   * @return {@code granted} itself when nothing is implied
   */
  public Set<Scope> effective(Set<Scope> granted) {
    Objects.requireNonNull(granted, "granted");
    Set<Scope> effective = null;
    for (Scope scope : granted) {
      Set<Scope> more = implied.get(scope);
      if (more != null) {
        if (effective == null) {
          effective = new LinkedHashSet<>(granted);
        }
        effective.addAll(more);
      }
    }
    return effective == null ? granted : Collections.unmodifiableSet(effective);
  }

  /** Every scope {@code scope} implies, directly or not; empty if none. */
  public Set<Scope> impliedBy(Scope scope) {
    return implied.getOrDefault(Objects.requireNonNull(scope, "scope"), Set.of());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ScopeHierarchy that && implied.equals(that.implied);
  }

  @Override
  public int hashCode() {
    return implied.hashCode();
  }

  @Override
  public String toString() {
    return "ScopeHierarchy" + implied;
  }
}
