package io.github.mcpoauthkit.streamablehttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHeaderValuesTest {

  /** AdversarialModernRequestsIT found {@code `woE4WEu,;} answered with 500. */
  @ParameterizedTest
  @ValueSource(strings = {";", "`woE4WEu,;", ",", ";;q=1", " ; "})
  void an_accept_header_with_empty_ranges_accepts_nothing_and_never_fails(String accept) {
    assertThat(HttpHeaderValues.accepts(List.of(accept), "application/json")).isFalse();
  }
}
