package io.github.mcpoauthkit.app.config;

import java.util.Arrays;

/**
 * The HMAC key that seals MCP 2026-07-28 {@code requestState} ({@code MCP_REQUEST_STATE_KEY}): the
 * same on every replica, so that a retry may land on any of them. Its bytes never appear in {@link
 * #toString()}.
 */
public final class RequestStateKey {

  private final byte[] bytes;

  RequestStateKey(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  /** The key's bytes, a copy. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RequestStateKey key && Arrays.equals(bytes, key.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "RequestStateKey[" + bytes.length + " bytes, redacted]";
  }
}
