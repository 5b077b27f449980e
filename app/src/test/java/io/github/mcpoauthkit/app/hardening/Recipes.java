package io.github.mcpoauthkit.app.hardening;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.github.mcpoauthkit.app.hardening.RawHttp.Request;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generators behind the recipes of {@code adversarial-tokens.tsv}: each builds one request to
 * {@code /mcp}, at the moment it is sent (times are relative to now). Recipes whose name starts
 * with {@value #SLASH_ISSUER_PREFIX} are meant for a server configured with an issuer that ends
 * with a slash.
 */
final class Recipes {

  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"adversary\","
          + "\"version\":\"1\"}}}";

  /** The recipes for the server whose configured issuer ends with '/'. */
  static final String SLASH_ISSUER_PREFIX = "slash_issuer_";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** The issuer's RSA key, in its JWKS. */
  static final RSAKey ISSUER_RSA = rsa("k1");

  /** The issuer's EC key, in its JWKS. */
  static final ECKey ISSUER_EC = ec("e1");

  /** Another party's key that claims the issuer's kid. */
  private static final RSAKey IMPOSTOR_SAME_KID = rsa("k1");

  /** Another party's key under a kid of its own. */
  private static final RSAKey ATTACKER = rsa("attacker");

  private final String issuer;
  private final String audience;
  private final Map<String, Supplier<Request>> recipes = new LinkedHashMap<>();

  Recipes(String issuer, String audience) {
    this.issuer = issuer;
    this.audience = audience;
    register();
  }

  static List<JWK> issuerKeys() {
    return List.of(ISSUER_RSA, ISSUER_EC);
  }

  Set<String> names() {
    return recipes.keySet();
  }

  Request build(String recipe) {
    Supplier<Request> generator = recipes.get(recipe);
    if (generator == null) {
      throw new IllegalArgumentException("no generator for recipe " + recipe);
    }
    return generator.get();
  }

  // ---------------------------------------------------------------- the recipes

  private void register() {
    // sanity
    on("valid_rs256", () -> bearer(valid()));
    on("valid_es256", () -> bearer(es256(claims())));
    on("valid_8kib", () -> bearer(rs256OfLength(claims(), 8 * 1024)));
    on("valid_noncanonical_signature_tail", () -> bearer(nonCanonicalIn(valid(), 2)));
    on("slash_issuer_valid", () -> bearer(valid()));

    // shape
    on("opaque_token", () -> bearer("2YotnFZFEjr1zCsicMWpAA"));
    on("one_part", () -> bearer(part(valid(), 0)));
    on("two_parts", () -> bearer(part(valid(), 0) + "." + part(valid(), 1)));
    on("four_parts", () -> bearer(valid() + "." + part(valid(), 2)));
    on("six_parts", () -> bearer(valid() + ".AAAA.BBBB.CCCC"));
    on("stripped_signature", () -> bearer(part(valid(), 0) + "." + part(valid(), 1) + "."));
    on("empty_payload_segment", () -> bearer(part(valid(), 0) + ".." + part(valid(), 2)));
    on("truncated_header", () -> bearer(cut(valid(), 0, 7)));
    on("truncated_payload", () -> bearer(cut(valid(), 1, 9)));
    on("truncated_signature", () -> bearer(cut(valid(), 2, 10)));
    on("signature_one_char_short", () -> bearer(cut(valid(), 2, 1)));
    on("leading_dot", () -> bearer("." + valid()));
    on("trailing_dot", () -> bearer(valid() + "."));

    // alphabet, padding, whitespace
    on("plus_in_signature", () -> bearer(replaceIn(valid(), 2, 3, '+')));
    on("slash_in_payload", () -> bearer(replaceIn(valid(), 1, 5, '/')));
    on("tilde_in_header", () -> bearer(replaceIn(valid(), 0, 4, '~')));
    on("asterisk_in_payload", () -> bearer(replaceIn(valid(), 1, 5, '*')));
    on("non_ascii_in_token", () -> bearer(replaceIn(valid(), 1, 5, 'é')));
    on("padding_after_signature", () -> bearer(valid() + "=="));
    on("padding_inside_header", () -> bearer(part(valid(), 0) + "==." + rest(valid(), 1)));
    on("base64_standard_payload", () -> bearer(standardBase64Payload()));
    on(
        "noncanonical_payload_tail",
        () -> bearer(nonCanonicalIn(rs256(withLengthNotMultipleOf3(claims())), 1)));
    on(
        "noncanonical_header_tail",
        () ->
            bearer(
                nonCanonicalIn(
                    rs256Raw(withLengthNotMultipleOf3(hdr("RS256", "k1")), claims()), 0)));
    on("space_inside_token", () -> bearer(part(valid(), 0) + ". " + rest(valid(), 1)));
    on("tab_inside_token", () -> bearer(part(valid(), 0) + ".\t" + rest(valid(), 1)));
    on("bearer_without_token", () -> headers("Bearer"));
    on("bearer_only_spaces", () -> headers("Bearer    "));

    // alg: none, HMAC with the public key, unknown algorithms
    on("alg_none_unsigned", () -> bearer(unsigned("none") + "."));
    on("alg_none_with_signature", () -> bearer(unsigned("none") + ".c2lnbmF0dXJl"));
    on("alg_None_capitalised", () -> bearer(unsigned("None") + ".c2lnbmF0dXJl"));
    on("alg_NONE_upper", () -> bearer(unsigned("NONE") + ".c2lnbmF0dXJl"));
    on("alg_nOnE_mixed", () -> bearer(unsigned("nOnE") + ".c2lnbmF0dXJl"));
    on("hs256_public_key_der", () -> bearer(hmac("HS256", "HmacSHA256", publicDer())));
    on("hs384_public_key_der", () -> bearer(hmac("HS384", "HmacSHA384", publicDer())));
    on("hs512_public_key_der", () -> bearer(hmac("HS512", "HmacSHA512", publicDer())));
    on("hs256_public_key_pem", () -> bearer(hmac("HS256", "HmacSHA256", publicPem())));
    on("hs256_public_jwk_json", () -> bearer(hmac("HS256", "HmacSHA256", publicJwkJson())));
    on("alg_unknown_rs1", () -> bearer(rs256Header("{\"alg\":\"RS1\",\"kid\":\"k1\"}", claims())));
    on("alg_unknown_es256k", () -> bearer(rs256Header(hdr("ES256K", "k1"), claims())));
    on("alg_unlisted_eddsa_on_rsa_kid", () -> bearer(rs256Header(hdr("EdDSA", "k1"), claims())));
    on("alg_es256_on_rsa_kid", () -> bearer(rs256Header(hdr("ES256", "k1"), claims())));
    on("alg_missing", () -> bearer(rs256Header("{\"kid\":\"k1\",\"typ\":\"at+jwt\"}", claims())));
    on("alg_as_number", () -> bearer(rs256Header("{\"alg\":256,\"kid\":\"k1\"}", claims())));
    on("alg_empty_string", () -> bearer(rs256Header("{\"alg\":\"\",\"kid\":\"k1\"}", claims())));
    on("alg_lower_case_rs256", () -> bearer(rs256Header(hdr("rs256", "k1"), claims())));
    on("alg_rs256_on_ec_kid", () -> bearer(rs256Header(hdr("RS256", "e1"), claims())));

    // key injection through the header
    on("jwk_header_attacker_kid", () -> bearer(attackerSigned(jwkHeader("attacker"))));
    on("jwk_header_issuer_kid", () -> bearer(attackerSigned(jwkHeader("k1"))));
    on(
        "jku_header",
        () ->
            bearer(
                attackerSigned(
                    "{\"alg\":\"RS256\",\"kid\":\"attacker\",\"jku\":\"http://127.0.0.1:9/jwks\"}")));
    on(
        "jku_header_issuer_kid",
        () ->
            bearer(
                attackerSigned(
                    "{\"alg\":\"RS256\",\"kid\":\"k1\",\"jku\":\"http://127.0.0.1:9/jwks\"}")));
    on(
        "x5u_header",
        () ->
            bearer(
                attackerSigned(
                    "{\"alg\":\"RS256\",\"kid\":\"attacker\",\"x5u\":\"http://127.0.0.1:9/c.pem\"}")));
    on(
        "x5c_header_no_kid",
        () ->
            bearer(
                attackerSigned(
                    "{\"alg\":\"RS256\",\"x5c\":[\""
                        + Base64.getEncoder().encodeToString(attackerDer())
                        + "\"]}")));

    // kid
    on(
        "kid_path_traversal",
        () -> bearer(rs256Header(hdr("RS256", "../../../../etc/passwd"), claims())));
    on("kid_sql_injection", () -> bearer(rs256Header(hdr("RS256", "k1' OR '1'='1' --"), claims())));
    on("kid_10kb", () -> bearer(rs256Header(hdr("RS256", "k".repeat(10 * 1024)), claims())));
    on(
        "kid_null_byte",
        () -> bearer(rs256Header("{\"alg\":\"RS256\",\"kid\":\"k1\\u0000\"}", claims())));
    on(
        "kid_as_object",
        () -> bearer(rs256Header("{\"alg\":\"RS256\",\"kid\":{\"a\":1}}", claims())));

    // crit, JWE, nesting
    on(
        "crit_unknown_extension",
        () ->
            bearer(
                rs256Header(
                    "{\"alg\":\"RS256\",\"kid\":\"k1\",\"crit\":[\"x-evil\"],\"x-evil\":1}",
                    claims())));
    on(
        "crit_b64_false",
        () ->
            bearer(
                rs256Header(
                    "{\"alg\":\"RS256\",\"kid\":\"k1\",\"crit\":[\"b64\"],\"b64\":false}",
                    claims())));
    on("jwe_real", () -> bearer(jwe(new Payload(claims()), null)));
    on("jwe_five_fake_segments", () -> bearer("eyJhbGciOiJkaXIifQ..AAAA.BBBB.CCCC"));
    on("jwe_nested_jws", () -> bearer(jwe(new Payload(valid()), "JWT")));
    on("nested_jws_in_jws", () -> bearer(rs256(quoted(valid()))));
    on("nested_jws_raw_payload", () -> bearer(rs256Raw(hdr("RS256", "k1"), valid())));

    // integrity
    on(
        "modified_payload",
        () ->
            bearer(part(valid(), 0) + "." + b64(claims("sub", "admin")) + "." + part(valid(), 2)));
    on(
        "modified_header_typ",
        () -> bearer(b64(hdrTyp("RS256", "k1", "JWT")) + "." + rest(valid(), 1)));
    on(
        "spliced_signature",
        () -> bearer(part(valid(), 0) + "." + part(valid(), 1) + "." + part(es256(claims()), 2)));
    on(
        "same_kid_other_issuer",
        () ->
            bearer(
                signWith(
                    IMPOSTOR_SAME_KID, hdr("RS256", "k1"), claims("iss", "https://evil.example"))));
    on("unknown_kid_attacker", () -> bearer(attackerSigned(hdr("RS256", "attacker"))));

    // JSON
    on(
        "duplicate_alg_in_header",
        () -> bearer(rs256Header("{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"k1\"}", claims())));
    on(
        "duplicate_sub_in_payload",
        () -> bearer(rs256(claims().replace("{", "{\"sub\":\"admin\","))));
    on(
        "duplicate_iss_in_payload",
        () -> bearer(rs256(claims().replace("{", "{\"iss\":\"https://evil.example\","))));
    on("header_is_array", () -> bearer(rs256Raw("[\"RS256\"]", claims())));
    on("header_is_null", () -> bearer(rs256Raw("null", claims())));
    on("payload_is_array", () -> bearer(rs256("[{\"sub\":\"alice\"}]")));
    on("payload_is_string", () -> bearer(rs256("\"alice\"")));
    on("payload_is_number", () -> bearer(rs256("12345")));
    on("payload_is_null", () -> bearer(rs256("null")));
    on("payload_not_json", () -> bearer(rs256("sub=alice")));
    on("payload_truncated_json", () -> bearer(rs256(claims().substring(0, 20))));

    // claim types and values
    on("exp_as_string", () -> bearer(rs256(claims("exp", Long.toString(now() + 300)))));
    on("aud_as_number", () -> bearer(rs256(claims("aud", 42))));
    on("iss_as_number", () -> bearer(rs256(claims("iss", 7))));
    on("sub_as_object", () -> bearer(rs256(claims("sub", Map.of("id", "alice")))));
    on("nbf_as_boolean", () -> bearer(rs256(claims("nbf", true))));
    on("iat_as_array", () -> bearer(rs256(claims("iat", List.of(now())))));
    on("exp_huge_integer", () -> bearer(rs256(rawClaim("exp", "99999999999999999999999999999"))));
    on("exp_long_max", () -> bearer(rs256(rawClaim("exp", Long.toString(Long.MAX_VALUE)))));
    on("exp_1e400", () -> bearer(rs256(rawClaim("exp", "1e400"))));
    on("nbf_long_min", () -> bearer(rs256(rawClaim("nbf", Long.toString(Long.MIN_VALUE)))));
    on("iat_huge_negative", () -> bearer(rs256(rawClaim("iat", "-99999999999999999999999999"))));
    on("exp_nan_string", () -> bearer(rs256(claims("exp", "NaN"))));

    // times, issuer, audience, subject, type, binding
    on("exp_missing", () -> bearer(rs256(without("exp"))));
    on("exp_one_second_past_skew", () -> bearer(rs256(claims("exp", now() - 61))));
    on("exp_long_past", () -> bearer(rs256(claims("exp", now() - 86_400))));
    on("exp_zero", () -> bearer(rs256(claims("exp", 0))));
    on("nbf_future_beyond_skew", () -> bearer(rs256(claims("nbf", now() + 65))));
    on("iat_future_beyond_skew", () -> bearer(rs256(claims("iat", now() + 65))));
    on("iss_trailing_slash", () -> bearer(rs256(claims("iss", issuer + "/"))));
    on("iss_double_trailing_slash", () -> bearer(rs256(claims("iss", issuer + "//"))));
    on("iss_prefix", () -> bearer(rs256(claims("iss", issuer.substring(0, issuer.length() - 1)))));
    on(
        "iss_upper_case",
        () -> bearer(rs256(claims("iss", issuer.toUpperCase(java.util.Locale.ROOT)))));
    on("iss_missing", () -> bearer(rs256(without("iss"))));
    on(
        "slash_issuer_iss_without_trailing_slash",
        () -> bearer(rs256(claims("iss", issuer.replaceAll("/+$", "")))));
    on(
        "aud_array_without_us",
        () -> bearer(rs256(claims("aud", List.of("https://other.example/mcp", "api")))));
    on("aud_empty_array", () -> bearer(rs256(claims("aud", List.of()))));
    on("aud_missing", () -> bearer(rs256(without("aud"))));
    on("aud_prefix_of_us", () -> bearer(rs256(claims("aud", audience + "-evil"))));
    on("aud_trailing_slash", () -> bearer(rs256(claims("aud", audience + "/"))));
    on("aud_array_of_numbers", () -> bearer(rs256(claims("aud", List.of(1, 2)))));
    on("sub_missing", () -> bearer(rs256(without("sub"))));
    on(
        "typ_not_accepted",
        () -> bearer(rs256Header(hdrTyp("RS256", "k1", "id_token+jwt"), claims())));
    on(
        "cnf_sender_constrained",
        () ->
            bearer(
                rs256(
                    claims("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")))));

    // size
    on("token_8kib_expired", () -> bearer(rs256OfLength(claims("exp", now() - 3600), 8 * 1024)));
    on(
        "token_8kib_wrong_audience",
        () -> bearer(rs256OfLength(claims("aud", "https://other.example"), 8 * 1024)));
    on("token_20kib_valid_signature", () -> bearer(rs256OfLength(claims(), 20 * 1024)));
    on("token_20kib_garbage", () -> bearer("a".repeat(20 * 1024)));

    // header framing
    on("control_soh_in_token", () -> bearer(valid() + "\u0001"));
    on("control_nul_in_token", () -> bearer(part(valid(), 0) + "\u0000." + rest(valid(), 1)));
    on("control_esc_in_token", () -> bearer(part(valid(), 0) + "\u001b." + rest(valid(), 1)));
    on("control_del_in_token", () -> bearer(valid() + "\u007f"));
    on("control_bare_cr_in_token", () -> bearer(part(valid(), 0) + "\r." + rest(valid(), 1)));
    on("control_bare_lf_in_token", () -> bearer(part(valid(), 0) + "\n." + rest(valid(), 1)));
    on("obs_fold_inside_token", () -> bearer(part(valid(), 0) + "\r\n ." + rest(valid(), 1)));
    on("two_authorization_headers", () -> headers("Bearer " + valid(), "Bearer " + valid()));
    on("bearer_and_basic_headers", () -> headers("Basic YWxpY2U6c2VjcmV0", "Bearer " + valid()));
    on("empty_and_bearer_headers", () -> headers("", "Bearer " + valid()));
    on("two_tokens_comma", () -> headers("Bearer " + valid() + ", Bearer " + valid()));
    on(
        "basic_then_bearer_in_one_header",
        () -> headers("Basic YWxpY2U6c2VjcmV0, Bearer " + valid()));
    on("no_authorization", () -> headers());
    on("basic_scheme_only", () -> headers("Basic YWxpY2U6c2VjcmV0"));
    on("dpop_scheme", () -> headers("DPoP " + valid()));
    on(
        "token_in_query_only",
        () -> new Request(List.of(), "access_token=" + valid(), "application/json", INITIALIZE));
    on(
        "token_in_query_and_header",
        () ->
            new Request(
                List.of("Bearer " + valid()),
                "access_token=" + valid(),
                "application/json",
                INITIALIZE));
    on(
        "token_in_query_encoded_name",
        () ->
            new Request(
                List.of("Bearer " + valid()),
                "access%5Ftoken=" + valid(),
                "application/json",
                INITIALIZE));
    on(
        "token_in_form_body_and_header",
        () ->
            new Request(
                List.of("Bearer " + valid()),
                null,
                "application/x-www-form-urlencoded",
                "access_token=" + valid()));
    on(
        "token_in_form_body_only",
        () ->
            new Request(
                List.of(), null, "application/x-www-form-urlencoded", "access_token=" + valid()));
  }

  private void on(String name, Supplier<Request> generator) {
    if (recipes.putIfAbsent(name, generator) != null) {
      throw new IllegalStateException("duplicate recipe " + name);
    }
  }

  // ---------------------------------------------------------------- requests

  private static Request bearer(String token) {
    return headers("Bearer " + token);
  }

  private static Request headers(String... authorization) {
    return new Request(List.of(authorization), null, "application/json", INITIALIZE);
  }

  // ---------------------------------------------------------------- claims

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private Map<String, Object> baseClaims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("sub", "alice");
    claims.put("aud", audience);
    claims.put("client_id", "adversary");
    claims.put("scope", "mcp profile");
    claims.put("iat", now());
    claims.put("exp", now() + 300);
    return claims;
  }

  String claims() {
    return json(baseClaims());
  }

  private String claims(String name, Object value) {
    Map<String, Object> claims = baseClaims();
    claims.put(name, value);
    return json(claims);
  }

  private String without(String name) {
    Map<String, Object> claims = baseClaims();
    claims.remove(name);
    return json(claims);
  }

  /** The claims with {@code name} set to the literal JSON text {@code raw}. */
  private String rawClaim(String name, String raw) {
    Map<String, Object> claims = baseClaims();
    claims.remove(name);
    String text = json(claims);
    return text.substring(0, text.length() - 1) + ",\"" + name + "\":" + raw + "}";
  }

  /**
   * An RS256 token of these claims plus a filler claim, at least {@code length} and at most {@code
   * length + 4} characters long.
   */
  private static String rs256OfLength(String claimsJson, int length) {
    int fill = 0;
    String token = rs256(withFiller(claimsJson, fill));
    while (token.length() < length) {
      // Four base64url characters carry three bytes of JSON.
      fill += Math.max(1, (length - token.length()) * 3 / 4);
      token = rs256(withFiller(claimsJson, fill));
    }
    return token;
  }

  private static String withFiller(String claimsJson, int fill) {
    return claimsJson.substring(0, claimsJson.length() - 1)
        + ",\"filler\":\""
        + "x".repeat(fill)
        + "\"}";
  }

  /**
   * This JSON object, with spaces after its opening brace until its length is not a multiple of
   * three, so that its base64url form ends with a character that has unused low bits.
   */
  private static String withLengthNotMultipleOf3(String jsonObject) {
    String json = jsonObject;
    while (json.getBytes(StandardCharsets.UTF_8).length % 3 == 0) {
      json = "{ " + json.substring(1);
    }
    return json;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String quoted(String text) {
    return json(text);
  }

  // ---------------------------------------------------------------- headers

  private static String hdr(String alg, String kid) {
    return json(Map.of("alg", alg, "kid", kid, "typ", "at+jwt"));
  }

  private static String hdrTyp(String alg, String kid, String typ) {
    return json(Map.of("alg", alg, "kid", kid, "typ", typ));
  }

  private static String jwkHeader(String kid) {
    return "{\"alg\":\"RS256\",\"kid\":\""
        + kid
        + "\",\"jwk\":"
        + ATTACKER.toPublicJWK().toJSONString()
        + "}";
  }

  // ---------------------------------------------------------------- signing

  String valid() {
    return rs256(claims());
  }

  /** A valid token for {@code subject} with the scopes {@code scope} (space-separated). */
  String valid(String subject, String scope) {
    Map<String, Object> claims = baseClaims();
    claims.put("sub", subject);
    claims.put("scope", scope);
    return rs256(json(claims));
  }

  /** A valid token bound to the key whose RFC 7638 thumbprint is {@code jkt} (RFC 9449 §6.1). */
  String boundTo(String jkt) {
    Map<String, Object> claims = baseClaims();
    claims.put("cnf", Map.of("jkt", jkt));
    return rs256(json(claims));
  }

  private static String rs256(String claimsJson) {
    return rs256Raw(hdr("RS256", "k1"), claimsJson);
  }

  private static String rs256Header(String headerJson, String claimsJson) {
    return rs256Raw(headerJson, claimsJson);
  }

  /** RS256 by the issuer's key over exactly these header and payload bytes. */
  private static String rs256Raw(String headerJson, String payload) {
    return signWith(ISSUER_RSA, headerJson, payload);
  }

  private static String attackerSigned(String headerJson) {
    return signWith(ATTACKER, headerJson, Recipes.staticClaims());
  }

  private static String staticClaims() {
    return "{\"iss\":\"https://evil.example\",\"sub\":\"admin\",\"exp\":" + (now() + 300) + "}";
  }

  private static String signWith(RSAKey key, String headerJson, String payload) {
    String input = b64(headerJson) + "." + b64(payload);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key.toPrivateKey());
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(signature.sign());
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private String es256(String claimsJson) {
    try {
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .keyID(ISSUER_EC.getKeyID())
                  .type(new JOSEObjectType("at+jwt"))
                  .build(),
              new Payload(claimsJson));
      jws.sign(new ECDSASigner(ISSUER_EC));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private String hmac(String alg, String macAlgorithm, byte[] secret) {
    String input = b64(hdr(alg, "k1")) + "." + b64(claims());
    try {
      Mac mac = Mac.getInstance(macAlgorithm);
      mac.init(new SecretKeySpec(secret, macAlgorithm));
      return input
          + "."
          + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private String unsigned(String alg) {
    return b64("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\"}") + "." + b64(claims());
  }

  private static String jwe(Payload payload, String contentType) {
    try {
      JWEHeader.Builder header =
          new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM).keyID("k1");
      if (contentType != null) {
        header.contentType(contentType);
      }
      JWEObject jwe = new JWEObject(header.build(), payload);
      jwe.encrypt(new RSAEncrypter(ISSUER_RSA.toRSAPublicKey()));
      return jwe.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] publicDer() {
    try {
      return ISSUER_RSA.toRSAPublicKey().getEncoded();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] attackerDer() {
    try {
      return ATTACKER.toRSAPublicKey().getEncoded();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] publicPem() {
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(publicDer())
            + "\n-----END PUBLIC KEY-----\n";
    return pem.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] publicJwkJson() {
    return ISSUER_RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- token surgery

  private static String b64(String text) {
    return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String part(String token, int index) {
    return token.split("\\.", -1)[index];
  }

  /** The segments from {@code index} on, joined by dots. */
  private static String rest(String token, int index) {
    String[] parts = token.split("\\.", -1);
    return String.join(".", java.util.Arrays.copyOfRange(parts, index, parts.length));
  }

  /** The token with segment {@code index} shortened by {@code chars}. */
  private static String cut(String token, int index, int chars) {
    String[] parts = token.split("\\.", -1);
    parts[index] = parts[index].substring(0, parts[index].length() - chars);
    return String.join(".", parts);
  }

  /** The token with character {@code at} of segment {@code index} replaced by {@code c}. */
  private static String replaceIn(String token, int index, int at, char c) {
    String[] parts = token.split("\\.", -1);
    char[] chars = parts[index].toCharArray();
    chars[at] = c;
    parts[index] = new String(chars);
    return String.join(".", parts);
  }

  /**
   * The token with the unused low bits of the last character of segment {@code index} set: a
   * non-canonical base64url form that decoders read as the same bytes (RFC 4648 §3.5).
   */
  private static String nonCanonicalIn(String token, int index) {
    String[] parts = token.split("\\.", -1);
    String segment = parts[index];
    if (segment.length() % 4 < 2) {
      throw new IllegalArgumentException("segment " + index + " has no unused bits");
    }
    int last = BASE64URL.indexOf(segment.charAt(segment.length() - 1));
    parts[index] = segment.substring(0, segment.length() - 1) + BASE64URL.charAt(last | 1);
    return String.join(".", parts);
  }

  /** A valid token whose payload is re-encoded with the standard, padded alphabet. */
  private String standardBase64Payload() {
    String claimsJson = claims() + "  ";
    String encoded;
    // Pad the JSON with spaces until its standard base64 form holds '+' or '/'.
    int extra = 0;
    do {
      encoded =
          Base64.getEncoder()
              .encodeToString(
                  (claimsJson + " ".repeat(extra) + "?>~").getBytes(StandardCharsets.UTF_8));
      extra++;
    } while (!(encoded.contains("+") || encoded.contains("/")));
    encoded = encoded.replace("=", "");
    String token = rs256(claimsJson);
    return part(token, 0) + "." + encoded + "." + part(token, 2);
  }

  // ---------------------------------------------------------------- keys

  private static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
