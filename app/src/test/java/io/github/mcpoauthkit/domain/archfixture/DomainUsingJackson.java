package io.github.mcpoauthkit.domain.archfixture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Violation: a domain type holding a Jackson mapper drags Jackson into every embedding server. */
public final class DomainUsingJackson {
  private final ObjectMapper mapper = new ObjectMapper();

  public String write(Object value) throws JsonProcessingException {
    return mapper.writeValueAsString(value);
  }
}
