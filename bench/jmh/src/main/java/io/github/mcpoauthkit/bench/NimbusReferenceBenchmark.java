package io.github.mcpoauthkit.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Set;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where plain Nimbus stands: the textbook {@link DefaultJWTProcessor} with a {@link
 * JWSVerificationKeySelector} over an {@link ImmutableJWKSet} of the issuer's public keys, its
 * default claims verifier checking {@code iss}, {@code aud}, {@code exp} and {@code iat}, and a
 * type verifier that admits {@code at+jwt}. Same tokens as the floor and the kit; no cache.
 *
 * <p>Like the kit benchmarks, each op decodes the token string from raw bytes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(3)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class NimbusReferenceBenchmark {

  /** One processor for both algorithms, as an application would configure it. */
  @State(Scope.Benchmark)
  public static class Processor {
    DefaultJWTProcessor<SecurityContext> processor;
    byte[] rs256Token;
    byte[] es256Token;

    /** Builds the processor and proves it accepts both tokens. */
    @Setup
    public void setUp() throws Exception {
      BenchmarkTokens tokens = BenchmarkTokens.get();
      processor = new DefaultJWTProcessor<>();
      processor.setJWSTypeVerifier(
          new DefaultJOSEObjectTypeVerifier<>(
              new JOSEObjectType("at+jwt"), JOSEObjectType.JWT, null));
      processor.setJWSKeySelector(
          new JWSVerificationKeySelector<>(
              Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
              new ImmutableJWKSet<>(tokens.publicJwkSet())));
      processor.setJWTClaimsSetVerifier(
          new DefaultJWTClaimsVerifier<>(
              BenchmarkTokens.RESOURCE,
              new JWTClaimsSet.Builder().issuer(BenchmarkTokens.ISSUER).build(),
              Set.of("sub", "exp", "iat")));
      rs256Token = tokens.rs256Token.getBytes(StandardCharsets.US_ASCII);
      es256Token = tokens.es256Token.getBytes(StandardCharsets.US_ASCII);
      // process throws for any rejection, so these two calls are the acceptance check.
      process(this, rs256Token);
      process(this, es256Token);
    }
  }

  @Benchmark
  public JWTClaimsSet rs256(Processor state) throws Exception {
    return process(state, state.rs256Token);
  }

  @Benchmark
  public JWTClaimsSet es256(Processor state) throws Exception {
    return process(state, state.es256Token);
  }

  private static JWTClaimsSet process(Processor state, byte[] token) throws Exception {
    return state.processor.process(new String(token, StandardCharsets.US_ASCII), null);
  }
}
