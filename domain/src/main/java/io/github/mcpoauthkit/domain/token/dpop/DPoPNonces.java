package io.github.mcpoauthkit.domain.token.dpop;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-provided DPoP nonces (RFC 9449 §9): a client must put the latest nonce the server gave it
 * in the {@code nonce} claim of each proof, so that proofs cannot be made ahead of time.
 *
 * <p>Stateless: time is cut into windows of {@code lifetime}; the nonce of window {@code w} is
 * {@code base64url(w || HMAC-SHA256(key, w)[0..16])}. A nonce is accepted during its own window and
 * the next, so between one and two lifetimes after it was first handed out; replicas that share the
 * key accept each other's nonces, and nothing is stored per client. Nonces of the last two windows
 * are kept, so checking one costs a string comparison, not a MAC. Thread-safe.
 */
public final class DPoPNonces {

  /** The shortest key accepted, in bytes (HMAC-SHA256's output size). */
  public static final int MIN_KEY_BYTES = 32;

  /** The longest lifetime accepted: a nonce must stay "seconds or minutes" fresh. */
  public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

  private static final byte[] LABEL = "mcp-oauth-kit dpop nonce".getBytes(StandardCharsets.UTF_8);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private record Window(long index, String nonce) {}

  private final byte[] key;
  private final long lifetimeMillis;
  private volatile Window latest = new Window(Long.MIN_VALUE, "");
  private volatile Window previous = new Window(Long.MIN_VALUE, "");

  /**
   * @param key the HMAC key, at least {@link #MIN_KEY_BYTES} bytes; replicas that share it accept
   *     each other's nonces
   * @param lifetime the length of a window, from one second to {@link #MAX_LIFETIME}
   * @throws IllegalArgumentException if the key is too short or the lifetime out of range
   */
  public DPoPNonces(byte[] key, Duration lifetime) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lifetime, "lifetime");
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "a DPoP nonce key needs at least " + MIN_KEY_BYTES + " bytes, not " + key.length);
    }
    if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException(
          "a DPoP nonce lifetime must be between 1s and " + MAX_LIFETIME.toMinutes() + "m");
    }
    this.key = key.clone();
    this.lifetimeMillis = lifetime.toMillis();
  }

  /** The nonce to hand out at {@code now}. */
  public String current(Instant now) {
    return window(Math.floorDiv(now.toEpochMilli(), lifetimeMillis)).nonce();
  }

  /**
   * Whether {@code nonce} is one this server (or a replica with the same key) handed out in the
   * window of {@code now} or the one before.
   */
  public boolean accepts(String nonce, Instant now) {
    Objects.requireNonNull(nonce, "nonce");
    long index = Math.floorDiv(now.toEpochMilli(), lifetimeMillis);
    byte[] presented = nonce.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(presented, ascii(window(index).nonce()))
        || MessageDigest.isEqual(presented, ascii(window(index - 1).nonce()));
  }

  private Window window(long index) {
    Window newest = latest;
    if (newest.index() == index) {
      return newest;
    }
    Window older = previous;
    if (older.index() == index) {
      return older;
    }
    Window made = new Window(index, make(index));
    // Keep the two newest windows; a thread late by a window computes its own and keeps nothing.
    synchronized (this) {
      if (index > latest.index()) {
        previous = latest;
        latest = made;
      } else if (index > previous.index() && index < latest.index()) {
        previous = made;
      }
    }
    return made;
  }

  private String make(long index) {
    byte[] window = ByteBuffer.allocate(Long.BYTES).putLong(index).array();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(LABEL);
      byte[] tag = mac.doFinal(window);
      byte[] nonce = new byte[Long.BYTES + 16];
      System.arraycopy(window, 0, nonce, 0, Long.BYTES);
      System.arraycopy(tag, 0, nonce, Long.BYTES, 16);
      String text = B64.encodeToString(nonce);
      Arrays.fill(tag, (byte) 0);
      return text;
    } catch (GeneralSecurityException e) {
      // Every Java platform has HmacSHA256 (java.security.Security's required algorithms).
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
