package io.github.mcpoauthkit.domain.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorDocumentTest {

  @Test
  void an_error_document_has_the_code_and_the_description() {
    assertThat(ErrorDocument.render("invalid_token", "Token expired"))
        .isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"Token expired\"}");
  }

  @Test
  void a_description_alone_has_no_error_code() {
    assertThat(ErrorDocument.describe("No bearer token \"here\""))
        .isEqualTo("{\"error_description\":\"No bearer token \\\"here\\\"\"}");
  }
}
