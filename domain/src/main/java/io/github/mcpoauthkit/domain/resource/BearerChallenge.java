package io.github.mcpoauthkit.domain.resource;

import io.github.mcpoauthkit.domain.token.ErrorClass;
import io.github.mcpoauthkit.domain.token.Rejection;
import io.github.mcpoauthkit.domain.token.Scope;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code WWW-Authenticate: Bearer} challenge (RFC 6750 §3) that points clients at this resource's
 * metadata (RFC 9728 §5.1). Immutable and thread-safe.
 *
 * <p>Rendered as {@code Bearer resource_metadata="…"[, scope="…"][, error="…",
 * error_description="…"]}. Parameter values are quoted strings (RFC 9110 §5.6.4) with {@code "} and
 * {@code \} escaped; {@code error_description} is further limited to the characters RFC 6750 §3
 * allows ({@code %x20-21 / %x23-5B / %x5D-7E}), others being replaced, so no client-controlled text
 * can break the header.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 §3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9728#section-5.1">RFC 9728 §5.1</a>
 */
public final class BearerChallenge {

  private final String resourceMetadataUrl;
  private final Set<Scope> scopes;
  private final ErrorClass error;
  private final String errorDescription;

  private BearerChallenge(
      String resourceMetadataUrl, Set<Scope> scopes, ErrorClass error, String errorDescription) {
    this.resourceMetadataUrl = Objects.requireNonNull(resourceMetadataUrl, "resourceMetadataUrl");
    // offline_access asks for refresh tokens, not for this resource (MCP 2026-07-28: SHOULD NOT be
    // in a challenge).
    this.scopes =
        Collections.unmodifiableSet(new LinkedHashSet<>(Scope.withoutOfflineAccess(scopes)));
    this.error = error;
    this.errorDescription = errorDescription;
  }

  /**
   * The challenge for a request without credentials: no {@code error} parameter (RFC 6750 §3.1).
   *
   * @param resourceMetadataUrl the URL of this resource's protected resource metadata
   * @param requiredScopes the scopes needed, for the {@code scope} parameter; may be empty
   */
  public static BearerChallenge withoutError(
      String resourceMetadataUrl, Set<Scope> requiredScopes) {
    return new BearerChallenge(resourceMetadataUrl, requiredScopes, null, null);
  }

  /**
   * The challenge for a rejection: its error class and message, and its challenge scopes if it has
   * any, else {@code requiredScopes}. A rejection without an error class (no credentials) gives the
   * challenge of {@link #withoutError(String, Set)}.
   */
  public static BearerChallenge forRejection(
      String resourceMetadataUrl, Rejection rejection, Set<Scope> requiredScopes) {
    Objects.requireNonNull(rejection, "rejection");
    Set<Scope> scopes =
        rejection.challengeScopes().isEmpty() ? requiredScopes : rejection.challengeScopes();
    Optional<ErrorClass> error = rejection.code().errorClass();
    return error.isEmpty()
        ? withoutError(resourceMetadataUrl, scopes)
        : new BearerChallenge(resourceMetadataUrl, scopes, error.get(), rejection.message());
  }

  /** The {@code error} parameter, if any. */
  public Optional<ErrorClass> error() {
    return Optional.ofNullable(error);
  }

  /** The header value, without the {@code WWW-Authenticate:} name. */
  public String render() {
    StringBuilder out = new StringBuilder(160);
    out.append("Bearer ");
    appendParams(out);
    return out.toString();
  }

  /**
   * {@code resource_metadata="…"[, scope="…"][, error="…", error_description="…"]}: this
   * challenge's parameters, which a DPoP challenge shares ({@link Challenges}).
   */
  void appendParams(StringBuilder out) {
    out.append("resource_metadata=");
    quoted(out, resourceMetadataUrl);
    if (!scopes.isEmpty()) {
      out.append(", scope=");
      quoted(out, Scope.join(scopes));
    }
    if (error != null) {
      out.append(", error=\"").append(error.code()).append('"');
      out.append(", error_description=\"");
      appendDescription(out, errorDescription);
      out.append('"');
    }
  }

  static void quoted(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7E) {
        out.append('?');
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static void appendDescription(StringBuilder out, String description) {
    for (int i = 0; i < description.length(); i++) {
      char c = description.charAt(i);
      if (c == '"') {
        out.append('\'');
      } else if (c == '\\') {
        out.append('/');
      } else if (c < 0x20 || c > 0x7E) {
        out.append('?');
      } else {
        out.append(c);
      }
    }
  }

  @Override
  public String toString() {
    return render();
  }
}
