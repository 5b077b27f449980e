package io.github.mcpoauthkit.bench;

import io.github.mcpoauthkit.domain.resource.BearerChallenge;
import io.github.mcpoauthkit.domain.resource.ProtectedResourceMetadata;
import io.github.mcpoauthkit.domain.resource.ResourceUrl;
import io.github.mcpoauthkit.domain.token.Credentials;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.JwtShape;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The domain work at the HTTP edge that surrounds verification: reading the {@code Authorization}
 * header and checking the token's shape (every request), rendering the {@code WWW-Authenticate}
 * challenge of a rejection (every refused request), and rendering the protected resource metadata.
 *
 * <p>{@code ResourceServerHandler} renders the metadata once at startup and serves the bytes; it is
 * measured anyway, to know what a per-request rendering would cost.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(3)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class HttpEdgeBenchmark {

  /** The inputs, as a running server holds them. */
  @State(Scope.Benchmark)
  public static class Edge {
    byte[] authorizationHeader;
    String metadataUrl;
    Rejection expired;
    ProtectedResourceMetadata metadata;

    /** Builds the inputs and proves the header parses as a well-shaped Bearer token. */
    @Setup
    public void setUp() {
      authorizationHeader =
          BenchmarkTokens.authorizationHeaderBytes(BenchmarkTokens.get().rs256Token);
      ResourceUrl resource = BenchmarkTokens.resource();
      metadataUrl = resource.metadataUrl();
      expired = Rejection.of(RejectionCode.TOKEN_EXPIRED);
      metadata =
          ProtectedResourceMetadata.of(resource, new Issuer(BenchmarkTokens.ISSUER))
              .withScopesSupported(BenchmarkTokens.REQUIRED_SCOPES)
              .withResourceName("Benchmark MCP server");
      Credentials credentials = parse(authorizationHeader);
      if (!(credentials instanceof Credentials.Presented presented)
          || JwtShape.check(presented.token()).isPresent()) {
        throw new IllegalStateException("the header is not a well-shaped Bearer token");
      }
    }
  }

  /** What every request pays before any cryptography: header to token, token shape. */
  @Benchmark
  public void headerParseAndShape(Edge edge, Blackhole blackhole) {
    Credentials credentials = parse(edge.authorizationHeader);
    blackhole.consume(credentials);
    if (credentials instanceof Credentials.Presented presented) {
      Optional<Rejection> shape = JwtShape.check(presented.token());
      blackhole.consume(shape);
    }
  }

  /**
   * The {@code WWW-Authenticate} value of a 401 {@code invalid_token}, as AuthenticationAnswers
   * builds it.
   */
  @Benchmark
  public String challengeRender(Edge edge) {
    return BearerChallenge.forRejection(
            edge.metadataUrl, edge.expired, BenchmarkTokens.REQUIRED_SCOPES)
        .render();
  }

  @Benchmark
  public String metadataRender(Edge edge) {
    return edge.metadata.toJson();
  }

  private static Credentials parse(byte[] header) {
    return Credentials.fromHeaders(List.of(new String(header, StandardCharsets.US_ASCII)));
  }
}
