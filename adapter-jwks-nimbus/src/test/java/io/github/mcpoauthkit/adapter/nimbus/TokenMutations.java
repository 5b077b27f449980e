package io.github.mcpoauthkit.adapter.nimbus;

import static io.github.mcpoauthkit.testing.property.Generator.weight;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.mcpoauthkit.testing.property.Generator;
import io.github.mcpoauthkit.testing.property.Property;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Mutants of real tokens for the fuzz tests: each starts from a token that an issuer's key signed
 * (or from a well-formed forgery), applies one kind of damage, and wraps the result in {@code
 * Authorization} header values.
 *
 * <p>The damage works where parsers break: on the decoded bytes of a segment (bit flips, byte
 * edits), on the compact string (character edits, truncation, stray characters), on the segments
 * (swaps, duplicates, drops, splices from other tokens), on the encoding (standard base64, padding,
 * non-canonical trailing bits), and on the JSON of the header and the payload (algorithm, key id,
 * critical and key-bearing parameters, claims, duplicate keys, wrong types, huge numbers, deep
 * nesting, invalid UTF-8), keeping the original signature.
 */
final class TokenMutations {

  /** A token to start from. */
  record Base(String name, String token) {
    Base {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(token, "token");
    }
  }

  /**
   * One generated input.
   *
   * @param base the token it started from
   * @param kind the damage done, for the statistics
   * @param wrapping how the token was put into header values, for the statistics
   * @param headers the {@code Authorization} header values of the request
   */
  record Mutant(String base, String kind, String wrapping, List<String> headers) {
    Mutant {
      headers = List.copyOf(headers);
    }

    @Override
    public String toString() {
      return kind + " of " + base + ", " + wrapping + ": " + Property.describe(headers);
    }
  }

  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** Characters that do not belong in a compact JWS, or belong only elsewhere in it. */
  private static final String STRAY =
      " \t\r\n\u0000\u001f\u007f=+/.~,;\"'\\%&?#[]{}<>"
          + "\u00a0\u00ae\u00c1\u0131\u200b\u2024\u3000\ufeff\uff0e\ufffd\ud800\udfff";

  private final List<Base> originals;
  private final List<Base> forgeries;
  private final Generator<Base> bases;
  private final Generator<Mutant> mutants;

  /**
   * @param originals tokens signed by the issuer's keys, with weights for how often each is used
   *     (ES256 verification costs ten times RS256's, so weigh it lower)
   * @param forgeries well-formed tokens that no key of the issuer signed
   */
  TokenMutations(Map<Base, Integer> originals, List<Base> forgeries) {
    this.originals = List.copyOf(originals.keySet());
    this.forgeries = List.copyOf(forgeries);
    List<Generator.Weighted<Base>> choices = new ArrayList<>();
    originals.forEach((base, weight) -> choices.add(weight(weight, Generator.constant(base))));
    for (Base forgery : forgeries) {
      choices.add(weight(2, Generator.constant(forgery)));
    }
    this.bases = Generator.frequency(choices);
    this.mutants = mutants();
  }

  /** Every mutant kind, wrapped in every kind of header. */
  Generator<Mutant> all() {
    return mutants;
  }

  /** The tokens the issuer's keys signed. */
  List<Base> originals() {
    return originals;
  }

  /** The well-formed tokens that no key of the issuer signed. */
  List<Base> forgeries() {
    return forgeries;
  }

  // --- the mutants -------------------------------------------------------------------------------

  /** A damage done to a compact token. */
  @FunctionalInterface
  private interface Damage {
    String apply(String token, RandomGenerator random);
  }

  private record Kind(String name, Damage damage) {}

