package io.github.mcpoauthkit.devissuer;

import java.net.URI;
import java.util.List;

/**
 * The issuer's HTML: the consent page and the error page. Every value that comes from a client or a
 * request is HTML-escaped; the pages hold no script and load nothing (see {@link Answer#page}).
 *
 * <p>The consent form is a fixed interface that browser tests rely on: it posts to {@code /consent}
 * with a hidden {@value #TOKEN_FIELD} and exactly two submit buttons, {@code <button type="submit"
 * name="decision" value="allow">Allow</button>} and {@code <button type="submit" name="decision"
 * value="deny">Deny</button>}.
 */
final class ConsentPage {

  /** The hidden form field that carries the token bound to the pending request. */
  static final String TOKEN_FIELD = "consent_token";

  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
          + "color:#1b1b1b}.dev{background:#fff4ce;border:1px solid #e0b400;padding:.75rem;"
          + "border-radius:.5rem}dt{font-weight:600;margin-top:.75rem}dd{margin-left:0}"
          + "code{background:#f2f2f2;padding:0 .25rem;word-break:break-all}"
          + "button{font-size:1rem;padding:.5rem 1.5rem;margin-right:.5rem}";

  private ConsentPage() {}

  /** What the consent page shows and binds. */
  record View(
      String clientName,
      String clientId,
      URI redirectUri,
      List<String> scopes,
      String resource,
      String subject,
      String token) {
    View {
      scopes = List.copyOf(scopes);
    }

    /** Without the token. */
    @Override
    public String toString() {
      return "View[" + clientId + "]";
    }
  }

  static String consent(View view) {
    StringBuilder scopes = new StringBuilder();
    for (String scope : view.scopes()) {
      scopes.append("<li><code>").append(escape(scope)).append("</code></li>");
    }
    return head("Allow " + view.clientName() + "?")
        + "<h1>Allow <strong>"
        + escape(view.clientName())
        + "</strong> to use the MCP server?</h1>"
        + "<p class=\"dev\">This is the <strong>mcp-oauth-kit development issuer</strong>, for"
        + " local use only. You are signed in as the fixed development user <code>"
        + escape(view.subject())
        + "</code>: there is no password and no real account. Its subject is configurable"
        + " (<code>OAUTH_DEV_SUBJECT</code> when the kit runs with <code>--dev</code>).</p>"
        + "<dl>"
        + "<dt>Application</dt><dd>"
        + escape(view.clientName())
        + "</dd><dt>Client ID</dt><dd><code>"
        + escape(view.clientId())
        + "</code></dd><dt>Returns to</dt><dd><code>"
        + escape(RedirectUris.destination(view.redirectUri()))
        + "</code></dd><dt>Resource</dt><dd><code>"
        + escape(view.resource())
        + "</code></dd><dt>Scopes</dt><dd><ul>"
        + scopes
        + "</ul></dd></dl>"
        + "<form method=\"post\" action=\""
        + Metadata.Endpoints.CONSENT
        + "\"><input type=\"hidden\" name=\""
        + TOKEN_FIELD
        + "\" value=\""
        + escape(view.token())
        + "\">"
        + "<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>"
        + "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>"
        + "</form></main></body></html>";
  }

  /**
   * A page that says why the request cannot go on; shown instead of redirecting when the client or
   * its redirect URI cannot be trusted.
   */
  static String error(String code, String description) {
    return head("Authorization refused")
        + "<h1>Authorization refused</h1><p><code>"
        + escape(code)
        + "</code>: "
        + escape(description)
        + "</p><p>The mcp-oauth-kit development issuer did not send you back to the"
        + " application. Start again from the application.</p></main></body></html>";
  }

  private static String head(String title) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
        + escape(title)
        + " · mcp-oauth-kit development issuer</title><style>"
        + STYLE
        + "</style></head><body><main>";
  }

  /** Escapes text for HTML content and double-quoted attribute values. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
