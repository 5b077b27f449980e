package io.github.mcpoauthkit.port.driven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.mcpoauthkit.domain.token.BearerToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TokenIntrospector} must do (RFC 7662 §2). An implementation's test class
 * implements this interface and its factory methods; JUnit runs the default methods.
 */
public interface TokenIntrospectorContract {

  /** The introspector under test, talking to an issuer that answers. */
  TokenIntrospector introspector();

  /** A token that issuer reports active; its answer carries {@code exp} and {@code sub}. */
  BearerToken activeToken();

  /** A token that issuer issued and reports not active (revoked or expired). */
  BearerToken inactiveToken();

  /** An introspector built like {@link #introspector()} whose endpoint cannot answer now. */
  TokenIntrospector unavailableIntrospector();

  @Test
  default void an_active_token_is_reported_with_the_issuers_members() {
    IntrospectionResult result = introspector().introspect(activeToken());

    assertThat(result).isInstanceOf(IntrospectionResult.Active.class);
    Map<String, Object> response = ((IntrospectionResult.Active) result).response();
    assertThat(response).containsEntry("active", true).containsKeys("exp", "sub");
    assertThat(response.get("exp")).isInstanceOf(Number.class);
  }

  @Test
  default void the_answer_holds_only_json_values_and_cannot_be_changed() {
    IntrospectionResult.Active result =
        (IntrospectionResult.Active) introspector().introspect(activeToken());

    assertOnlyJsonValues(result.response());
    assertThatCode(() -> result.response().put("active", false))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  default void an_inactive_token_is_reported_inactive() {
    assertThat(introspector().introspect(inactiveToken()))
        .isInstanceOf(IntrospectionResult.Inactive.class);
  }

  @Test
  default void a_token_the_issuer_never_issued_is_inactive() {
    BearerToken unknown = new BearerToken("never-issued-" + UUID.randomUUID());

    assertThat(introspector().introspect(unknown)).isInstanceOf(IntrospectionResult.Inactive.class);
  }

  @Test
  default void an_endpoint_that_cannot_answer_is_unavailable_never_active() {
    IntrospectionResult result = unavailableIntrospector().introspect(activeToken());

    assertThat(result).isInstanceOf(IntrospectionResult.Unavailable.class);
    assertThat(((IntrospectionResult.Unavailable) result).retryAfter()).isPositive();
  }

  @Test
  default void concurrent_calls_each_get_their_own_answer() throws Exception {
    TokenIntrospector introspector = introspector();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<IntrospectionResult>> active = new ArrayList<>();
      List<Future<IntrospectionResult>> inactive = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        active.add(pool.submit(() -> introspector.introspect(activeToken())));
        inactive.add(pool.submit(() -> introspector.introspect(inactiveToken())));
      }
      for (Future<IntrospectionResult> result : active) {
        assertThat(result.get()).isInstanceOf(IntrospectionResult.Active.class);
      }
      for (Future<IntrospectionResult> result : inactive) {
        assertThat(result.get()).isInstanceOf(IntrospectionResult.Inactive.class);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void a_null_token_is_refused() {
    assertThatNullPointerException().isThrownBy(() -> introspector().introspect(null));
  }

  private static void assertOnlyJsonValues(Object value) {
    if (value instanceof Map<?, ?> object) {
      object.forEach(
          (name, member) -> {
            assertThat(name).isInstanceOf(String.class);
            assertOnlyJsonValues(member);
          });
    } else if (value instanceof List<?> array) {
      array.forEach(TokenIntrospectorContract::assertOnlyJsonValues);
    } else if (value != null) {
      assertThat(value).isInstanceOfAny(String.class, Number.class, Boolean.class);
    }
  }
}
