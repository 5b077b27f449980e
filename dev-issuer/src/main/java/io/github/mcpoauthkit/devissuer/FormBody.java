package io.github.mcpoauthkit.devissuer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks an {@code application/x-www-form-urlencoded} body passes before the Nimbus SDK parses
 * it (RFC 6749 Appendix B). The SDK skips a parameter it cannot decode; the issuer refuses such a
 * body instead, so that a mangled {@code scope} or {@code resource} never silently turns into the
 * default.
 */
final class FormBody {

  /** The largest body read; a token or consent request is a few hundred bytes. */
  static final int MAX_BYTES = 16 * 1024;

  private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  /** The outcome: the body as text, or why it is not a form; {@code reason} is safe to send. */
  sealed interface Check permits Text, Malformed {}

  /** A well-formed body, as text for the SDK. */
  record Text(String text) implements Check {
    /** Names only: values may be secrets. */
    @Override
    public String toString() {
      return "Text[" + text.length() + " chars]";
    }
  }

  /** Not a form; {@code reason} is safe to send back. */
  record Malformed(String reason) implements Check {}

  private FormBody() {}

  /** Checks a body of at most {@link #MAX_BYTES}. */
  static Check check(byte[] body) {
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
    if (BAD_ESCAPE.matcher(text).find()) {
      return new Malformed("the request body has a malformed %-escape");
    }
    return new Text(text);
  }

  /**
   * The name of a parameter sent more than once, if any: RFC 6749 §3.1 and §3.2 forbid it, and the
   * SDK would silently take the first value. {@code resource} is the exception: RFC 8707 §2 lets a
   * client name several (the endpoints then refuse any that is not the MCP server).
   */
  static Optional<String> repeated(Map<String, List<String>> form) {
    return form.entrySet().stream()
        .filter(entry -> entry.getValue().size() > 1 && !entry.getKey().equals("resource"))
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst();
  }

  /** Whether a {@code Content-Type} names a form, with or without parameters. */
  static boolean isForm(Optional<String> contentType) {
    return contentType
        .map(value -> value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
        .filter(value -> value.equals("application/x-www-form-urlencoded"))
        .isPresent();
  }
}
