package io.github.mcpoauthkit.domain.token;

import static io.github.mcpoauthkit.testing.property.Generator.weight;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mcpoauthkit.testing.property.Generator;
import io.github.mcpoauthkit.testing.property.Property;
import io.github.mcpoauthkit.testing.property.Shrinker;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Properties of the claims rules over generated JSON: {@link TokenClaims#parse(Map)} never throws
 * and refuses exactly the claims of the wrong type or range; {@link TokenRules#evaluate} never
 * throws and accepts exactly the tokens that pass every rule, reporting the first rule that fails
 * in the documented order. Both are stated here independently of the code under test.
 */
class ClaimsPropertyTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISSUER = "https://issuer.example";
  private static final String AUDIENCE = "https://mcp.example/mcp";

  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, as {@link TokenClaims#parse} documents. */
  private static final BigDecimal MIN_TIME = BigDecimal.valueOf(-62_167_219_200L);

  private static final BigDecimal MAX_TIME = BigDecimal.valueOf(253_402_300_799L);

  private static final List<String> REGISTERED =
      List.of(
          "iss",
          "sub",
          "aud",
          "exp",
          "nbf",
          "iat",
          "scope",
          "scp",
          "client_id",
          "azp",
          "cnf",
          "jti");
  private static final List<String> TIME_CLAIMS = List.of("exp", "nbf", "iat");
  private static final List<String> STRING_CLAIMS = List.of("iss", "sub", "client_id", "azp");

  // --- generators --------------------------------------------------------------------------------

  private static final Generator<String> TEXT =
      Generator.frequency(
          weight(4, TokenText.text(200)),
          weight(
              3,
              Generator.elements(
                  ISSUER,
                  ISSUER + "/",
                  "HTTPS://ISSUER.EXAMPLE",
                  AUDIENCE,
                  "",
                  " ",
                  "alice",
                  "read write",
                  "read  write ",
                  "mcp:read",
                  "in\"valid",
                  "back\\slash",
                  "caf\u00e9",
                  "\u0000")));

  private static Generator<Object> numbers() {
    Generator<Object> longs =
        random ->
            switch (random.nextInt(4)) {
              case 0 -> random.nextLong();
              case 1 -> random.nextLong(MIN_TIME.longValue(), MAX_TIME.longValue() + 1);
              case 2 -> NOW.getEpochSecond() + random.nextInt(-1_000, 1_000);
              default ->
                  Generator.elements(
                          0L,
                          -1L,
                          MIN_TIME.longValue() - 1,
                          MIN_TIME.longValue(),
                          MAX_TIME.longValue(),
                          MAX_TIME.longValue() + 1,
                          Long.MIN_VALUE,
                          Long.MAX_VALUE)
                      .next(random);
            };
    Generator<Object> doubles =
        random ->
            switch (random.nextInt(4)) {
              case 0 -> Double.longBitsToDouble(random.nextLong());
              case 1 -> NOW.getEpochSecond() + random.nextDouble(-1_000, 1_000);
              case 2 -> random.nextDouble(-1e12, 1e12);
              default ->
                  Generator.elements(
                          Double.NaN,
                          Double.POSITIVE_INFINITY,
                          Double.NEGATIVE_INFINITY,
                          -0.0,
                          0.5,
                          -0.5,
                          Double.MIN_VALUE,
                          -Double.MIN_VALUE,
                          Double.MAX_VALUE,
                          MIN_TIME.doubleValue() - 0.5,
                          MIN_TIME.doubleValue(),
                          MAX_TIME.doubleValue(),
                          MAX_TIME.doubleValue() + 0.5,
                          MAX_TIME.doubleValue() + 1)
                      .next(random);
            };
    Generator<Object> bigIntegers =
        random ->
            random.nextBoolean()
                ? signedInteger(random, 1 + random.nextInt(250))
                : MAX_TIME.toBigInteger().add(BigInteger.valueOf(random.nextInt(-2, 3)));
    Generator<Object> bigDecimals =
        random -> {
          BigInteger unscaled = signedInteger(random, 1 + random.nextInt(25));
          int scale =
              switch (random.nextInt(4)) {
                case 0 -> random.nextInt(-40, 41);
                case 1 -> random.nextInt(-400, 401);
                case 2 -> random.nextInt();
                default ->
                    Generator.elements(
                            Integer.MIN_VALUE,
                            Integer.MIN_VALUE + 1,
                            Integer.MAX_VALUE - 1,
                            Integer.MAX_VALUE)
                        .next(random);
              };
          return new BigDecimal(unscaled, scale);
        };
    return Generator.frequency(
        weight(4, longs),
        weight(1, random -> random.nextInt()),
        weight(3, doubles),
        weight(1, random -> Float.intBitsToFloat(random.nextInt())),
        weight(1, bigIntegers),
        weight(2, bigDecimals));
  }

  private static BigInteger signedInteger(RandomGenerator random, int bytes) {
    byte[] magnitude = new byte[bytes];
    random.nextBytes(magnitude);
    return new BigInteger(random.nextBoolean() ? 1 : -1, magnitude);
  }

  private static final Generator<Object> NUMBERS = numbers();

  /** Any JSON value as a parser gives it, nested up to {@code depth} levels. */
  private static Generator<Object> json(int depth) {
    Generator<Object> scalars =
        Generator.frequency(
            weight(1, random -> null),
            weight(1, random -> random.nextBoolean()),
            weight(4, TEXT.map(text -> (Object) text)),
            weight(4, NUMBERS));
    if (depth == 0) {
      return scalars;
    }
    Generator<Object> inner = json(depth - 1);
    return Generator.frequency(
        weight(6, scalars),
        weight(2, Generator.lists(inner, 0, 4).map(list -> (Object) list)),
        weight(1, random -> randomObject(random, inner, 3)));
  }

  private static final Generator<Object> JSON = json(3);

  private static Map<String, Object> randomObject(
      RandomGenerator random, Generator<Object> values, int maxEntries) {
    Map<String, Object> object = new LinkedHashMap<>();
    int entries = random.nextInt(maxEntries + 1);
    for (int i = 0; i < entries; i++) {
      String key =
          random.nextInt(4) > 0
              ? REGISTERED.get(random.nextInt(REGISTERED.size()))
              : TEXT.next(random);
      object.put(key, values.next(random));
    }
    return object;
  }

  /** The claims of a token that every default policy accepts at {@link #NOW}. */
  private static Map<String, Object> goodClaims() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("iss", ISSUER);
    json.put("sub", "alice");
    json.put("aud", AUDIENCE);
    json.put("exp", NOW.getEpochSecond() + 600);
    json.put("iat", NOW.getEpochSecond() - 10);
    json.put("nbf", NOW.getEpochSecond() - 10);
    json.put("scope", "mcp:read mcp:write");
    json.put("client_id", "client-1");
    return json;
  }

  /** A time near {@link #NOW}, on either side of every skew the policies use. */
  private static Object timeNearNow(RandomGenerator random) {
    long skew = List.of(0L, 60L, 300L).get(random.nextInt(3));
    long offset = (random.nextBoolean() ? 1 : -1) * (skew + random.nextInt(-1, 2));
    long seconds = NOW.getEpochSecond() + offset;
    return switch (random.nextInt(3)) {
      case 0 -> seconds;
      case 1 -> seconds + (random.nextBoolean() ? 0.5 : -0.5);
      default -> BigDecimal.valueOf(seconds).add(new BigDecimal("0.999"));
    };
  }

  /** Good claims with up to three claims removed, retyped, or moved near a boundary. */
  private static Map<String, Object> mutatedClaims(RandomGenerator random) {
    Map<String, Object> json = goodClaims();
    int mutations = random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      String claim = REGISTERED.get(random.nextInt(REGISTERED.size()));
      switch (random.nextInt(6)) {
        case 0 -> json.remove(claim);
        case 1 -> json.put(claim, JSON.next(random));
        case 2 -> json.put(TIME_CLAIMS.get(random.nextInt(3)), timeNearNow(random));
        case 3 ->
            json.put(
                "aud",
                Generator.elements(
                        List.of(),
                        List.of(AUDIENCE),
                        List.of("https://other.example", AUDIENCE),
                        List.of("https://other.example"),
                        AUDIENCE + "/",
                        List.of(AUDIENCE, 42))
                    .next(random));
        case 4 -> json.put(claim, TEXT.next(random));
        default -> json.put(claim, NUMBERS.next(random));
      }
    }
    return json;
  }

  private static final Generator<Map<String, Object>> CLAIMS =
      Generator.frequency(
          weight(2, random -> randomObject(random, JSON, 10)),
          weight(3, ClaimsPropertyTest::mutatedClaims));

  /** A policy with the parameters that the oracle needs spelled out next to it. */
  private record PolicyCase(
      String name,
      Set<String> algorithms,
      Set<String> types,
      boolean typeRequired,
      Duration skew,
      Set<String> audiences,
      ValidationPolicy policy) {

    static PolicyCase of(
        String name,
        Set<String> algorithms,
        Set<String> types,
        boolean typeRequired,
        long skewSeconds,
        Set<String> audiences) {
      Set<Audience> accepted = new LinkedHashSet<>();
      audiences.forEach(audience -> accepted.add(new Audience(audience)));
      ValidationPolicy policy =
          ValidationPolicy.forIssuer(new Issuer(ISSUER))
              .withAudiences(accepted)
              .withClockSkew(Duration.ofSeconds(skewSeconds))
              .withAlgorithms(algorithms)
              .withAcceptedTypes(types, typeRequired);
      return new PolicyCase(
          name,
          algorithms,
          types,
          typeRequired,
          Duration.ofSeconds(skewSeconds),
          audiences,
          policy);
    }
  }

  private static final List<PolicyCase> POLICIES =
      List.of(
          PolicyCase.of(
              "default",
              ValidationPolicy.DEFAULT_ALGORITHMS,
              Set.of("at+jwt", "jwt"),
              false,
              60,
              Set.of(AUDIENCE)),
          PolicyCase.of(
              "strict at+jwt, no skew",
              Set.of("RS256", "ES256"),
              Set.of("at+jwt"),
              true,
              0,
              Set.of(AUDIENCE, "https://other.example")),
          PolicyCase.of(
              "no audience check, 5 min skew",
              Set.of("ES256"),
              Set.of("application/AT+JWT"),
              false,
              300,
              Set.of()));

  /** Mostly algorithms and types that some policy accepts, so that the later rules are reached. */
  private static final Generator<JoseHeader> HEADERS =
      random -> {
        JoseHeader header =
            JoseHeader.withAlgorithm(
                random.nextInt(4) > 0
                    ? Generator.elements("RS256", "ES256").next(random)
                    : Generator.elements("EdDSA", "PS512", "none", "HS256", "rs256", "", "XYZ")
                        .next(random));
        Optional<String> type =
            random.nextInt(4) > 0
                ? Generator.elements(Optional.<String>empty(), Optional.of("at+jwt")).next(random)
                : Generator.elements(
                        Optional.of("AT+JWT"),
                        Optional.of("application/at+jwt"),
                        Optional.of("JWT"),
                        Optional.of("application/jwt"),
                        Optional.of("JOSE"),
                        Optional.of(""),
                        Optional.of("application/"),
                        Optional.of(TEXT.next(random)))
                    .next(random);
        return type.isPresent() ? header.withType(type.get()) : header;
      };

  /** One input of the rules property. */
  private record RulesCase(PolicyCase policy, JoseHeader header, Map<String, Object> claims) {
    @Override
    public String toString() {
      return "policy " + policy.name() + ", " + header + ", claims " + claims;
    }
  }

  // --- properties --------------------------------------------------------------------------------

  @Test
  void parsing_refuses_exactly_the_claims_of_the_wrong_type_or_range() {
    Property.forAll("TokenClaims.parse agrees with the claim types", 25_000, CLAIMS)
        .shrinkWith(Shrinker.maps())
        .check(
            (json, trial) -> {
              ParsedClaims parsed = TokenClaims.parse(json);

              Optional<String> problem = firstProblem(json);
              trial.collect("outcome", problem.map(p -> "malformed " + p).orElse("valid"));
              if (problem.isPresent()) {
                assertThat(parsed).isInstanceOf(ParsedClaims.Malformed.class);
                Rejection rejection = ((ParsedClaims.Malformed) parsed).rejection();
                assertThat(rejection.code()).isEqualTo(RejectionCode.CLAIMS_MALFORMED);
                assertThat(rejection.message())
                    .startsWith(RejectionCode.CLAIMS_MALFORMED.defaultMessage() + ": ")
                    .contains(": " + problem.get() + " ");
              } else {
                assertThat(parsed).isInstanceOf(ParsedClaims.Valid.class);
                assertReadAsIs(((ParsedClaims.Valid) parsed).claims(), json);
              }
              assertThat(summary(TokenClaims.parse(new LinkedHashMap<>(json))))
                  .isEqualTo(summary(parsed));
            });
  }

  @Test
  void the_rules_accept_exactly_what_every_rule_allows_and_report_the_first_failure() {
    Generator<RulesCase> cases =
        random ->
            new RulesCase(
                POLICIES.get(random.nextInt(POLICIES.size())),
                HEADERS.next(random),
                mutatedClaims(random));
    Shrinker<Map<String, Object>> fewerClaims = Shrinker.maps();
    Property.forAll("TokenRules.evaluate agrees with the rules in their order", 25_000, cases)
        .shrinkWith(
            input ->
                fewerClaims.candidates(input.claims()).stream()
                    .map(smaller -> new RulesCase(input.policy(), input.header(), smaller))
                    .toList())
        .check(
            (input, trial) -> {
              ParsedClaims parsed = TokenClaims.parse(input.claims());
              trial.assume(parsed instanceof ParsedClaims.Valid);
              TokenClaims claims = ((ParsedClaims.Valid) parsed).claims();
              TokenRules rules = new TokenRules(input.policy().policy());

              Verdict verdict = rules.evaluate(input.header(), claims, NOW);

              String expected = expectedVerdict(input);
              trial.collect("verdict", expected);
              trial.collect("policy", input.policy().name());
              assertThat(verdict).isNotInstanceOf(Verdict.Undecided.class);
              assertThat(
                      verdict instanceof Verdict.Rejected rejected
                          ? rejected.rejection().code().code()
                          : "accepted")
                  .isEqualTo(expected);
              if (verdict instanceof Verdict.Accepted accepted) {
                assertThat(accepted.token().issuer()).isEqualTo(new Issuer(ISSUER));
                assertThat(accepted.token().subject()).isEqualTo(input.claims().get("sub"));
                assertThat(Optional.of(accepted.token().expiresAt()))
                    .isEqualTo(time(input.claims().get("exp")));
              }
              assertThat(rules.evaluate(input.header(), claims, NOW)).isEqualTo(verdict);
            });
  }

  // --- the oracle --------------------------------------------------------------------------------

  /** The first claim that is malformed, in the order the reader looks at them. */
  private static Optional<String> firstProblem(Map<String, Object> json) {
    List<String> order = new ArrayList<>(List.of("iss", "sub", "aud", "exp", "nbf", "iat"));
    order.addAll(List.of("scope", "scp", "client_id"));
    if (json.get("client_id") == null || !(json.get("client_id") instanceof String)) {
      order.add("azp");
    }
    for (String claim : order) {
      Object value = json.get(claim);
      boolean ok =
          value == null
              || switch (claim) {
                case "aud" -> value instanceof String || allStrings(value);
                case "exp", "nbf", "iat" -> time(value).isPresent();
                case "scope", "scp" -> scopes(value).isPresent();
                default -> value instanceof String;
              };
      if (!ok) {
        return Optional.of(claim);
      }
    }
    return Optional.empty();
  }

  private static boolean allStrings(Object value) {
    return value instanceof List<?> list && list.stream().allMatch(e -> e instanceof String);
  }

  /** A NumericDate as an instant, floored to the second; empty if not a number in range. */
  private static Optional<Instant> time(Object value) {
    BigDecimal exact;
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        return Optional.empty();
      }
      exact = new BigDecimal(d);
    } else if (value instanceof BigDecimal decimal) {
      exact = decimal;
    } else if (value instanceof BigInteger integer) {
      exact = new BigDecimal(integer);
    } else if (value instanceof Number number) {
      exact = BigDecimal.valueOf(number.longValue());
    } else {
      return Optional.empty();
    }
    if (exact.compareTo(MIN_TIME) < 0 || exact.compareTo(MAX_TIME) > 0) {
      return Optional.empty();
    }
    long floor =
        exact.abs().compareTo(BigDecimal.ONE) < 0
            ? (exact.signum() < 0 ? -1 : 0)
            : exact.setScale(0, RoundingMode.FLOOR).longValueExact();
    return Optional.of(Instant.ofEpochSecond(floor));
  }

  /** The scope tokens of a {@code scope} or {@code scp} value; empty if one is not valid. */
  private static Optional<List<String>> scopes(Object value) {
    List<String> members = new ArrayList<>();
    if (value instanceof String list) {
      for (String part : list.split(" ")) {
        if (!part.isEmpty()) {
          members.add(part);
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object element : list) {
        if (!(element instanceof String scope) || scope.isEmpty()) {
          return Optional.empty();
        }
        members.add(scope);
      }
    } else {
      return Optional.empty();
    }
    for (String member : members) {
      if (!member.chars().allMatch(c -> c >= 0x21 && c <= 0x7E && c != '"' && c != '\\')) {
        return Optional.empty();
      }
    }
    return Optional.of(members);
  }

  private static void assertReadAsIs(TokenClaims claims, Map<String, Object> json) {
    assertThat(claims.issuer()).isEqualTo(Optional.ofNullable(json.get("iss")));
    assertThat(claims.subject()).isEqualTo(Optional.ofNullable(json.get("sub")));
    Object aud = json.get("aud");
    assertThat(claims.audiences())
        .isEqualTo(aud == null ? List.of() : aud instanceof String single ? List.of(single) : aud);
    for (String claim : TIME_CLAIMS) {
      Optional<Instant> read =
          switch (claim) {
            case "exp" -> claims.expiresAt();
            case "nbf" -> claims.notBefore();
            default -> claims.issuedAt();
          };
      Object value = json.get(claim);
      assertThat(read).as(claim).isEqualTo(value == null ? Optional.empty() : time(value));
    }
    Set<Scope> scopes = new LinkedHashSet<>();
    for (String claim : List.of("scope", "scp")) {
      Object value = json.get(claim);
      if (value != null) {
        scopes(value).orElseThrow().forEach(scope -> scopes.add(new Scope(scope)));
      }
    }
    assertThat(claims.scopes()).containsExactlyElementsOf(scopes);
    Object clientId = json.get("client_id") != null ? json.get("client_id") : json.get("azp");
    assertThat(claims.clientId()).isEqualTo(Optional.ofNullable(clientId));
    assertThat(claims.senderConstrained()).isEqualTo(json.containsKey("cnf"));
    assertThat(claims.raw()).isEqualTo(json);
  }

  /** The code of the first rule that {@code input} breaks, or {@code accepted}. */
  private static String expectedVerdict(RulesCase input) {
    PolicyCase policy = input.policy();
    Map<String, Object> json = input.claims();
    Duration skew = policy.skew();
    if (!policy.algorithms().contains(input.header().algorithm())) {
      return RejectionCode.ALGORITHM_NOT_ALLOWED.code();
    }
    Optional<String> type = input.header().type().map(ClaimsPropertyTest::normalizedType);
    Set<String> types = new LinkedHashSet<>();
    policy.types().forEach(t -> types.add(normalizedType(t)));
    if (type.isPresent() ? !types.contains(type.get()) : policy.typeRequired()) {
      return RejectionCode.TYPE_NOT_ACCEPTED.code();
    }
    if (json.containsKey("cnf")) {
      return RejectionCode.SENDER_CONSTRAINED.code();
    }
    if (!ISSUER.equals(json.get("iss"))) {
      return RejectionCode.ISSUER_MISMATCH.code();
    }
    if (!(json.get("sub") instanceof String subject) || subject.isEmpty()) {
      return RejectionCode.SUBJECT_MISSING.code();
    }
    Object aud = json.get("aud");
    List<?> audiences = aud == null ? List.of() : aud instanceof List<?> list ? list : List.of(aud);
    if (!policy.audiences().isEmpty()
        && audiences.stream().noneMatch(policy.audiences()::contains)) {
      return RejectionCode.AUDIENCE_MISMATCH.code();
    }
    Optional<Instant> exp = time(json.get("exp"));
    if (exp.isEmpty()) {
      return RejectionCode.EXPIRY_MISSING.code();
    }
    if (NOW.compareTo(exp.get().plus(skew)) >= 0) {
      return RejectionCode.TOKEN_EXPIRED.code();
    }
    Optional<Instant> nbf = time(json.get("nbf"));
    if (nbf.isPresent() && NOW.compareTo(nbf.get().minus(skew)) < 0) {
      return RejectionCode.NOT_YET_VALID.code();
    }
    Optional<Instant> iat = time(json.get("iat"));
    if (iat.isPresent() && iat.get().compareTo(NOW.plus(skew)) > 0) {
      return RejectionCode.ISSUED_IN_FUTURE.code();
    }
    return "accepted";
  }

  /** RFC 7515 §4.1.9: case-insensitive, {@code application/} may be left out. */
  private static String normalizedType(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
  }

  private static String summary(ParsedClaims parsed) {
    return parsed instanceof ParsedClaims.Malformed malformed
        ? malformed.rejection().toString()
        : ((ParsedClaims.Valid) parsed).claims().toString();
  }
}
