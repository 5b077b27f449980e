package io.github.mcpoauthkit.app.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormBodyTest {

  private static FormBody parsed(String body) {
    FormBody.Parse parse = FormBody.parse(body.getBytes(StandardCharsets.UTF_8));
    assertThat(parse).isInstanceOf(FormBody.Parsed.class);
    return ((FormBody.Parsed) parse).form();
  }

  private static String malformed(byte[] body) {
    FormBody.Parse parse = FormBody.parse(body);
    assertThat(parse).isInstanceOf(FormBody.Malformed.class);
    return ((FormBody.Malformed) parse).reason();
  }

  @Test
  void decodes_percent_escapes_and_plus_signs() {
    FormBody form =
        parsed(
            "grant_type=client_credentials&resource=http%3A%2F%2Flocalhost%3A3000%2Fmcp&scope=a+b");

    assertThat(form.single("grant_type")).contains("client_credentials");
    assertThat(form.single("resource")).contains("http://localhost:3000/mcp");
    assertThat(form.single("scope")).contains("a b");
  }

  @Test
  void parameters_without_a_value_count_as_omitted() {
    FormBody form = parsed("scope=&resource&&grant_type=client_credentials");

    assertThat(form.single("scope")).isEmpty();
    assertThat(form.all("resource")).isEmpty();
    assertThat(form.single("grant_type")).contains("client_credentials");
  }

  @Test
  void a_repeated_parameter_has_no_single_value() {
    FormBody form = parsed("resource=a&resource=b&scope=x");

    assertThat(form.repeated("resource")).isTrue();
    assertThat(form.all("resource")).containsExactly("a", "b");
    assertThat(form.single("resource")).isEmpty();
    assertThat(form.repeated("scope")).isFalse();
  }

  @Test
  void an_empty_body_is_an_empty_form() {
    assertThat(parsed("").all("grant_type")).isEmpty();
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
  void to_string_shows_names_but_never_values() {
    assertThat(parsed("client_secret=hunter2&grant_type=x").toString())
        .contains("client_secret")
        .doesNotContain("hunter2");
  }
}
