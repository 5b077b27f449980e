package io.github.mcpoauthkit.contract;

import java.time.Duration;

/**
 * What the HTTP contract tests need of a running protected MCP server: where it listens, and tokens
 * its token verifier accepts or refuses for known reasons. Implemented by an adapter's test class,
 * which starts the server (once per test class is enough: every test opens its own MCP sessions).
 *
 * <p>The server's resource URL is {@link #mcpUrl()}; requests are sent to the same path on {@link
 * #baseUrl()}. Its browser origins must include the origin of {@link #mcpUrl()}, and exclude {@code
 * http://evil.example}. Implementations must be usable from the test thread only.
 */
public interface McpHttpFixture {

  /** Where the server listens, without a trailing slash: {@code http://127.0.0.1:PORT}. */
  String baseUrl();

  /**
   * The configured resource URL, the {@code resource} of the metadata: {@code
   * http://localhost:PORT/mcp}. Its path is the MCP endpoint; its origin is an allowed {@code
   * Origin}.
   */
  String mcpUrl();

  /** The issuer the server trusts, its only {@code authorization_servers} entry. */
  String issuer();

  /**
   * A valid access token for {@code subject}, for the audience {@link #mcpUrl()}, expiring in the
   * future.
   *
   * @param scope the space-separated {@code scope} claim; may be empty
   */
  String token(String subject, String scope);

  /** A token that is valid in every way except that it expired an hour ago. */
  String expiredToken(String subject);

  /** A token that is valid in every way except that its audience is another resource. */
  String otherAudienceToken(String subject);

  /**
   * A well-formed token signed by a key the server's key set does not hold. While the key set is
   * reachable it is refused (401); while it is not, the server cannot decide (503).
   */
  String tokenWithUnknownKey(String subject);

  /**
   * Makes the issuer's key set unreachable ({@code false}) or reachable again ({@code true}). Tests
   * that make it unreachable restore it before they end.
   */
  void keySetReachable(boolean reachable);

  /** The largest request body the server reads; the library's default is 4 MiB. */
  default int maxBodyBytes() {
    return 4 * 1024 * 1024;
  }

  /**
   * The most MCP sessions the server keeps at once; the library's default is 10 000. A server under
   * test should keep fewer (about a hundred), since a test opens that many.
   */
  default int maxSessions() {
    return 10_000;
  }

  /**
   * How long the server keeps a connection that carries no request; the library's default is 60 s.
   * A server under test should close them after a few seconds, since a test waits that long.
   */
  default Duration connectionIdleTimeout() {
    return Duration.ofSeconds(60);
  }
}
