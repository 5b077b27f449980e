package io.github.mcpoauthkit.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormBodyTest {

  private static String text(String body) {
    FormBody.Check check = FormBody.check(body.getBytes(StandardCharsets.UTF_8));
    assertThat(check).isInstanceOf(FormBody.Text.class);
    return ((FormBody.Text) check).text();
  }

  private static String malformed(byte[] body) {
    FormBody.Check check = FormBody.check(body);
    assertThat(check).isInstanceOf(FormBody.Malformed.class);
    return ((FormBody.Malformed) check).reason();
  }

  @Test
  void a_well_formed_body_passes_unchanged() {
    assertThat(text("grant_type=client_credentials&resource=http%3A%2F%2Flocalhost&scope=a+b"))
        .isEqualTo("grant_type=client_credentials&resource=http%3A%2F%2Flocalhost&scope=a+b");
    assertThat(text("")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"scope=%", "scope=%zz", "%4=x", "a=%E"})
  void a_broken_percent_escape_is_malformed(String body) {
    assertThat(malformed(body.getBytes(StandardCharsets.US_ASCII))).contains("%-escape");
  }

  @Test
  void bytes_that_are_not_utf_8_are_malformed() {
    assertThat(malformed(new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28})).contains("UTF-8");
  }

  @Test
  void a_body_over_the_limit_is_malformed() {
    assertThat(malformed(new byte[FormBody.MAX_BYTES + 1])).contains("larger than");
  }

  @Test
  void the_text_never_shows_in_to_string() {
    assertThat(FormBody.check("client_secret=hunter2".getBytes(StandardCharsets.UTF_8)).toString())
        .doesNotContain("hunter2");
  }

  @Test
  void a_form_content_type_may_carry_parameters_and_any_case() {
    assertThat(FormBody.isForm(Optional.of("Application/X-WWW-Form-URLEncoded; charset=UTF-8")))
        .isTrue();
    assertThat(FormBody.isForm(Optional.of("application/json"))).isFalse();
    assertThat(FormBody.isForm(Optional.empty())).isFalse();
  }
}