  private Generator<Mutant> mutants() {
    Generator<Kind> kinds =
        Generator.frequency(
            weight(3, kind("unchanged", (token, random) -> token)),
            weight(16, kind("bit flips in decoded bytes", TokenMutations::flipBits)),
            weight(6, kind("byte edit in decoded bytes", TokenMutations::editBytes)),
            weight(10, kind("character edits", TokenMutations::editCharacters)),
            weight(5, kind("truncation", TokenMutations::truncate)),
            weight(5, kind("stray character inserted", TokenMutations::insertStray)),
            weight(10, kind("segments rearranged", TokenMutations::rearrangeSegments)),
            weight(5, kind("segment spliced from another token", this::splice)),
            weight(8, kind("re-encoded", TokenMutations::reencode)),
            weight(12, kind("header JSON changed", TokenMutations::changeHeader)),
            weight(12, kind("payload JSON changed", TokenMutations::changePayload)),
            weight(5, kind("several damages", this::severalDamages)));
    Generator<String> randomTokens = TokenMutations::randomToken;
    return random -> {
      if (random.nextInt(100) < 3) {
        String token = randomTokens.next(random);
        Wrapped wrapped = wrap(token, random);
        return new Mutant("nothing", "random text", wrapped.name(), wrapped.headers());
      }
      Base base = bases.next(random);
      Kind kind = kinds.next(random);
      String token = kind.damage().apply(base.token(), random);
      Wrapped wrapped = wrap(token, random);
      return new Mutant(base.name(), kind.name(), wrapped.name(), wrapped.headers());
    };
  }

  private static Generator<Kind> kind(String name, Damage damage) {
    return Generator.constant(new Kind(name, damage));
  }

  private String severalDamages(String token, RandomGenerator random) {
    List<Damage> damages =
        List.of(
            TokenMutations::flipBits,
            TokenMutations::editBytes,
            TokenMutations::editCharacters,
            TokenMutations::insertStray,
            TokenMutations::rearrangeSegments,
            this::splice,
            TokenMutations::reencode,
            TokenMutations::changeHeader,
            TokenMutations::changePayload);
    int count = 2 + random.nextInt(3);
    String damaged = token;
    for (int i = 0; i < count; i++) {
      damaged = damages.get(random.nextInt(damages.size())).apply(damaged, random);
    }
    return damaged;
  }

  // --- bytes ---

  /** One, two, three or eight random bits of one segment's decoded bytes flipped. */
  private static String flipBits(String token, RandomGenerator random) {
    return onDecodedSegment(
        token,
        random,
        bytes -> {
          if (bytes.length == 0) {
            return bytes;
          }
          int flips = List.of(1, 1, 1, 2, 3, 8).get(random.nextInt(6));
          for (int i = 0; i < flips; i++) {
            int bit = random.nextInt(bytes.length * 8);
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
          }
          return bytes;
        });
  }

  /** One byte of one segment set, inserted or removed, or the segment cut short. */
  private static String editBytes(String token, RandomGenerator random) {
    return onDecodedSegment(
        token,
        random,
        bytes -> {
          int at = random.nextInt(bytes.length + 1);
          byte value =
              (byte)
                  (random.nextBoolean()
                      ? random.nextInt(256)
                      : "\u0000\"{}[],:\\ ".charAt(random.nextInt(10)));
          byte[] edited;
          switch (random.nextInt(4)) {
            case 0 -> {
              edited = bytes.clone();
              if (at < bytes.length) {
                edited[at] = value;
              }
            }
            case 1 -> {
              edited = new byte[bytes.length + 1];
              System.arraycopy(bytes, 0, edited, 0, at);
              edited[at] = value;
              System.arraycopy(bytes, at, edited, at + 1, bytes.length - at);
            }
            case 2 -> {
              if (at == bytes.length) {
                return bytes;
              }
              edited = new byte[bytes.length - 1];
              System.arraycopy(bytes, 0, edited, 0, at);
              System.arraycopy(bytes, at + 1, edited, at, bytes.length - at - 1);
            }
            default -> edited = Arrays.copyOf(bytes, at);
          }
          return edited;
        });
  }

  @FunctionalInterface
  private interface ByteEdit {
    byte[] apply(byte[] bytes);
  }

