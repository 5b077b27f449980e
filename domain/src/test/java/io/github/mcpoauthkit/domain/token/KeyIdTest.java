package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class KeyIdTest {

  @Test
  void keeps_the_value_exactly() {
    assertThat(new KeyId("NjVBRjY5MDlCMUIwNzU4RTA2QzZFMDQ4QzQ2MDAyQjVDNjk1RTM2Qg").value())
        .isEqualTo("NjVBRjY5MDlCMUIwNzU4RTA2QzZFMDQ4QzQ2MDAyQjVDNjk1RTM2Qg");
    assertThat(new KeyId(" ")).hasToString(" ");
  }

  @Test
  void an_empty_or_null_key_id_is_refused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new KeyId(""));
    assertThatNullPointerException().isThrownBy(() -> new KeyId(null));
  }
}
