package io.github.mcpoauthkit.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A client of the development issuer that speaks plain HTTP, as a browser and an MCP client would
 * between them: it follows no redirect, so that each step can be checked.
 */
final class OAuthFlow {

  private static final Pattern CONSENT_TOKEN =
      Pattern.compile("<input type=\"hidden\" name=\"consent_token\" value=\"([^\"]+)\">");

  final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  final DevIssuer issuer;
  final CodeVerifier verifier = new CodeVerifier();

  OAuthFlow(DevIssuer issuer) {
    this.issuer = issuer;
  }

  /** The parameters of a valid authorization request, without client_id and redirect_uri. */
  Map<String, String> validRequest(String resource) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put(
        "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    params.put("code_challenge_method", "S256");
    params.put("state", "st-" + Math.abs(verifier.getValue().hashCode()));
    params.put("resource", resource);
    return params;
  }

  HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> authorize(Map<String, String> params) throws Exception {
    return get(URI.create(issuer.authorizationEndpoint() + "?" + form(params)));
  }

  HttpResponse<String> consent(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(issuer.issuer().value() + "/consent"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts the consent page's form with the given decision, as a click on its button does. */
  HttpResponse<String> decide(HttpResponse<String> consentPage, String decision) throws Exception {
    assertThat(consentPage.statusCode()).as(consentPage.body()).isEqualTo(200);
    assertThat(consentPage.body()).contains("<form method=\"post\" action=\"/consent\">");
    return consent("consent_token=" + consentToken(consentPage.body()) + "&decision=" + decision);
  }

  static String consentToken(String html) {
    Matcher matcher = CONSENT_TOKEN.matcher(html);
    assertThat(matcher.find()).as("a consent token in:%n%s", html).isTrue();
    return matcher.group(1);
  }

  HttpResponse<String> token(Map<String, String> params) throws Exception {
    return http.send(
        HttpRequest.newBuilder(issuer.tokenEndpoint())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(params)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> register(String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(issuer.registrationEndpoint())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Registers a native client with one redirect URI and returns its client id. */
  String registerClient(String name, String redirectUri) throws Exception {
    HttpResponse<String> response =
        register(
            "{\"client_name\":\""
                + name
                + "\",\"redirect_uris\":[\""
                + redirectUri
                + "\"],\"token_endpoint_auth_method\":\"none\",\"application_type\":\"native\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return (String) JSONObjectUtils.parse(response.body()).get("client_id");
  }

  /** The redirect of an authorization response, as its query parameters. */
  static Map<String, String> redirectParams(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
    URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
    return query(location);
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      String[] parts = pair.split("=", 2);
      params.put(
          URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
    }
    return params;
  }

  /** Runs authorize, Allow and the code exchange; returns the token response. */
  HttpResponse<String> codeFlow(String clientId, String redirectUri, String resource)
      throws Exception {
    Map<String, String> request = validRequest(resource);
    request.put("client_id", clientId);
    request.put("redirect_uri", redirectUri);
    Map<String, String> redirect = redirectParams(decide(authorize(request), "allow"));
    assertThat(redirect).containsEntry("state", request.get("state"));
    assertThat(redirect).containsEntry("iss", issuer.issuer().value());
    return token(exchange(clientId, redirectUri, redirect.get("code"), verifier.getValue()));
  }

  static Map<String, String> exchange(
      String clientId, String redirectUri, String code, String verifier) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "authorization_code");
    params.put("client_id", clientId);
    params.put("redirect_uri", redirectUri);
    params.put("code", code);
    params.put("code_verifier", verifier);
    return params;
  }

  static Map<String, String> refresh(String clientId, String refreshToken) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "refresh_token");
    params.put("client_id", clientId);
    params.put("refresh_token", refreshToken);
    return params;
  }

  static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static Map<String, Object> json(HttpResponse<String> response) throws Exception {
    return JSONObjectUtils.parse(response.body());
  }
}
