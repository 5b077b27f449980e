package io.github.mcpoauthkit.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge (RFC 9110 §11.6.1): a scheme and its auth-params, with
 * quoted-string values unescaped.
 *
 * @param raw the header value as received
 * @param scheme the auth-scheme, such as {@code Bearer}
 * @param params the parameters, names in lower case
 */
record Challenge(String raw, String scheme, Map<String, String> params) {

  static Challenge parse(String value) {
    String trimmed = value.trim();
    int space = trimmed.indexOf(' ');
    String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
    Map<String, String> params = new LinkedHashMap<>();
    int i = space < 0 ? trimmed.length() : space + 1;
    while (i < trimmed.length()) {
      while (i < trimmed.length() && (trimmed.charAt(i) == ' ' || trimmed.charAt(i) == ',')) {
        i++;
      }
      int equals = trimmed.indexOf('=', i);
      if (equals < 0) {
        throw new AssertionError("not an auth-param list: " + value);
      }
      String name = trimmed.substring(i, equals).trim().toLowerCase(java.util.Locale.ROOT);
      i = equals + 1;
      StringBuilder paramValue = new StringBuilder();
      if (i < trimmed.length() && trimmed.charAt(i) == '"') {
        i++;
        while (i < trimmed.length() && trimmed.charAt(i) != '"') {
          if (trimmed.charAt(i) == '\\' && i + 1 < trimmed.length()) {
            i++;
          }
          paramValue.append(trimmed.charAt(i));
          i++;
        }
        if (i >= trimmed.length()) {
          throw new AssertionError("unterminated quoted-string in: " + value);
        }
        i++;
      } else {
        while (i < trimmed.length() && trimmed.charAt(i) != ',') {
          paramValue.append(trimmed.charAt(i));
          i++;
        }
      }
      if (params.put(name, paramValue.toString().trim()) != null) {
        throw new AssertionError("parameter " + name + " repeated in: " + value);
      }
    }
    return new Challenge(value, scheme, Map.copyOf(params));
  }
}
