package io.github.mcpoauthkit.app;

import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.config.Settings;
import io.github.mcpoauthkit.devissuer.DevIssuer;
import io.github.mcpoauthkit.devissuer.DevIssuerStartException;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.streamablehttp.ListenException;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --dev}: the server together with an embedded {@link DevIssuer} on loopback, and the text
 * that tells a developer how to call it. The configuration has already refused a non-loopback
 * {@code HOST} and {@code OAUTH_ISSUER_URL}.
 */
public final class DevMode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevMode.class);
  private static final String RULE = "=".repeat(78);
  // The version the README's "Development mode" section was checked with.
  private static final String INSPECTOR = "@modelcontextprotocol/inspector@2.12.0";

  private final KitConfig config;
  private final DevIssuer issuer;
  private final Kit kit;

  private DevMode(KitConfig config, DevIssuer issuer, Kit kit) {
    this.config = config;
    this.issuer = issuer;
    this.kit = kit;
  }

  /**
   * Starts the development issuer, then the server pointed at it.
   *
   * @throws IllegalArgumentException if {@code config} is not in dev mode
   * @throws io.github.mcpoauthkit.port.driven.IssuerMetadataException if the server cannot read the
   *     issuer's discovery document
   * @throws StartupException if the issuer or the server cannot listen on its port
   */
  public static DevMode start(KitConfig config) {
    if (!config.dev()) {
      throw new IllegalArgumentException("DevMode needs --dev or OAUTH_DEV=true");
    }
    DevIssuer issuer;
    try {
      issuer =
          DevIssuer.start(
              config.resource(),
              List.copyOf(scopes(config)),
              List.copyOf(userScopes(config)),
              config.devSubject(),
              config.devIssuerPort(),
              config.devClientMetadataDocuments()
                  ? DevIssuer.ClientIdMetadataDocuments.LOOPBACK_ONLY
                  : DevIssuer.ClientIdMetadataDocuments.OFF,
              Clock.systemUTC());
    } catch (DevIssuerStartException e) {
      throw ListenFailures.devIssuer(ListenException.of(e.host(), e.port(), e.getCause()));
    }
    try {
      LOG.warn(
          "DEVELOPMENT MODE, local use only: embedded issuer {} signs tokens with a throwaway key",
          issuer.issuer().value());
      return new DevMode(config, issuer, Kit.start(config, issuer.issuer()));
    } catch (RuntimeException e) {
      issuer.close();
      throw e;
    }
  }

  /** The scopes a dev token carries: enough for every request and every tool configured. */
  static Set<Scope> scopes(KitConfig config) {
    Set<Scope> scopes = new LinkedHashSet<>();
    scopes.add(new Scope("mcp:tools"));
    scopes.addAll(config.requiredScopes());
    config.toolScopes().values().stream().flatMap(Collection::stream).forEach(scopes::add);
    return scopes;
  }

  /**
   * The scopes a user grants when a client asks for none: those every request needs. A tool with
   * scopes of its own then answers 403, and the client comes back through consent for them.
   */
  static Set<Scope> userScopes(KitConfig config) {
    Set<Scope> scopes = new LinkedHashSet<>();
    scopes.add(new Scope("mcp:tools"));
    scopes.addAll(config.requiredScopes());
    return scopes;
  }

  /** The embedded issuer. */
  public DevIssuer issuer() {
    return issuer;
  }

  /** The running server. */
  public Kit kit() {
    return kit;
  }

  /**
   * What {@code main} prints on stdout: a warning that the issuer is loopback-only, the issuer's
   * endpoints and client, how to connect the MCP clients that sign in in a browser (Claude Code, VS
   * Code, Cursor, the MCP Inspector), a {@code curl} with a fresh token, and how to get another
   * token. It holds secrets meant for the developer's own terminal only.
   */
  public String banner() {
    String mcpUrl = "http://localhost:" + kit.port() + "/mcp";
    String documentsSwitch = Settings.OAUTH_DEV_CLIENT_METADATA_DOCUMENTS.name();
    String resource = config.resource().value();
    String initialize =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2024-11-05\",\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\","
            + "\"version\":\"1\"}}}";
    String token = issuer.mintToken();
    return String.join(
        "\n",
        RULE,
        "  DEVELOPMENT MODE -- FOR LOCAL USE ONLY (loopback: 127.0.0.1)",
        "  An embedded issuer signs in the fixed user '"
            + issuer.subject()
            + "' without a password and hands",
        "  out tokens to anyone with the client secret below. Its key, secret and tokens",
        "  are new at every start. Never expose this server.",
        RULE,
        "MCP server      " + mcpUrl,
        "Resource (aud)  " + resource,
        "Issuer          " + issuer.issuer().value(),
        "Consent page    "
            + issuer.authorizationEndpoint()
            + "  (authorization code + PKCE S256, user "
            + issuer.subject()
            + ")",
        "Registration    "
            + issuer.registrationEndpoint()
            + (config.devClientMetadataDocuments()
                ? "  (or a client ID metadata document URL on loopback)"
                : "  (client ID metadata documents: off)"),
        "Token endpoint  " + issuer.tokenEndpoint(),
        "Client ID       " + issuer.clientId() + "  (client_credentials)",
        "Client secret   " + issuer.clientSecret(),
        "Scopes          " + issuer.defaultScope(),
        "",
        "Connect an MCP client; it opens the consent page in your browser: click Allow.",
        "",
        config.devClientMetadataDocuments()
            ? String.join(
                "\n",
                "  Claude Code and VS Code identify themselves by client ID metadata documents on",
                "  claude.ai and vscode.dev, which this issuer does not fetch. Restart with the",
                "  documents off, so that they register with dynamic client registration:",
                "",
                "    " + documentsSwitch + "=off java -jar app/target/mcp-oauth-kit.jar --dev",
                "")
            : "  Client ID metadata documents are off ("
                + documentsSwitch
                + "=off): clients register.\n",
        "  Claude Code:    claude mcp add --transport http kit " + mcpUrl,
        "                  then /mcp in Claude Code to sign in",
        "  VS Code:        .vscode/mcp.json",
        "                  {\"servers\":{\"kit\":{\"type\":\"http\",\"url\":\"" + mcpUrl + "\"}}}",
        "  Cursor:         ~/.cursor/mcp.json",
        "                  {\"mcpServers\":{\"kit\":{\"url\":\"" + mcpUrl + "\"}}}",
        "  MCP Inspector:  npx -y " + INSPECTOR + "  (Node 22.19+)",
        "                  Add Servers > Add manually: Transport streamable-http, URL " + mcpUrl,
        "                  > Add; then turn on the server's Connect switch",
        "",
        "Call the server (the token is valid for 1 hour):",
        "",
        "curl -i -X POST "
            + mcpUrl
            + " -H \"Authorization: Bearer "
            + token
            + "\" -H \"Content-Type: application/json\""
            + " -H \"Accept: application/json, text/event-stream\" -d '"
            + initialize
            + "'",
        "",
        "Get a fresh token:",
        "",
        "curl -s -u "
            + issuer.clientId()
            + ":"
            + issuer.clientSecret()
            + " -d grant_type=client_credentials --data-urlencode resource="
            + resource
            + " "
            + issuer.tokenEndpoint(),
        "",
        "Or give a client that token as a static header, e.g. the MCP Inspector CLI:",
        "",
        "npx -y "
            + INSPECTOR
            + " --cli "
            + mcpUrl
            + " --transport http --header \"Authorization: Bearer "
            + token
            + "\" --method tools/list",
        "",
        "More in README.md, \"Development mode\".",
        RULE,
        "");
  }

  /** What SIGTERM and Ctrl-C run: the server's drain and stop ({@link Kit}), then the issuer's. */
  public void drainAndClose() {
    try {
      kit.drainAndClose();
    } finally {
      issuer.close();
    }
  }

  /** Ends the server's drain in progress at once. */
  public void endDrain() {
    kit.endDrain();
  }

  /** Stops the server, then the issuer. */
  @Override
  public void close() {
    try {
      kit.close();
    } finally {
      issuer.close();
    }
  }
}
