package io.github.mcpoauthkit.bench;

import io.github.mcpoauthkit.adapter.nimbus.HttpSettings;
import io.github.mcpoauthkit.adapter.nimbus.KeySetSettings;
import io.github.mcpoauthkit.adapter.nimbus.NimbusTokenDecoder;
import io.github.mcpoauthkit.application.CacheSettings;
import io.github.mcpoauthkit.application.TokenVerificationService;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.domain.token.Verdict;
import io.github.mcpoauthkit.port.driving.AuthenticationRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kit's whole verification path, {@link TokenVerificationService#authenticate}, as production
 * wires it: a {@link NimbusTokenDecoder} that fetched its JWKS over HTTP (from a loopback server
 * started in setup) and the validation policy with issuer, audience and a required scope.
 *
 * <p>Every op starts from the raw bytes of the {@code Authorization} header, as a web server hands
 * them over: the header string, the {@link AuthenticationRequest} and everything after are built
 * anew, so a cache hit pays for hashing and comparing a fresh token string, as it does in service.
 * Setup proves that each token is accepted: timing a rejection would measure nothing useful.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(3)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class KitVerificationBenchmark {

  /** A service with the verified-token cache off: every op checks the signature. */
  @State(Scope.Benchmark)
  public static class Uncached {
    Kit kit;

    /** Starts the JWKS server, connects the decoder and proves both tokens are accepted. */
    @Setup
    public void setUp() {
      kit = Kit.start(CacheSettings.disabled());
      kit.expectAccepted(kit.rs256Header);
      kit.expectAccepted(kit.es256Header);
    }

    /** Stops the decoder's refresh threads and the JWKS server. */
    @TearDown
    public void tearDown() {
      kit.close();
    }
  }

  /** A service with the default cache, the RS256 token already verified once. */
  @State(Scope.Benchmark)
  public static class Cached {
    Kit kit;

    /** Starts the service and warms the cache with the token. */
    @Setup
    public void setUp() {
      kit = Kit.start(CacheSettings.DEFAULT);
      kit.expectAccepted(kit.rs256Header);
      if (kit.service.cachedTokens() != 1) {
        throw new IllegalStateException("the accepted token was not cached");
      }
    }

    /** Stops the decoder's refresh threads and the JWKS server. */
    @TearDown
    public void tearDown() {
      kit.close();
    }
  }

  @Benchmark
  public Verdict uncachedRs256(Uncached state) {
    return authenticate(state.kit.service, state.kit.rs256Header);
  }

  @Benchmark
  public Verdict uncachedEs256(Uncached state) {
    return authenticate(state.kit.service, state.kit.es256Header);
  }

  @Benchmark
  public Verdict cacheHit(Cached state) {
    return authenticate(state.kit.service, state.kit.rs256Header);
  }

  private static Verdict authenticate(TokenVerificationService service, byte[] header) {
    String value = new String(header, StandardCharsets.US_ASCII);
    return service.authenticate(AuthenticationRequest.ofHeaders(List.of(value)));
  }

  /** The JWKS server, the decoder and the service over them. */
  static final class Kit implements AutoCloseable {
    final LoopbackJwksServer jwks;
    final NimbusTokenDecoder decoder;
    final TokenVerificationService service;
    final byte[] rs256Header;
    final byte[] es256Header;

    private Kit(LoopbackJwksServer jwks, NimbusTokenDecoder decoder, CacheSettings cache) {
      this.jwks = jwks;
      this.decoder = decoder;
      ValidationPolicy policy = BenchmarkTokens.policy();
      this.service = new TokenVerificationService(decoder, policy, Clock.systemUTC(), cache);
      BenchmarkTokens tokens = BenchmarkTokens.get();
      this.rs256Header = BenchmarkTokens.authorizationHeaderBytes(tokens.rs256Token);
      this.es256Header = BenchmarkTokens.authorizationHeaderBytes(tokens.es256Token);
    }

    static Kit start(CacheSettings cache) {
      LoopbackJwksServer jwks =
          LoopbackJwksServer.serving(BenchmarkTokens.get().publicJwkSetJson());
      try {
        NimbusTokenDecoder decoder =
            NimbusTokenDecoder.connect(
                jwks.jwksUri(),
                BenchmarkTokens.policy().algorithms(),
                KeySetSettings.DEFAULTS,
                HttpSettings.DEFAULTS,
                Clock.systemUTC());
        return new Kit(jwks, decoder, cache);
      } catch (RuntimeException e) {
        jwks.close();
        throw e;
      }
    }

    void expectAccepted(byte[] header) {
      Verdict verdict = authenticate(service, header);
      if (!(verdict instanceof Verdict.Accepted)) {
        throw new IllegalStateException("the kit does not accept the benchmark token: " + verdict);
      }
    }

    @Override
    public void close() {
      decoder.close();
      jwks.close();
    }
  }
}
