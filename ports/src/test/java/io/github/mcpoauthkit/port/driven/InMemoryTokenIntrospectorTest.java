package io.github.mcpoauthkit.port.driven;

import io.github.mcpoauthkit.domain.token.BearerToken;
import io.github.mcpoauthkit.testing.InMemoryTokenIntrospector;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The contract holds for the in-memory double too, so tests using it test something real. */
class InMemoryTokenIntrospectorTest implements TokenIntrospectorContract {

  private final InMemoryTokenIntrospector introspector = new InMemoryTokenIntrospector();

  InMemoryTokenIntrospectorTest() {
    introspector.activate(
        "active-token",
        Map.of(
            "sub",
            "user-1",
            "exp",
            4_102_444_800L,
            "aud",
            List.of("a", "b"),
            "cnf",
            Map.of("jkt", "x")));
    introspector.activate("revoked-token", Map.of("sub", "user-2", "exp", 4_102_444_800L));
    introspector.revoke("revoked-token");
  }

  @Override
  public TokenIntrospector introspector() {
    return introspector;
  }

  @Override
  public BearerToken activeToken() {
    return new BearerToken("active-token");
  }

  @Override
  public BearerToken inactiveToken() {
    return new BearerToken("revoked-token");
  }

  @Override
  public TokenIntrospector unavailableIntrospector() {
    InMemoryTokenIntrospector down = new InMemoryTokenIntrospector();
    down.activate("active-token", Map.of("sub", "user-1", "exp", 4_102_444_800L));
    down.goDown(IntrospectionResult.Reason.TIMEOUT, Duration.ofSeconds(5));
    return down;
  }
}
