package io.github.mcpoauthkit.streamablehttp;

import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.server.HmacRequestStateCodec;
import io.modelcontextprotocol.modern.server.RequestStateCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code requestState} of MCP 2026-07-28 multi round-trip requests, sealed with HMAC-SHA256 and
 * bound to the verified token's issuer and subject, an expiry, the method and the primitive's name
 * ({@code Mcp-Name}). A state sealed for one principal and replayed by another, altered, expired,
 * or sent with another method or tool is refused by the SDK server with -32602 {@code Invalid or
 * expired requestState} before any handler runs.
 *
 * <p>Give every replica the same key, so that a retry may land on any of them.
 */
public final class PrincipalBoundRequestState {

  /** The shortest key accepted: 256 bits, the HMAC-SHA256 block strength. */
  public static final int MIN_KEY_BYTES = 32;

  private PrincipalBoundRequestState() {}

  /**
   * A codec for {@code McpServer.builder().requestStateCodec(...)}.
   *
   * @param key the HMAC key, at least {@link #MIN_KEY_BYTES} bytes
   * @param ttl how long a sealed state may be sent back
   * @param clock the clock expiries are measured by
   * @throws IllegalArgumentException if the key is shorter than {@link #MIN_KEY_BYTES} bytes or the
   *     ttl is not positive
   */
  public static RequestStateCodec codec(byte[] key, Duration ttl, Clock clock) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(clock, "clock");
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the requestState key must have at least " + MIN_KEY_BYTES + " bytes");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the requestState ttl must be positive, was " + ttl);
    }
    return HmacRequestStateCodec.builder()
        .key(key.clone())
        .ttl(ttl)
        .clock(clock)
        .jsonMapper(McpJson.mcpMapper())
        .principalExtractor(PrincipalBoundRequestState::principal)
        .build();
  }

  /**
   * The principal a state is bound to: issuer and subject, never absent, since the transport
   * authenticates every request before the server sees it. A context without a principal binds to a
   * value no token can produce, so nothing sealed for it opens for a caller.
   */
  static String principal(McpTransportContext context) {
    return AuthenticatedPrincipal.from(context)
        .map(PrincipalBoundRequestState::principal)
        .orElse("\u0000unauthenticated");
  }

  private static String principal(VerifiedToken token) {
    // The issuer is a URL and has no space; the subject comes after it, whole.
    return token.issuer().value() + " " + token.subject();
  }
}
