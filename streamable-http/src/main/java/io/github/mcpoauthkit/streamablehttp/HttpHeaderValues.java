package io.github.mcpoauthkit.streamablehttp;

import java.util.List;
import java.util.Locale;

/** Small readers of HTTP header values (RFC 9110 §5.6, §12.5.1). */
final class HttpHeaderValues {

  private HttpHeaderValues() {}

  /**
   * Whether an {@code Accept} header allows {@code mediaType}: listed with a non-zero {@code q}, or
   * covered by {@code type/*} or {@code * /*}. No header at all accepts everything.
   */
  static boolean accepts(List<String> acceptHeaders, String mediaType) {
    if (acceptHeaders.isEmpty()) {
      return true;
    }
    String type = mediaType.substring(0, mediaType.indexOf('/'));
    for (String header : acceptHeaders) {
      for (String range : header.split(",")) {
        // -1 keeps the empty type of a range such as ";": split would give no parts at all.
        String[] parts = range.split(";", -1);
        String candidate = parts[0].trim().toLowerCase(Locale.ROOT);
        if (candidate.equals(mediaType)
            || candidate.equals(type + "/*")
            || candidate.equals("*/*")) {
          if (!hasZeroQuality(parts)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean hasZeroQuality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("q=")) {
        try {
          return Double.parseDouble(parameter.substring(2).trim()) <= 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }

  /** The media type of a {@code Content-Type} value, lower case, without parameters. */
  static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  /**
   * A header value as an error message may quote it: at most 40 characters, anything outside
   * visible ASCII replaced by {@code ?}, so a client cannot write control characters into an answer
   * or a log.
   */
  static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && i < 40; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c > 0x7E ? '?' : c);
    }
    return out.toString();
  }
}
