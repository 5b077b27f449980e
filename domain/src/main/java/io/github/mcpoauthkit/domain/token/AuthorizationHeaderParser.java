package io.github.mcpoauthkit.domain.token;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The grammar behind {@link Credentials#fromHeaders(List, Set)}. */
final class AuthorizationHeaderParser {

  private static final Credentials NONE = new Credentials.None();

  private AuthorizationHeaderParser() {}

  static Credentials parse(List<String> headerValues, Set<AuthorizationScheme> accepted) {
    if (headerValues.isEmpty()) {
      return NONE;
    }
    if (headerValues.size() > 1) {
      for (String value : headerValues) {
        Objects.requireNonNull(value, "header value");
      }
      return malformed(
          RejectionCode.MULTIPLE_CREDENTIALS,
          "The request carries more than one Authorization header");
    }
    return parseOne(headerValues.get(0), accepted);
  }

  private static Credentials parseOne(String raw, Set<AuthorizationScheme> accepted) {
    int start = 0;
    int end = raw.length();
    while (start < end && isOptionalWhitespace(raw.charAt(start))) {
      start++;
    }
    while (end > start && isOptionalWhitespace(raw.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      // An empty header is "no credentials": answering it with the plain challenge lets a client
      // start its authorization flow instead of failing on a 400.
      return NONE;
    }
    int schemeEnd = start;
    while (schemeEnd < end && raw.charAt(schemeEnd) != ' ') {
      schemeEnd++;
    }
    AuthorizationScheme scheme = scheme(raw, start, schemeEnd, accepted).orElse(null);
    if (scheme == null) {
      return looksLikeSeveralCredentials(raw, start, end)
              && containsAcceptedScheme(raw, start, end, accepted)
          ? malformed(
              RejectionCode.MULTIPLE_CREDENTIALS,
              "The Authorization header carries more than one credential")
          : NONE;
    }
    int tokenStart = schemeEnd;
    while (tokenStart < end && raw.charAt(tokenStart) == ' ') {
      tokenStart++;
    }
    if (tokenStart == end) {
      return malformed(
          RejectionCode.EMPTY_TOKEN,
          scheme == AuthorizationScheme.BEARER
              ? RejectionCode.EMPTY_TOKEN.defaultMessage()
              : "The " + scheme.scheme() + " token is empty");
    }
    int tokenEnd = tokenStart;
    while (tokenEnd < end && isToken68Char(raw.charAt(tokenEnd))) {
      tokenEnd++;
    }
    // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=": padding alone is
    // not a token.
    while (tokenEnd > tokenStart && tokenEnd < end && raw.charAt(tokenEnd) == '=') {
      tokenEnd++;
    }
    if (tokenEnd == end) {
      return new Credentials.Presented(
          new BearerToken(raw.substring(tokenStart, tokenEnd)), scheme);
    }
    char stop = raw.charAt(tokenEnd);
    if (stop == ' ' || stop == ',') {
      return malformed(
          RejectionCode.MULTIPLE_CREDENTIALS,
          "The Authorization header carries more than one token");
    }
    return malformed(
        RejectionCode.MALFORMED_CREDENTIALS,
        scheme == AuthorizationScheme.BEARER
            ? "The Bearer token contains a character outside the RFC 6750 b64token syntax"
            : "The "
                + scheme.scheme()
                + " token contains a character outside the token68 syntax (RFC 9449 §7.1)");
  }

  /** The accepted scheme spelled by {@code raw[start, end)}, in any case. */
  private static Optional<AuthorizationScheme> scheme(
      String raw, int start, int end, Set<AuthorizationScheme> accepted) {
    for (AuthorizationScheme candidate : accepted) {
      String name = candidate.scheme();
      if (end - start == name.length() && raw.regionMatches(true, start, name, 0, name.length())) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** {@code Basic abc, Bearer xyz}: a combined header that also smuggles an accepted token. */
  private static boolean looksLikeSeveralCredentials(String raw, int start, int end) {
    return raw.indexOf(',', start) >= 0 && raw.indexOf(',', start) < end;
  }

  private static boolean containsAcceptedScheme(
      String raw, int start, int end, Set<AuthorizationScheme> accepted) {
    for (AuthorizationScheme candidate : accepted) {
      String name = candidate.scheme();
      for (int i = start; i + name.length() <= end; i++) {
        if (raw.regionMatches(true, i, name, 0, name.length())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isOptionalWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  /** RFC 6750 §2.1 b64token, without the trailing '=' padding; indexed by ASCII code. */
  private static final boolean[] TOKEN68 = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      TOKEN68[c] = true;
      TOKEN68[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      TOKEN68[c] = true;
    }
    for (char c : "-._~+/".toCharArray()) {
      TOKEN68[c] = true;
    }
  }

  private static boolean isToken68Char(char c) {
    return c < 128 && TOKEN68[c];
  }

  private static Credentials malformed(RejectionCode code, String message) {
    return new Credentials.Malformed(Rejection.of(code, message));
  }
}
