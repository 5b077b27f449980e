package io.github.mcpoauthkit.bench;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
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
 * The floor: the bare JCA signature check of the benchmark tokens, which no JWT verifier can beat.
 * The kit's and Nimbus's figures are read as ratios to these.
 *
 * <p>Each op verifies the very signing input ({@code header.payload} ASCII bytes) and signature
 * bytes of {@link BenchmarkTokens}, both decoded once in setup: no base64url, no JSON. One {@link
 * Signature} per thread is reused and {@code initVerify}'d with the public key on every op, the
 * cheapest honest use (a verifier cannot skip {@code initVerify}, since it must reset the state
 * between tokens, but it can keep the instance and so skip the provider lookup of {@code
 * Signature.getInstance}). ES256 uses {@code SHA256withECDSAinP1363Format}, the JWS R || S form, so
 * no DER transcoding either.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(3)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class SignatureFloorBenchmark {

  /** One verifier per algorithm per thread, with the key, input and signature of each token. */
  @State(Scope.Thread)
  public static class Verifiers {
    Signature rsa;
    PublicKey rsaKey;
    byte[] rsaInput;
    byte[] rsaSignature;

    Signature ec;
    PublicKey ecKey;
    byte[] ecInput;
    byte[] ecSignature;

    /** Builds the verifiers and proves that each accepts its signature. */
    @Setup
    public void setUp() throws Exception {
      BenchmarkTokens tokens = BenchmarkTokens.get();
      rsa = Signature.getInstance("SHA256withRSA");
      rsaKey = tokens.rsaKey.toPublicKey();
      rsaInput = BenchmarkTokens.signingInput(tokens.rs256Token);
      rsaSignature = BenchmarkTokens.signature(tokens.rs256Token);
      ec = Signature.getInstance("SHA256withECDSAinP1363Format");
      ecKey = tokens.ecKey.toPublicKey();
      ecInput = BenchmarkTokens.signingInput(tokens.es256Token);
      ecSignature = BenchmarkTokens.signature(tokens.es256Token);
      if (!verify(rsa, rsaKey, rsaInput, rsaSignature)) {
        throw new IllegalStateException("the RS256 signature does not verify");
      }
      if (!verify(ec, ecKey, ecInput, ecSignature)) {
        throw new IllegalStateException("the ES256 signature does not verify");
      }
    }
  }

  @Benchmark
  public boolean rs256(Verifiers v) throws GeneralSecurityException {
    return verify(v.rsa, v.rsaKey, v.rsaInput, v.rsaSignature);
  }

  @Benchmark
  public boolean es256(Verifiers v) throws GeneralSecurityException {
    return verify(v.ec, v.ecKey, v.ecInput, v.ecSignature);
  }

  private static boolean verify(Signature verifier, PublicKey key, byte[] input, byte[] signature)
      throws GeneralSecurityException {
    verifier.initVerify(key);
    verifier.update(input);
    return verifier.verify(signature);
  }
}
