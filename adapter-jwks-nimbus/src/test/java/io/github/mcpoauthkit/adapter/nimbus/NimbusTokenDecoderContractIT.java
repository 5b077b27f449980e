package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.mcpoauthkit.domain.token.ValidationPolicy;
import io.github.mcpoauthkit.port.driven.TokenDecoder;
import io.github.mcpoauthkit.port.driven.TokenDecoderContract;
import io.github.mcpoauthkit.testing.TestJson;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The Nimbus decoder passes the ports' contract against a real JWKS endpoint on loopback. */
class NimbusTokenDecoderContractIT implements TokenDecoderContract {

  private JwksServer jwks;
  private NimbusTokenDecoder decoder;

  @BeforeEach
  void start() throws IOException {
    jwks = new JwksServer(TestKeys.rsa("trusted"));
    decoder =
        NimbusTokenDecoder.connect(
            jwks.uri(),
            ValidationPolicy.DEFAULT_ALGORITHMS,
            KeySetSettings.DEFAULTS,
            HttpSettings.DEFAULTS,
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    decoder.close();
    jwks.close();
  }

  @Override
  public TokenDecoder decoder() {
    return decoder;
  }

  @Override
  public String signedByTrustedKey(Map<String, Object> claims) {
    return TestKeys.sign(TestKeys.rsa("trusted"), JWSAlgorithm.RS256, TestJson.write(claims));
  }

  @Override
  public String signedByUntrustedKey(Map<String, Object> claims) {
    return TestKeys.sign(TestKeys.rsa("stranger"), JWSAlgorithm.RS256, TestJson.write(claims));
  }
}
