package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeHierarchyTest {

  private static final Scope ADMIN = new Scope("mcp:admin");
  private static final Scope WRITE = new Scope("mcp:write");
  private static final Scope READ = new Scope("mcp:read");
  private static final Scope FILES = new Scope("files:read");

  private static final ScopeHierarchy HIERARCHY =
      ScopeHierarchy.ofChains(List.of(List.of(ADMIN, WRITE, READ), List.of(ADMIN, FILES)));

  @Test
  void a_broader_scope_implies_every_narrower_one_transitively() {
    assertThat(HIERARCHY.impliedBy(ADMIN)).containsExactlyInAnyOrder(WRITE, READ, FILES);
    assertThat(HIERARCHY.impliedBy(WRITE)).containsExactly(READ);
    assertThat(HIERARCHY.impliedBy(READ)).isEmpty();
  }

  @Test
  void effective_scopes_add_what_the_granted_ones_imply_and_nothing_upwards() {
    assertThat(HIERARCHY.effective(Set.of(WRITE))).containsExactlyInAnyOrder(WRITE, READ);
    assertThat(HIERARCHY.effective(Set.of(READ))).containsExactly(READ);
    assertThat(HIERARCHY.effective(Set.of(ADMIN)))
        .containsExactlyInAnyOrder(ADMIN, WRITE, READ, FILES);
  }

  @Test
  void granted_scopes_that_imply_nothing_come_back_as_they_are() {
    Set<Scope> granted = Set.of(READ, new Scope("profile"));

    assertThat(HIERARCHY.effective(granted)).isSameAs(granted);
    assertThat(ScopeHierarchy.NONE.effective(granted)).isSameAs(granted);
  }

  @Test
  void a_cycle_is_refused_naming_it() {
    assertThatThrownBy(
            () -> ScopeHierarchy.ofChains(List.of(List.of(ADMIN, WRITE), List.of(WRITE, ADMIN))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the scope hierarchy has a cycle: mcp:admin>mcp:write>mcp:admin");
    assertThatThrownBy(() -> ScopeHierarchy.ofChains(List.of(List.of(READ, READ))))
        .hasMessage("the scope hierarchy has a cycle: mcp:read>mcp:read");
  }

  @Test
  void a_chain_of_one_scope_is_refused() {
    assertThatThrownBy(() -> ScopeHierarchy.ofChains(List.of(List.of(ADMIN))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least two scopes");
  }

  @Test
  void no_chains_make_the_empty_hierarchy() {
    assertThat(ScopeHierarchy.ofChains(List.of())).isSameAs(ScopeHierarchy.NONE);
    assertThat(ScopeHierarchy.NONE.isEmpty()).isTrue();
    assertThat(HIERARCHY.isEmpty()).isFalse();
  }
}
