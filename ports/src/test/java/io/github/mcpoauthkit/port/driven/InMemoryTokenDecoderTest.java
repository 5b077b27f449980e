package io.github.mcpoauthkit.port.driven;

import io.github.mcpoauthkit.testing.InMemoryTokenDecoder;
import java.util.Map;

/** The fake decoder passes the contract that real decoders pass, so tests built on it are fair. */
class InMemoryTokenDecoderTest implements TokenDecoderContract {

  private final InMemoryTokenDecoder decoder = new InMemoryTokenDecoder("trusted-key");
  private final InMemoryTokenDecoder stranger = new InMemoryTokenDecoder("stranger-key");

  @Override
  public TokenDecoder decoder() {
    return decoder;
  }

  @Override
  public String signedByTrustedKey(Map<String, Object> claims) {
    return decoder.issue(claims);
  }

  @Override
  public String signedByUntrustedKey(Map<String, Object> claims) {
    return stranger.issue(claims);
  }
}
