package io.github.mcpoauthkit.domain.token;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Reads {@link TokenClaims} from JSON values; the one place that knows the claims' JSON types. */
final class ClaimsReader {

  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: wide enough for any real token. */
  private static final long MIN_EPOCH_SECOND = -62_167_219_200L;

  private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  private final Map<String, Object> json;
  private String problem;

  private ClaimsReader(Map<String, Object> json) {
    this.json = json;
  }

  static ParsedClaims read(Map<String, Object> json) {
    Objects.requireNonNull(json, "json");
    ClaimsReader reader = new ClaimsReader(json);
    String issuer = reader.string("iss");
    String subject = reader.string("sub");
    List<String> audiences = reader.audiences();
    Instant expiresAt = reader.numericDate("exp");
    Instant notBefore = reader.numericDate("nbf");
    Instant issuedAt = reader.numericDate("iat");
    Map<ScopeClaim, Set<Scope>> scopes = reader.scopes();
    String clientId = reader.string("client_id");
    if (clientId == null) {
      clientId = reader.string("azp");
    }
    if (clientId == null) {
      // Microsoft Entra ID's v1 access tokens name the client in appid.
      clientId = reader.string("appid");
    }
    boolean senderConstrained = json.containsKey("cnf");
    String confirmationJkt = reader.confirmationJkt();
    if (reader.problem != null) {
      return new ParsedClaims.Malformed(
          Rejection.of(
              RejectionCode.CLAIMS_MALFORMED,
              RejectionCode.CLAIMS_MALFORMED.defaultMessage() + ": " + reader.problem));
    }
    return new ParsedClaims.Valid(
        new TokenClaims(
            issuer,
            subject,
            audiences,
            expiresAt,
            notBefore,
            issuedAt,
            scopes,
            clientId,
            senderConstrained,
            confirmationJkt,
            json));
  }

  private void fail(String message) {
    if (problem == null) {
      problem = message;
    }
  }

  private String string(String name) {
    Object value = json.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    fail(name + " is not a string");
    return null;
  }

  /**
   * {@code cnf.jkt} (RFC 9449 §6.1) when it is a string. Its shape is not judged here: a value that
   * is no SHA-256 thumbprint matches no proof key, so the binding check refuses it; a {@code cnf}
   * of another kind (an mTLS {@code x5t#S256}) or shape leaves this empty, and the token is still
   * {@linkplain TokenClaims#senderConstrained() bound} to something.
   */
  private String confirmationJkt() {
    return json.get("cnf") instanceof Map<?, ?> confirmation
            && confirmation.get("jkt") instanceof String thumbprint
        ? thumbprint
        : null;
  }

  private List<String> audiences() {
    Object value = json.get("aud");
    if (value == null) {
      return List.of();
    }
    if (value instanceof String single) {
      return List.of(single);
    }
    if (value instanceof List<?> list) {
      List<String> audiences = new ArrayList<>(list.size());
      for (Object element : list) {
        if (!(element instanceof String audience)) {
          fail("aud is not a string or an array of strings");
          return List.of();
        }
        audiences.add(audience);
      }
      return audiences;
    }
    fail("aud is not a string or an array of strings");
    return List.of();
  }

  private Instant numericDate(String name) {
    Object value = json.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number)) {
      fail(name + " is not a number");
      return null;
    }
    long seconds;
    if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      if (!Double.isFinite(d) || d < MIN_EPOCH_SECOND || d > MAX_EPOCH_SECOND) {
        fail(name + " is out of range");
        return null;
      }
      seconds = (long) Math.floor(d);
    } else if (number instanceof BigDecimal || number instanceof BigInteger) {
      BigDecimal decimal =
          number instanceof BigDecimal exact ? exact : new BigDecimal((BigInteger) number);
      if (decimal.compareTo(BigDecimal.valueOf(MIN_EPOCH_SECOND)) < 0
          || decimal.compareTo(BigDecimal.valueOf(MAX_EPOCH_SECOND)) > 0) {
        fail(name + " is out of range");
        return null;
      }
      seconds = floor(decimal);
    } else {
      seconds = number.longValue();
      if (seconds < MIN_EPOCH_SECOND || seconds > MAX_EPOCH_SECOND) {
        fail(name + " is out of range");
        return null;
      }
    }
    return Instant.ofEpochSecond(seconds);
  }

  /**
   * The floor of a decimal within the NumericDate range. Below one in magnitude it is 0 or -1:
   * {@code setScale} would divide by ten to the power of the scale, which for {@code 1E-100000000}
   * takes a minute and for {@code 1E-2147483647} overflows. From one up, the range bounds the scale
   * by the number's own digits.
   */
  private static long floor(BigDecimal decimal) {
    if (decimal.abs().compareTo(BigDecimal.ONE) < 0) {
      return decimal.signum() < 0 ? -1 : 0;
    }
    return decimal.setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  private Map<ScopeClaim, Set<Scope>> scopes() {
    Map<ScopeClaim, Set<Scope>> scopes = new EnumMap<>(ScopeClaim.class);
    // RFC 9068 says a space-delimited string; Spring Authorization Server and PingFederate send an
    // array, Entra ID sends scp as a string. Accept both shapes under both names.
    for (ScopeClaim claim : List.of(ScopeClaim.SCOPE, ScopeClaim.SCP)) {
      Set<Scope> values = new LinkedHashSet<>();
      addScopes(values, claim.claimName(), json.get(claim.claimName()));
      scopes.put(claim, values);
    }
    scopes.put(ScopeClaim.ROLES, roles());
    return scopes;
  }

  // Entra ID's app roles: kept when they are valid scope tokens, others ignored rather than
  // refused, since roles count only where configured, and an unusable role then grants nothing.
  private Set<Scope> roles() {
    Set<Scope> roles = new LinkedHashSet<>();
    if (json.get("roles") instanceof List<?> list) {
      for (Object element : list) {
        if (element instanceof String role && Scope.isValid(role)) {
          roles.add(new Scope(role));
        }
      }
    }
    return roles;
  }

  private void addScopes(Set<Scope> scopes, String name, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof String list) {
      addDelimited(scopes, name, list);
    } else if (value instanceof List<?> list) {
      for (Object element : list) {
        if (element instanceof String scope && Scope.isValid(scope)) {
          scopes.add(new Scope(scope));
        } else {
          fail(name + " holds a value that is not a scope token");
        }
      }
    } else {
      fail(name + " is not a string or an array of strings");
    }
  }

  private void addDelimited(Set<Scope> scopes, String name, String list) {
    for (String part : list.split(" ")) {
      if (part.isEmpty()) {
        continue;
      }
      if (Scope.isValid(part)) {
        scopes.add(new Scope(part));
      } else {
        fail(name + " holds a value that is not a scope token");
      }
    }
  }
}
