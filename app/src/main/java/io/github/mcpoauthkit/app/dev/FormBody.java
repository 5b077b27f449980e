package io.github.mcpoauthkit.app.dev;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code application/x-www-form-urlencoded} request body, as a token request carries it (RFC
 * 6749 §3.2, Appendix B). Parameters sent without a value count as omitted (RFC 6749 §3.1).
 * Immutable.
 */
final class FormBody {

  /** The largest body read; a token request is a few hundred bytes. */
  static final int MAX_BYTES = 16 * 1024;

  /** The outcome of parsing: the form, or why the body is not one. */
  sealed interface Parse permits Parsed, Malformed {}

  /** A well-formed body. */
  record Parsed(FormBody form) implements Parse {}

  /** A body that is not a form; {@code reason} is safe to send back. */
  record Malformed(String reason) implements Parse {}

  private final Map<String, List<String>> values;

  private FormBody(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Parses {@code body}, which must not be longer than {@link #MAX_BYTES}. */
  static Parse parse(byte[] body) {
    if (body.length > MAX_BYTES) {
      return new Malformed("the request body is larger than " + MAX_BYTES + " bytes");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      return new Malformed("the request body is not UTF-8");
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name;
      String value;
      try {
        name =
            URLDecoder.decode(
                equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
        value =
            equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return new Malformed("the request body has a malformed %-escape");
      }
      if (!value.isEmpty()) {
        values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
      }
    }
    values.replaceAll((name, list) -> List.copyOf(list));
    return new Parsed(new FormBody(Map.copyOf(values)));
  }

  /** Every value of {@code name}, in order; empty when absent. */
  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  /**
   * The value of {@code name}; empty when absent or when it is repeated (see {@link #repeated}).
   */
  Optional<String> single(String name) {
    List<String> all = all(name);
    return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
  }

  /**
   * Whether {@code name} occurs more than once, which RFC 6749 §3.1 forbids for most parameters.
   */
  boolean repeated(String name) {
    return all(name).size() > 1;
  }

  /** Names only: values may be secrets. */
  @Override
  public String toString() {
    return "FormBody" + values.keySet();
  }
}
