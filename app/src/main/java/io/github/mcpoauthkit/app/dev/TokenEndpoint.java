package io.github.mcpoauthkit.app.dev;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.mcpoauthkit.domain.token.Scope;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The development issuer's token endpoint, without HTTP: the {@code client_credentials} grant (RFC
 * 6749 §4.4) for one client, authenticated with {@code client_secret_basic} or {@code
 * client_secret_post} (§2.3.1), with an optional {@code scope} and optional {@code resource}
 * parameters (RFC 8707) that must name the MCP server. Errors are RFC 6749 §5.2 JSON. Thread-safe.
 */
final class TokenEndpoint {

  static final String GRANT_TYPE = "client_credentials";

  private static final String REALM = "Basic realm=\"mcp-oauth-kit development issuer\"";
  private static final List<String> SINGLE_VALUED =
      List.of("grant_type", "client_id", "client_secret", "scope");

  private final String clientId;
  private final byte[] clientSecret;
  private final String resource;
  private final String defaultScope;
  private final TokenSigner signer;

  TokenEndpoint(
      String clientId,
      String clientSecret,
      String resource,
      String defaultScope,
      TokenSigner signer) {
    this.clientId = clientId;
    this.clientSecret = clientSecret.getBytes(StandardCharsets.UTF_8);
    this.resource = resource;
    this.defaultScope = defaultScope;
    this.signer = signer;
  }

  /** An HTTP answer: status, extra headers and a JSON body. */
  record Answer(int status, Map<String, String> headers, String json) {
    Answer {
      headers = Map.copyOf(headers);
    }

    static Answer json(int status, Map<String, ?> body) {
      return new Answer(
          status,
          Map.of("Cache-Control", "no-store", "Pragma", "no-cache"),
          JSONObjectUtils.toJSONString(body));
    }

    static Answer error(int status, String error, String description) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", error);
      body.put("error_description", description);
      Answer answer = json(status, body);
      if (status != 401) {
        return answer;
      }
      Map<String, String> headers = new LinkedHashMap<>(answer.headers());
      headers.put("WWW-Authenticate", REALM);
      return new Answer(status, headers, answer.json());
    }

    /** Without the body, which may hold a token. */
    @Override
    public String toString() {
      return "Answer[" + status + error().map(e -> " " + e).orElse("") + "]";
    }

    /** The {@code error} member, or empty on success; for tests and logs. */
    Optional<String> error() {
      try {
        return Optional.ofNullable(JSONObjectUtils.parse(json).get("error")).map(String::valueOf);
      } catch (java.text.ParseException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * Answers one request.
   *
   * @param method the HTTP method
   * @param contentType the {@code Content-Type} header, if any
   * @param authorization the {@code Authorization} header, if any
   * @param body the body, read up to at most {@link FormBody#MAX_BYTES} + 1 bytes
   */
  Answer handle(
      String method, Optional<String> contentType, Optional<String> authorization, byte[] body) {
    if (!method.equals("POST")) {
      Answer refused =
          Answer.error(405, "invalid_request", "the token endpoint accepts POST requests only");
      Map<String, String> headers = new LinkedHashMap<>(refused.headers());
      headers.put("Allow", "POST");
      return new Answer(405, headers, refused.json());
    }
    if (body.length > FormBody.MAX_BYTES) {
      return Answer.error(
          413,
          "invalid_request",
          "the request body is larger than " + FormBody.MAX_BYTES + " bytes");
    }
    if (!isForm(contentType)) {
      return Answer.error(
          400,
          "invalid_request",
          "the body must be application/x-www-form-urlencoded (RFC 6749 §4.4.2)");
    }
    FormBody form;
    switch (FormBody.parse(body)) {
      case FormBody.Parsed parsed -> form = parsed.form();
      case FormBody.Malformed malformed -> {
        return Answer.error(400, "invalid_request", malformed.reason());
      }
    }
    for (String name : SINGLE_VALUED) {
      if (form.repeated(name)) {
        return Answer.error(
            400, "invalid_request", "the parameter " + name + " is repeated (RFC 6749 §3.1)");
      }
    }

    Optional<Answer> unauthenticated = authenticate(authorization, form);
    if (unauthenticated.isPresent()) {
      return unauthenticated.get();
    }

    Optional<String> grantType = form.single("grant_type");
    if (grantType.isEmpty()) {
      return Answer.error(400, "invalid_request", "grant_type is missing; use client_credentials");
    }
    if (!grantType.get().equals(GRANT_TYPE)) {
      return Answer.error(
          400,
          "unsupported_grant_type",
          "the development issuer supports only grant_type=client_credentials");
    }

    String scope = form.single("scope").orElse(defaultScope);
    for (String token : scope.split(" ", -1)) {
      if (!Scope.isValid(token)) {
        return Answer.error(
            400, "invalid_scope", "scope must be space-separated scope tokens (RFC 6749 §3.3)");
      }
    }
    for (String requested : form.all("resource")) {
      if (!requested.equals(resource)) {
        return Answer.error(
            400,
            "invalid_target",
            "this issuer serves only the resource " + resource + " (RFC 8707 §2)");
      }
    }

    Map<String, Object> token = new LinkedHashMap<>();
    token.put("access_token", signer.sign(clientId, resource, scope));
    token.put("token_type", "Bearer");
    token.put("expires_in", TokenSigner.LIFETIME.toSeconds());
    token.put("scope", scope);
    return Answer.json(200, token);
  }

  /** Empty when the client proved who it is; else the error to answer. */
  private Optional<Answer> authenticate(Optional<String> authorization, FormBody form) {
    Optional<String> postedSecret = form.single("client_secret");
    Optional<String> postedId = form.single("client_id");
    String id;
    String secret;
    if (authorization.isPresent()) {
      if (postedSecret.isPresent()) {
        return Optional.of(
            Answer.error(
                400,
                "invalid_request",
                "use one client authentication method: Basic or client_secret, not both"));
      }
      Optional<String[]> basic = basicCredentials(authorization.get());
      if (basic.isEmpty()) {
        return Optional.of(
            Answer.error(
                401,
                "invalid_client",
                "the Authorization header is not Basic client credentials (RFC 6749 §2.3.1)"));
      }
      id = basic.get()[0];
      secret = basic.get()[1];
      if (postedId.isPresent() && !postedId.get().equals(id)) {
        return Optional.of(
            Answer.error(400, "invalid_request", "client_id differs from the Basic credentials"));
      }
    } else if (postedSecret.isPresent() && postedId.isPresent()) {
      id = postedId.get();
      secret = postedSecret.get();
    } else {
      return Optional.of(
          Answer.error(
              401,
              "invalid_client",
              "client authentication is required: HTTP Basic, or client_id and client_secret in"
                  + " the body"));
    }
    boolean idMatches = id.equals(clientId);
    boolean secretMatches =
        MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), clientSecret);
    if (!idMatches || !secretMatches) {
      return Optional.of(
          Answer.error(401, "invalid_client", "unknown client or wrong client secret"));
    }
    return Optional.empty();
  }

  /** RFC 6749 §2.3.1: id and secret are form-encoded, joined by ':', then Base64. */
  private static Optional<String[]> basicCredentials(String header) {
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Basic")) {
      return Optional.empty();
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(space + 1).trim()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return Optional.empty();
      }
      return Optional.of(
          new String[] {
            URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
            URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
          });
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean isForm(Optional<String> contentType) {
    return contentType
        .map(value -> value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
        .filter(value -> value.equals("application/x-www-form-urlencoded"))
        .isPresent();
  }
}
