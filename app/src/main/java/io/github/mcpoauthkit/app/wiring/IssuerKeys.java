package io.github.mcpoauthkit.app.wiring;

import io.github.mcpoauthkit.adapter.nimbus.NimbusTokenDecoder;
import io.github.mcpoauthkit.application.ConnectingTokenDecoder;
import io.github.mcpoauthkit.domain.resource.IssuerMetadata;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.port.driven.TokenDecoder;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trusted issuer's keys: fetched at startup, or, when the issuer could not be reached then and
 * {@code OAUTH_START_DEGRADED} is on, still being fetched in the background ({@link
 * ConnectingTokenDecoder}). Thread-safe.
 */
public final class IssuerKeys implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IssuerKeys.class);

  private final Issuer issuer;
  private final TokenDecoder decoder;
  private final Optional<ConnectingTokenDecoder> connecting;
  private final AtomicReference<Connected> keys;
  private final AtomicReference<String> lastFailure = new AtomicReference<>();
  private volatile boolean closed;

  private IssuerKeys(Issuer issuer, Connected connected) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.keys = new AtomicReference<>(Objects.requireNonNull(connected, "connected"));
    this.decoder = connected.decoder();
    this.connecting = Optional.empty();
  }

  private IssuerKeys(Issuer issuer, Supplier<Connected> connect, String firstFailure) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.keys = new AtomicReference<>();
    this.lastFailure.set(firstFailure);
    ConnectingTokenDecoder retrying =
        ConnectingTokenDecoder.retrying(
            () -> adopt(connect.get()),
            ConnectingTokenDecoder.Backoff.DEFAULT,
            ConnectingTokenDecoder.Scheduler.daemonThread("issuer-connect " + issuer.value()),
            Clock.systemUTC(),
            () -> ThreadLocalRandom.current().nextDouble(),
            new Reporter());
    this.decoder = retrying;
    this.connecting = Optional.of(retrying);
  }

  /**
   * What connecting to an issuer gave.
   *
   * @param metadata its discovery document
   * @param decoder checks signatures against its keys only
   */
  public record Connected(IssuerMetadata metadata, NimbusTokenDecoder decoder) {
    /**
     * @throws NullPointerException if an argument is null
     */
    public Connected {
      Objects.requireNonNull(metadata, "metadata");
      Objects.requireNonNull(decoder, "decoder");
    }
  }

  /** Keys fetched at startup. */
  public static IssuerKeys connected(Issuer issuer, Connected connected) {
    return new IssuerKeys(issuer, connected);
  }

  /**
   * Keys not fetched at startup because {@code failure} said the issuer cannot be reached: tokens
   * of {@code issuer} are answered 503 while {@code connect} is retried in the background.
   *
   * @param connect discovers the issuer and fetches its keys, or throws
   */
  public static IssuerKeys connecting(
      Issuer issuer, Supplier<Connected> connect, RuntimeException failure) {
    return new IssuerKeys(issuer, connect, summary(failure));
  }

  /** The issuer's discovery and key-set messages without their list of what to check. */
  public static String summary(RuntimeException failure) {
    String message = String.valueOf(failure.getMessage());
    int check = message.indexOf("\nCheck:");
    return (check < 0 ? message : message.substring(0, check)).strip().replace("\n", "; ");
  }

  private NimbusTokenDecoder adopt(Connected made) {
    keys.set(made);
    if (closed) {
      made.decoder().close();
    }
    return made.decoder();
  }

  /** The issuer these keys are of. */
  public Issuer issuer() {
    return issuer;
  }

  /** What checks signatures: the issuer's decoder, or one that answers 503 until it is reached. */
  public TokenDecoder decoder() {
    return decoder;
  }

  /** The issuer's key set, once it was fetched. */
  public Optional<NimbusTokenDecoder> keySet() {
    return Optional.ofNullable(keys.get()).map(Connected::decoder);
  }

  /** The issuer's discovery document, once it was fetched. */
  public Optional<IssuerMetadata> metadata() {
    return Optional.ofNullable(keys.get()).map(Connected::metadata);
  }

  /** Whether the issuer has not been reached yet (its tokens are answered 503). */
  public boolean pending() {
    return keys.get() == null;
  }

  /**
   * What readiness shows of this issuer: its signing keys and the last failed JWKS fetch, or that
   * it is still being connected to and why the last attempt failed.
   */
  public Map<String, Object> readinessDetails() {
    Map<String, Object> details = new LinkedHashMap<>();
    NimbusTokenDecoder held = keySet().orElse(null);
    if (held == null) {
      details.put("signingKeys", 0);
      details.put("connecting", true);
      Optional.ofNullable(lastFailure.get())
          .ifPresent(failure -> details.put("lastAttempt", failure));
      return details;
    }
    NimbusTokenDecoder.KeySetHealth health = held.health();
    details.put("signingKeys", health.keys());
    health.lastFetchFailure().ifPresent(failure -> details.put("lastJwksFetch", failure));
    return details;
  }

  /** Stops the attempts, if any, then the key set's refreshes. */
  @Override
  public void close() {
    closed = true;
    connecting.ifPresent(ConnectingTokenDecoder::close);
    keySet().ifPresent(NimbusTokenDecoder::close);
  }

  private final class Reporter implements ConnectingTokenDecoder.Listener {
    @Override
    public void attemptFailed(int failures, RuntimeException cause, Duration nextAttemptIn) {
      String failure = summary(cause);
      lastFailure.set(failure);
      LOG.warn(
          "Issuer {} still unreachable (attempt {}): {}; its tokens get 503; next attempt in {} ms",
          issuer.value(),
          failures,
          failure,
          nextAttemptIn.toMillis());
    }

    @Override
    public void connected(int failures) {
      lastFailure.set(null);
      LOG.info(
          "Issuer {} reachable again (connected on attempt {}): its tokens are checked with its"
              + " keys from now on",
          issuer.value(),
          failures + 1);
    }
  }
}
