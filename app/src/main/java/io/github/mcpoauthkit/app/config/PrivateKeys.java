package io.github.mcpoauthkit.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads a PKCS#8 PEM private key file and names the JWS algorithm that fits it. */
final class PrivateKeys {

  /** A key and its algorithm ({@code RS256}, or {@code ES256/384/512} by the EC curve). */
  record Signing(PrivateKey key, String algorithm) {}

  private PrivateKeys() {}

  /**
   * @throws IllegalArgumentException with a message fit for an operator (never the key's content)
   *     if the file cannot be read or holds no PKCS#8 RSA or EC key
   */
  static Signing read(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read " + file + ": " + e.getClass().getSimpleName());
    }
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          file
              + " holds no PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----); convert one with: openssl"
              + " pkcs8 -topk8 -nocrypt -in key.pem -out key.p8.pem");
    }
    byte[] der;
    try {
      der =
          Base64.getMimeDecoder()
              .decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " holds a PEM block that is not Base64");
    }
    for (String type : new String[] {"RSA", "EC"}) {
      try {
        PrivateKey key = KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
        return new Signing(key, algorithm(key));
      } catch (GeneralSecurityException e) {
        // Not this type; try the next.
      }
    }
    throw new IllegalArgumentException(file + " holds neither an RSA nor an EC private key");
  }

  private static String algorithm(PrivateKey key) {
    if (key instanceof ECPrivateKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return bits <= 256 ? "ES256" : bits <= 384 ? "ES384" : "ES512";
    }
    return "RS256";
  }
}
