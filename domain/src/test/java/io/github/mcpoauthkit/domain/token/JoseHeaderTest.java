package io.github.mcpoauthkit.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class JoseHeaderTest {

  @Test
  void a_header_with_only_an_algorithm_has_no_type_or_key_id() {
    JoseHeader header = JoseHeader.withAlgorithm("RS256");

    assertThat(header.algorithm()).isEqualTo("RS256");
    assertThat(header.type()).isEmpty();
    assertThat(header.keyId()).isEmpty();
  }

  @Test
  void with_methods_set_one_field_and_keep_the_others() {
    JoseHeader base = JoseHeader.withAlgorithm("ES256");
    JoseHeader header = base.withType("at+jwt").withKeyId("key-1");

    assertThat(header.algorithm()).isEqualTo("ES256");
    assertThat(header.type()).contains("at+jwt");
    assertThat(header.keyId()).contains("key-1");
    assertThat(base.type()).isEmpty();
    assertThat(base.keyId()).isEmpty();
  }

  @Test
  void headers_with_the_same_fields_are_equal() {
    JoseHeader one = JoseHeader.withAlgorithm("RS256").withType("JWT").withKeyId("k");
    JoseHeader two = JoseHeader.withAlgorithm("RS256").withKeyId("k").withType("JWT");

    assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
    assertThat(one).isNotEqualTo(JoseHeader.withAlgorithm("RS256").withType("JWT"));
    assertThat(one).isNotEqualTo(JoseHeader.withAlgorithm("RS384").withType("JWT").withKeyId("k"));
    assertThat(one)
        .isNotEqualTo(JoseHeader.withAlgorithm("RS256").withType("at+jwt").withKeyId("k"));
  }

  @Test
  void to_string_names_the_fields() {
    assertThat(JoseHeader.withAlgorithm("RS256").withType("at+jwt").withKeyId("k1"))
        .hasToString("JoseHeader[alg=RS256, typ=at+jwt, kid=k1]");
  }

  @Test
  void nulls_are_refused() {
    assertThatNullPointerException().isThrownBy(() -> JoseHeader.withAlgorithm(null));
    assertThatNullPointerException()
        .isThrownBy(() -> JoseHeader.withAlgorithm("RS256").withType(null));
    assertThatNullPointerException()
        .isThrownBy(() -> JoseHeader.withAlgorithm("RS256").withKeyId(null));
  }
}
