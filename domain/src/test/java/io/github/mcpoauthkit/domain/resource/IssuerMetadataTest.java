package io.github.mcpoauthkit.domain.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.domain.token.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IssuerMetadataTest {

  private static final Issuer ISSUER = new Issuer("https://issuer.example");

  private static Map<String, Object> document(Object... keysAndValues) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", ISSUER.value());
    for (int i = 0; i < keysAndValues.length; i += 2) {
      document.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return document;
  }

  private static IssuerMetadata metadata(Map<String, Object> document) {
    return new IssuerMetadata(
        ISSUER,
        "https://issuer.example/authorize",
        "https://issuer.example/token",
        "https://issuer.example/jwks",
        List.of(new Scope("openid")),
        List.of("S256"),
        List.of("authorization_code"),
        document);
  }

  @Test
  void registration_endpoint_comes_from_the_document() {
    assertThat(
            metadata(document("registration_endpoint", "https://issuer.example/register"))
                .registrationEndpoint())
        .contains("https://issuer.example/register");
  }

  @Test
  void registration_endpoint_is_empty_when_absent_null_or_not_a_string() {
    assertThat(metadata(document()).registrationEndpoint()).isEmpty();
    assertThat(metadata(document("registration_endpoint", null)).registrationEndpoint()).isEmpty();
    assertThat(metadata(document("registration_endpoint", 42)).registrationEndpoint()).isEmpty();
  }

  @Test
  void introspection_endpoint_comes_from_the_document_when_it_is_a_string() {
    assertThat(
            metadata(document("introspection_endpoint", "https://issuer.example/introspect"))
                .introspectionEndpoint())
        .contains("https://issuer.example/introspect");
    assertThat(metadata(document()).introspectionEndpoint()).isEmpty();
    assertThat(metadata(document("introspection_endpoint", null)).introspectionEndpoint())
        .isEmpty();
    assertThat(metadata(document("introspection_endpoint", List.of("x"))).introspectionEndpoint())
        .isEmpty();
  }

  @Test
  void document_json_mirrors_the_published_document() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("x", 1);
    IssuerMetadata metadata =
        metadata(
            document(
                "jwks_uri",
                "https://issuer.example/jwks",
                "code_challenge_methods_supported",
                List.of("S256"),
                "request_uri_parameter_supported",
                false,
                "max_age",
                3600L,
                "ratio",
                0.5,
                "op_policy_uri",
                null,
                "mtls_endpoint_aliases",
                nested));

    assertThat(metadata.documentJson())
        .isEqualTo(
            "{\"issuer\":\"https://issuer.example\","
                + "\"jwks_uri\":\"https://issuer.example/jwks\","
                + "\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"request_uri_parameter_supported\":false,"
                + "\"max_age\":3600,"
                + "\"ratio\":0.5,"
                + "\"op_policy_uri\":null,"
                + "\"mtls_endpoint_aliases\":{\"x\":1}}");
  }

  @Test
  void lists_and_document_are_copied_and_unmodifiable() {
    List<Scope> scopes = new ArrayList<>(List.of(new Scope("openid")));
    Map<String, Object> document = document();
    IssuerMetadata metadata =
        new IssuerMetadata(
            ISSUER, "a", "t", "j", scopes, new ArrayList<>(), new ArrayList<>(), document);

    scopes.add(new Scope("profile"));
    document.put("registration_endpoint", "https://issuer.example/register");

    assertThat(metadata.scopesSupported()).containsExactly(new Scope("openid"));
    assertThat(metadata.registrationEndpoint()).isEmpty();
    assertThat(metadata.document()).doesNotContainKey("registration_endpoint");
    assertThatThrownBy(() -> metadata.document().put("k", "v"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> metadata.scopesSupported().add(new Scope("x")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> metadata.grantTypesSupported().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nulls_are_refused() {
    List<Scope> s = List.of();
    List<String> l = List.of();
    Map<String, Object> d = Map.of();
    assertThatNullPointerException()
        .isThrownBy(() -> new IssuerMetadata(null, "a", "t", "j", s, l, l, d));
    assertThatNullPointerException()
        .isThrownBy(() -> new IssuerMetadata(ISSUER, null, "t", "j", s, l, l, d));
    assertThatNullPointerException()
        .isThrownBy(() -> new IssuerMetadata(ISSUER, "a", null, "j", s, l, l, d));
    assertThatNullPointerException()
        .isThrownBy(() -> new IssuerMetadata(ISSUER, "a", "t", null, s, l, l, d));
    assertThatNullPointerException()
        .isThrownBy(() -> new IssuerMetadata(ISSUER, "a", "t", "j", null, l, l, d));
    assertThatNullPointerException()
        .isThrownBy(() -> new IssuerMetadata(ISSUER, "a", "t", "j", s, l, l, null));
  }
}