  /** Decodes one segment, edits its bytes, encodes it again in canonical base64url. */
  private static String onDecodedSegment(String token, RandomGenerator random, ByteEdit edit) {
    String[] parts = token.split("\\.", -1);
    int segment = random.nextInt(parts.length);
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(parts[segment]);
    } catch (IllegalArgumentException notBase64url) {
      bytes = parts[segment].getBytes(StandardCharsets.ISO_8859_1);
    }
    parts[segment] = encode(edit.apply(bytes));
    return String.join(".", parts);
  }

  // --- characters ---

  private static String editCharacters(String token, RandomGenerator random) {
    String edited = token;
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      int at = random.nextInt(edited.length() + 1);
      char c =
          random.nextInt(4) > 0
              ? BASE64URL.charAt(random.nextInt(BASE64URL.length()))
              : STRAY.charAt(random.nextInt(STRAY.length()));
      edited =
          switch (random.nextInt(3)) {
            case 0 ->
                at < edited.length()
                    ? edited.substring(0, at) + c + edited.substring(at + 1)
                    : edited + c;
            case 1 -> edited.substring(0, at) + c + edited.substring(at);
            default ->
                at < edited.length() ? edited.substring(0, at) + edited.substring(at + 1) : edited;
          };
    }
    return edited;
  }

  private static String truncate(String token, RandomGenerator random) {
    return token.substring(0, random.nextInt(token.length() + 1));
  }

  /** Whitespace, a control character, padding or a non-base64url character, often at a dot. */
  private static String insertStray(String token, RandomGenerator random) {
    int at;
    if (random.nextBoolean()) {
      List<Integer> dots = new ArrayList<>(List.of(0, token.length()));
      for (int i = token.indexOf('.'); i >= 0; i = token.indexOf('.', i + 1)) {
        dots.add(i);
        dots.add(i + 1);
      }
      at = dots.get(random.nextInt(dots.size()));
    } else {
      at = random.nextInt(token.length() + 1);
    }
    String stray =
        random.nextInt(5) > 0
            ? String.valueOf(STRAY.charAt(random.nextInt(STRAY.length())))
            : List.of("==", "\r\n", "%2E", "&#46;", "\\u002e").get(random.nextInt(5));
    return token.substring(0, at) + stray + token.substring(at);
  }

  // --- segments ---

  private static String rearrangeSegments(String token, RandomGenerator random) {
    List<String> parts = new ArrayList<>(Arrays.asList(token.split("\\.", -1)));
    int i = random.nextInt(parts.size());
    int j = random.nextInt(parts.size());
    switch (random.nextInt(7)) {
      case 0 -> Collections.swap(parts, i, j);
      case 1 -> parts.add(j, parts.get(i));
      case 2 -> parts.remove(i);
      case 3 -> Collections.shuffle(parts, new Random(random.nextLong()));
      case 4 -> parts.add(random.nextInt(parts.size() + 1), "");
      case 5 -> parts.addAll(List.of(parts.get(i), parts.get(j)));
      default -> parts.set(i, parts.get(j));
    }
    return String.join(".", parts);
  }

  /** A segment replaced by the same segment of another token: a valid part in the wrong place. */
  private String splice(String token, RandomGenerator random) {
    List<Base> donors = new ArrayList<>(originals);
    donors.addAll(forgeries);
    String[] donor = donors.get(random.nextInt(donors.size())).token().split("\\.", -1);
    String[] parts = token.split("\\.", -1);
    int segment = random.nextInt(Math.min(parts.length, donor.length));
    parts[segment] = donor[random.nextInt(4) > 0 ? segment : random.nextInt(donor.length)];
    return String.join(".", parts);
  }

  // --- encodings ---

  /**
   * One segment in standard base64 ({@code +}, {@code /}, padding), padded base64url, with line
   * breaks, or with other values in the unused low bits of its last character, which decode to the
   * same bytes.
   */
  private static String reencode(String token, RandomGenerator random) {
    String[] parts = token.split("\\.", -1);
    int segment = random.nextInt(parts.length);
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(parts[segment]);
    } catch (IllegalArgumentException notBase64url) {
      return token;
    }
    parts[segment] =
        switch (random.nextInt(4)) {
          case 0 -> Base64.getEncoder().encodeToString(bytes);
          case 1 -> Base64.getUrlEncoder().encodeToString(bytes);
          case 2 ->
              Base64.getMimeEncoder(16, "\r\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(bytes);
          default -> withOtherTrailingBits(parts[segment], random);
        };
    return String.join(".", parts);
  }

  /** The same bytes with different unused bits in the last character, when it has any. */
  private static String withOtherTrailingBits(String segment, RandomGenerator random) {
    int unusedBits =
        switch (segment.length() % 4) {
          case 2 -> 4;
          case 3 -> 2;
          default -> 0;
        };
    if (unusedBits == 0) {
      return segment;
    }
    int last = BASE64URL.indexOf(segment.charAt(segment.length() - 1));
    int changed = (last & ~((1 << unusedBits) - 1)) | random.nextInt(1, 1 << unusedBits);
    return segment.substring(0, segment.length() - 1) + BASE64URL.charAt(changed);
  }

  // --- JSON ---

  private static final List<Object> ALGORITHMS =
      Arrays.asList(
          "none",
          "None",
          "NONE",
          "HS256",
          "HS512",
          "RS384",
          "PS256",
          "ES256",
          "ES512",
          "EdDSA",
          "RSA-OAEP",
          "dir",
          "",
          "XYZ",
          "rs256",
          "RS256 ",
          null,
          42,
          List.of("RS256"),
          Map.of());
  private static final List<Object> KEY_IDS =
      Arrays.asList(
          "fuzz-rsa-1",
          "fuzz-rsa-2",
          "fuzz-ec-1",
          "unknown",
          "",
          " ",
          "../../etc/passwd",
          "x".repeat(5_000),
          null,
          42,
          List.of("fuzz-rsa-1"),
          true);
  private static final List<Object> TYPES =
      Arrays.asList("JWT", "at+jwt", "application/at+jwt", "JOSE", "", "id_token+jwt", null, 1);

  /** A header parameter that a decoder must refuse or ignore, with a value of the right type. */
  private static Map<String, Object> extraHeaderParameter(RandomGenerator random) {
    return switch (random.nextInt(10)) {
      case 0 -> Map.of("crit", List.of("exp"));
      case 1 -> Map.of("crit", List.of("b64"), "b64", false);
      case 2 -> Map.of("b64", false);
      case 3 -> Map.of("jku", "http://127.0.0.1:9/jwks");
      case 4 ->
          Map.of(
              "jwk",
              Map.of("kty", "oct", "k", "c2VjcmV0", "kid", "fuzz-rsa-1"),
              "kid",
              "fuzz-rsa-1");
      case 5 -> Map.of("x5u", "http://127.0.0.1:9/cert");
      case 6 -> Map.of("x5c", List.of("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"));
      case 7 -> Map.of("zip", "DEF");
      case 8 -> Map.of("enc", "A128GCM");
      default -> Map.of("crit", List.of());
    };
  }

  private static String changeHeader(String token, RandomGenerator random) {
    return onJsonSegment(
        token,
        0,
        random,
        json -> {
          switch (random.nextInt(6)) {
            case 0 -> json.put("alg", ALGORITHMS.get(random.nextInt(ALGORITHMS.size())));
            case 1 -> json.put("kid", KEY_IDS.get(random.nextInt(KEY_IDS.size())));
            case 2 -> json.put("typ", TYPES.get(random.nextInt(TYPES.size())));
            case 3 -> json.remove(random.nextBoolean() ? "alg" : "kid");
            default -> json.putAll(extraHeaderParameter(random));
          }
        });
  }

  private static final List<Object> ODD_VALUES =
      Arrays.asList(
          null,
          "",
          "admin",
          "https://issuer.example/",
          0,
          -1,
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          1e300,
          -0.0,
          true,
          List.of(),
          List.of("https://mcp.example/mcp", 7),
          Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"));

  private static final List<String> CLAIMS =
      List.of("iss", "sub", "aud", "exp", "nbf", "iat", "scope", "scp", "client_id", "azp", "cnf");

  private static String changePayload(String token, RandomGenerator random) {
    return onJsonSegment(
        token,
        1,
        random,
        json -> {
          if (json.get("iat") instanceof Number iat) {
            changeClaim(json, iat.longValue(), random);
          }
        });
  }

  /** One claim set to an odd value, removed, or set to a time on either side of the skew. */
  private static void changeClaim(Map<String, Object> json, long now, RandomGenerator random) {
    String claim = CLAIMS.get(random.nextInt(CLAIMS.size()));
    switch (random.nextInt(3)) {
      case 0 -> json.put(claim, ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
      case 1 -> json.remove(claim);
      default -> {
        long offset = (random.nextBoolean() ? 60 : -60) + random.nextInt(-2, 3);
        Object time =
            random.nextBoolean() ? (Object) (now + offset) : (Object) (now + offset + 0.5);
        json.put(List.of("exp", "nbf", "iat").get(random.nextInt(3)), time);
      }
    }
  }

  /**
   * A payload near {@code claims}: up to three claims changed as {@link #changeClaim} does, the
   * result sometimes written oddly (duplicate keys, huge numbers, deep nesting, invalid UTF-8).
   *
   * @param now the epoch second the times are moved around
   */
  static byte[] oddPayload(String claims, long now, RandomGenerator random) {
    Map<String, Object> json;
    try {
      json = new LinkedHashMap<>(JSONObjectUtils.parse(claims));
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JSON object: " + claims, e);
    }
    int changes = random.nextInt(4);
    for (int i = 0; i < changes; i++) {
      changeClaim(json, now, random);
    }
    String text = JSONObjectUtils.toJSONString(json);
    return random.nextInt(5) < 2
        ? rewrite(text, json, random)
        : text.getBytes(StandardCharsets.UTF_8);
  }

  @FunctionalInterface
  private interface JsonEdit {
    void apply(Map<String, Object> json);
  }

  /**
   * Changes the JSON of one segment: as a map (a claim or parameter changed) and written back by
   * Nimbus, or as text (the same members written differently, duplicate keys, wrong nesting, huge
   * numbers, trailing garbage, invalid UTF-8). The other segments, the signature among them, stay.
   */
  private static String onJsonSegment(
      String token, int segment, RandomGenerator random, JsonEdit edit) {
    String[] parts = token.split("\\.", -1);
    if (parts.length <= segment) {
      return token;
    }
    String text;
    Map<String, Object> json;
    try {
      text = new String(Base64.getUrlDecoder().decode(parts[segment]), StandardCharsets.UTF_8);
      Map<String, Object> parsed = JSONObjectUtils.parse(text);
      if (parsed == null) {
        // Nimbus parses the literal null to no map at all.
        return token;
      }
      json = new LinkedHashMap<>(parsed);
    } catch (IllegalArgumentException | ParseException notJson) {
      return token;
    }
    byte[] changed;
    if (random.nextInt(5) < 3) {
      edit.apply(json);
      changed = JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8);
    } else {
      changed = rewrite(text, json, random);
    }
    parts[segment] = encode(changed);
    return String.join(".", parts);
  }

  /** The JSON object {@code text} written in another way, valid or not. */
  private static byte[] rewrite(String text, Map<String, Object> json, RandomGenerator random) {
    String body =
        text.startsWith("{") && text.endsWith("}") && text.length() >= 2
            ? text.substring(1, text.length() - 1)
            : text;
    String written =
        switch (random.nextInt(12)) {
          case 0 -> "{ " + body.replace(",", " ,\n\t") + " }";
          case 1 -> {
            List<String> keys = new ArrayList<>(json.keySet());
            Collections.shuffle(keys, new Random(random.nextLong()));
            Map<String, Object> reordered = new LinkedHashMap<>();
            keys.forEach(key -> reordered.put(key, json.get(key)));
            yield JSONObjectUtils.toJSONString(reordered);
          }
          case 2 -> escapeFirstLetter(text);
          case 3 -> "{\"alg\":\"none\",\"sub\":\"admin\"," + body + "}";
          case 4 -> "{" + body + ",\"alg\":\"none\",\"sub\":\"admin\"}";
          case 5 -> text + random.nextInt(10);
          case 6 -> "\ufeff" + text;
          case 7 -> {
            int depth = depth(random);
            yield "{"
                + body
                + ",\"deep\":"
                + "[".repeat(depth)
                + (random.nextInt(4) > 0 ? "]".repeat(depth) : "")
                + "}";
          }
          case 8 ->
              "{"
                  + body
                  + ",\"n\":"
                  + List.of("1e400", "-1e400", "1E-100000000", "123456789012345678901234567890")
                      .get(random.nextInt(4))
                  + "}";
          case 9 -> List.of("[]", "null", "\"x\"", "42", "", "{", "}").get(random.nextInt(7));
          case 10 -> "{" + body + ",\"" + "k".repeat(random.nextInt(1, 3_000)) + "\":1}";
          default -> null;
        };
    if (written != null) {
      return written.getBytes(StandardCharsets.UTF_8);
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int at = 1 + random.nextInt(Math.max(1, bytes.length - 2));
    byte[] invalid = bytes.clone();
    invalid[at] = (byte) List.of(0xC3, 0x80, 0xFF, 0xED, 0xF4).get(random.nextInt(5)).intValue();
    return invalid;
  }

  /** The first letter after a quote written as a Unicode escape: the same JSON, other bytes. */
  private static String escapeFirstLetter(String text) {
    for (int i = 0; i + 1 < text.length(); i++) {
      char c = text.charAt(i + 1);
      if (text.charAt(i) == '"' && c >= 'a' && c <= 'z') {
        return text.substring(0, i + 1)
            + String.format(Locale.ROOT, "\\u%04x", (int) c)
            + text.substring(i + 2);
      }
    }
    return text;
  }

  /** Nesting depths from shallow to far beyond what a recursive parser survives. */
  private static int depth(RandomGenerator random) {
    return List.of(10, 300, 3_000, 20_000).get(random.nextInt(4));
  }

  // --- random text ---

  private static String randomToken(RandomGenerator random) {
    return switch (random.nextInt(3)) {
      case 0 -> {
        int length = Generator.length(random, 4_000);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
          text.append(
              random.nextBoolean()
                  ? BASE64URL.charAt(random.nextInt(BASE64URL.length()))
                  : (char) random.nextInt(0x10000));
        }
        yield text.toString();
      }
      case 1 -> {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3; i++) {
          byte[] bytes = new byte[random.nextInt(400)];
          random.nextBytes(bytes);
          text.append(i > 0 ? "." : "").append(encode(bytes));
        }
        yield text.toString();
      }
      default -> {
        byte[] signature = new byte[random.nextBoolean() ? 256 : 64];
        random.nextBytes(signature);
        String kid = random.nextBoolean() ? "fuzz-rsa-1" : "fuzz-ec-1";
        String alg = random.nextBoolean() ? "RS256" : "ES256";
        yield encode(
                ("{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\"}")
                    .getBytes(StandardCharsets.UTF_8))
            + "."
            + encode("{\"sub\":\"random\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + encode(signature);
      }
    };
  }

  // --- wrapping ---

  private record Wrapped(String name, List<String> headers) {}

  /** The token in header values: mostly as clients send it, sometimes in every other way. */
  private static Wrapped wrap(String token, RandomGenerator random) {
    int kind = random.nextInt(100);
    if (kind < 60) {
      return new Wrapped("Bearer <token>", List.of("Bearer " + token));
    }
    if (kind < 72) {
      String scheme = random.nextBoolean() ? "bearer" : random.nextBoolean() ? "BEARER" : "BeArEr";
      return new Wrapped(
          "same credentials spelled otherwise",
          List.of(
              (random.nextBoolean() ? " \t" : "")
                  + scheme
                  + " ".repeat(1 + random.nextInt(3))
                  + token
                  + (random.nextBoolean() ? "\t " : "")));
    }
    if (kind < 77) {
      String header =
          List.of("Bearer\t", "Bearer", "Bearer:", "Bearer\u00a0", "Basic ", "DPoP ", "Token ")
                  .get(random.nextInt(7))
              + token;
      return new Wrapped("another scheme or separator", List.of(header));
    }
    if (kind < 81) {
      return new Wrapped(
          "two header values",
          random.nextBoolean()
              ? List.of("Bearer " + token, "Bearer " + token)
              : List.of("Basic dXNlcjpwYXNz", "Bearer " + token));
    }
    if (kind < 84) {
      return new Wrapped(
          "two credentials in one value",
          List.of(
              random.nextBoolean()
                  ? "Basic dXNlcjpwYXNz, Bearer " + token
                  : "Bearer " + token + ", Bearer " + token));
    }
    if (kind < 88) {
      String stray = List.of("\r\n", "\n", "\u0000", " x", ";", "\u00a0").get(random.nextInt(6));
      return new Wrapped(
          "stray characters around the token",
          List.of(random.nextBoolean() ? "Bearer " + token + stray : "Bearer " + stray + token));
    }
    if (kind < 91) {
      return new Wrapped(
          "padding appended", List.of("Bearer " + token + "=".repeat(1 + random.nextInt(2))));
    }
    if (kind < 94) {
      return new Wrapped("token without scheme", List.of(token));
    }
    if (kind < 97) {
      return new Wrapped(
          "no usable header",
          List.<List<String>>of(List.of(), List.of(""), List.of(" \t ")).get(random.nextInt(3)));
    }
    return new Wrapped("quoted token", List.of("Bearer \"" + token + "\""));
  }

  static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
