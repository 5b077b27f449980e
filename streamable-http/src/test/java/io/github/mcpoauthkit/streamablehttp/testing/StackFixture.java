package io.github.mcpoauthkit.streamablehttp.testing;

import io.github.mcpoauthkit.contract.McpModernHttpFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP contract's fixture on a {@link TestMcpStack}: a web adapter's contract test extends it,
 * says which stack ({@link #newStack()}) and which web server ({@link #serve(TestMcpStack)}), and
 * implements the contract interface. One server per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StackFixture implements McpModernHttpFixture {

  /**
   * The servers' idle timeout: short, so that the contract's idle-connection test takes seconds.
   * The test JVMs' HTTP client drops its own idle connections sooner (failsafe sets {@code
   * jdk.httpclient.keepalive.timeout} to 1 s), so it never sends on one the server is closing.
   */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);

  /** The stateful servers' session limit: low, so that the contract can fill it quickly. */
  public static final int MAX_SESSIONS = 100;

  /** The open {@code subscriptions/listen} streams one subject may keep: few, to fill quickly. */
  public static final int MAX_SUBSCRIPTIONS_PER_SUBJECT = 3;

  private TestMcpStack stack;

  /** The stack under test: stateful, with at most {@link #MAX_SESSIONS} sessions. */
  protected TestMcpStack newStack() {
    return TestMcpStack.onFreePort(
        false,
        settings ->
            settings
                .maxSessions(MAX_SESSIONS)
                .maxSubscriptionsPerSubject(MAX_SUBSCRIPTIONS_PER_SUBJECT));
  }

  /**
   * Starts the adapter's web server on the stack's port with the stack's handler, closing
   * connections idle for {@link #connectionIdleTimeout()}.
   */
  protected abstract AutoCloseable serve(TestMcpStack stack);

  @BeforeAll
  void startStack() {
    stack = newStack();
    stack.serving(serve(stack));
  }

  @AfterAll
  void stopStack() {
    stack.close();
  }

  @Override
  public int maxSessions() {
    return MAX_SESSIONS;
  }

  @Override
  public Duration connectionIdleTimeout() {
    return IDLE_TIMEOUT;
  }

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + stack.port();
  }

  @Override
  public String mcpUrl() {
    return stack.mcpUrl();
  }

  @Override
  public String issuer() {
    return TestMcpStack.ISSUER.value();
  }

  @Override
  public String token(String subject, String scope) {
    return stack.token(subject, scope);
  }

  @Override
  public String expiredToken(String subject) {
    return stack.expiredToken(subject);
  }

  @Override
  public String otherAudienceToken(String subject) {
    return stack.tokenForOtherAudience(subject);
  }

  @Override
  public String tokenWithUnknownKey(String subject) {
    return stack.tokenWithUnknownKey(subject);
  }

  @Override
  public void keySetReachable(boolean reachable) {
    stack.keySetReachable(reachable);
  }

  @Override
  public void advanceRequestStateClock(Duration duration) {
    stack.advanceRequestStateClock(duration);
  }

  @Override
  public long cancelledModernCalls() {
    return stack.cancelledModernCalls();
  }

  @Override
  public boolean awaitModernStall(Duration timeout) throws InterruptedException {
    return stack.awaitModernStall(timeout);
  }

  @Override
  public int maxSubscriptionsPerSubject() {
    return MAX_SUBSCRIPTIONS_PER_SUBJECT;
  }
}
