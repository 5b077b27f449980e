package io.github.mcpoauthkit.app.config;

import java.util.Arrays;

/**
 * An HMAC key of a setting: {@code MCP_REQUEST_STATE_KEY} seals MCP 2026-07-28 {@code
 * requestState}, {@code OAUTH_DPOP_NONCE_KEY} makes DPoP nonces; each the same on every replica, so
 * that a retry may land on any of them. Its bytes never appear in {@link #toString()}.
 */
public final class HmacKey {

  private final byte[] bytes;

  HmacKey(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  /** The key's bytes, a copy. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HmacKey key && Arrays.equals(bytes, key.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "HmacKey[" + bytes.length + " bytes, redacted]";
  }
}
