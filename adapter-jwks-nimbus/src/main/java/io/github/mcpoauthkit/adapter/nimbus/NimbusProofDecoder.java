package io.github.mcpoauthkit.adapter.nimbus;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.RejectionCode;
import io.github.mcpoauthkit.domain.token.dpop.DPoPPolicy;
import io.github.mcpoauthkit.domain.token.dpop.DPoPProof;
import io.github.mcpoauthkit.port.driven.ProofDecodeResult;
import io.github.mcpoauthkit.port.driven.ProofDecoder;
import java.math.BigInteger;
import java.text.ParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads DPoP proofs with Nimbus JOSE+JWT: a compact JWS whose {@code jwk} header holds the public
 * key that signed it (RFC 9449 §4.2, §4.3 checks 2, 5, 6, 7).
 *
 * <p>The key is held to the same rules as an issuer's keys ({@link VerificationKey}: RSA of at
 * least 2048 bits, EC P-256/384/521 with the ES algorithm of its curve, Ed25519), and an RSA key to
 * {@code e = 65537} and at most 4096 bits since a client chooses it; it must be public (no private
 * member, RFC 9449 §4.3 check 7) and must fit the proof's {@code alg}. The thumbprint is RFC 7638's
 * SHA-256. Claims are not judged here. Thread-safe; never throws for any proof.
 */
public final class NimbusProofDecoder implements ProofDecoder {

  /** JWK members that only a private (or symmetric) key has (RFC 7518 §6.2.2, §6.3.2, §6.4). */
  private static final Base64URL F4 = Base64URL.encode(BigInteger.valueOf(65_537));

  private static final int MAX_RSA_BITS = 4096;

  private static final Set<String> PRIVATE_MEMBERS =
      Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

  @Override
  public ProofDecodeResult decode(String proof, Set<String> algorithms) {
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(algorithms, "algorithms");
    if (proof.length() > DPoPPolicy.MAX_PROOF_CHARS) {
      return rejected(RejectionCode.DPOP_PROOF_MALFORMED, "longer than the limit");
    }
    try {
      return decodeChecked(proof, algorithms);
    } catch (ParseException | RuntimeException e) {
      // Nimbus parses what it can and throws for the rest; whatever it is, it is no proof.
      return rejected(RejectionCode.DPOP_PROOF_MALFORMED, "not a compact JWS");
    }
  }

  private static ProofDecodeResult decodeChecked(String proof, Set<String> algorithms)
      throws ParseException {
    int firstDot = proof.indexOf('.');
    if (firstDot <= 0 || proof.chars().filter(c -> c == '.').count() != 2) {
      return rejected(RejectionCode.DPOP_PROOF_MALFORMED, "not a compact JWS");
    }
    // The header is read as plain JSON first, so that alg none, a symmetric algorithm or a private
    // key get their own codes instead of Nimbus's parse errors.
    Map<String, Object> header =
        JSONObjectUtils.parse(new Base64URL(proof.substring(0, firstDot)).decodeToString());
    if (!(header.get("alg") instanceof String algorithm)) {
      return rejected(RejectionCode.DPOP_PROOF_MALFORMED, "no alg");
    }
    if (!algorithms.contains(algorithm)) {
      return new ProofDecodeResult.Rejected(Rejection.of(RejectionCode.DPOP_PROOF_ALGORITHM));
    }
    if (!(header.get("jwk") instanceof Map<?, ?> jwkJson)) {
      return rejected(RejectionCode.DPOP_PROOF_KEY, "no jwk");
    }
    for (String member : PRIVATE_MEMBERS) {
      if (jwkJson.containsKey(member)) {
        return rejected(RejectionCode.DPOP_PROOF_KEY, "the jwk holds a private key");
      }
    }
    JWSObject jws = JWSObject.parse(proof);
    JWSHeader jwsHeader = jws.getHeader();
    JWK jwk = jwsHeader.getJWK();
    if (jwk == null || jwk.isPrivate()) {
      return rejected(RejectionCode.DPOP_PROOF_KEY, "no public jwk");
    }
    if (jwk instanceof RSAKey rsa && !isCheapRsaKey(rsa)) {
      return rejected(
          RejectionCode.DPOP_PROOF_KEY, "RSA keys must have e = 65537 and at most 4096 bits");
    }
    VerificationKey.Usability usability = VerificationKey.of(jwk, Set.of(algorithm));
    if (!(usability instanceof VerificationKey.Usability.Usable usable)) {
      // A fixed reason: the key's own text (its alg, say) is the client's, not to be echoed.
      return rejected(RejectionCode.DPOP_PROOF_KEY, "not a public signature key for " + algorithm);
    }
    boolean verified;
    try {
      verified = jws.verify(usable.key().verifier());
    } catch (JOSEException e) {
      verified = false;
    }
    if (!verified) {
      return new ProofDecodeResult.Rejected(Rejection.of(RejectionCode.DPOP_PROOF_SIGNATURE));
    }
    Map<String, Object> claims = jws.getPayload().toJSONObject();
    if (claims == null) {
      return rejected(RejectionCode.DPOP_PROOF_MALFORMED, "the payload is not a JSON object");
    }
    String thumbprint;
    try {
      thumbprint = jwk.computeThumbprint("SHA-256").toString();
    } catch (JOSEException e) {
      return rejected(RejectionCode.DPOP_PROOF_KEY, "no thumbprint");
    }
    Optional<String> type = Optional.ofNullable(jwsHeader.getType()).map(Object::toString);
    return new ProofDecodeResult.Decoded(new DPoPProof(type, algorithm, thumbprint, claims));
  }

  /**
   * A client chooses its proof key, so an RSA key is held to what costs a verification little: the
   * public exponent 65537 (a huge one makes each check dozens of times slower) and a modulus of at
   * most 4096 bits. The floor of 2048 bits is {@link VerificationKey}'s.
   */
  private static boolean isCheapRsaKey(RSAKey rsa) {
    return F4.equals(rsa.getPublicExponent()) && rsa.size() <= MAX_RSA_BITS;
  }

  private static ProofDecodeResult rejected(RejectionCode code, String detail) {
    return new ProofDecodeResult.Rejected(
        Rejection.of(code, code.defaultMessage() + ": " + detail));
  }
}
