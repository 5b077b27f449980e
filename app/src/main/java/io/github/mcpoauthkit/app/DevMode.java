package io.github.mcpoauthkit.app;

import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.dev.DevIssuer;
import io.github.mcpoauthkit.domain.token.Scope;
import io.github.mcpoauthkit.streamablehttp.ListenException;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
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
              config.resource(), scopes(config), config.devIssuerPort(), Clock.systemUTC());
    } catch (ListenException e) {
      throw ListenFailures.devIssuer(e);
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

  /** The embedded issuer. */
  public DevIssuer issuer() {
    return issuer;
  }

  /** The running server. */
  public Kit kit() {
    return kit;
  }

  /**
   * What {@code main} prints on stdout: a warning, the issuer and client, a {@code curl} with a
   * fresh token, how to get another token, and which MCP clients work (client credentials, or a
   * static header, shown with the MCP Inspector CLI) and which do not yet (browser login). It holds
   * secrets meant for the developer's own terminal only.
   */
  public String banner() {
    String mcpUrl = "http://localhost:" + kit.port() + "/mcp";
    String resource = config.resource().value();
    String initialize =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2024-11-05\",\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\","
            + "\"version\":\"1\"}}}";
    String token = issuer.mintToken();
    return String.join(
        "\n",
        RULE,
        "  DEVELOPMENT MODE -- FOR LOCAL USE ONLY",
        "  An embedded issuer hands out tokens to anyone with the client secret below.",
        "  Its key, secret and tokens are new at every start. Never expose this server.",
        RULE,
        "MCP server      " + mcpUrl,
        "Resource (aud)  " + resource,
        "Issuer          " + issuer.issuer().value(),
        "Token endpoint  " + issuer.tokenEndpoint() + "  (grant_type=client_credentials only)",
        "Client ID       " + issuer.clientId(),
        "Client secret   " + issuer.clientSecret(),
        "Scopes          " + issuer.defaultScope(),
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
        "MCP clients (README.md, \"Development mode\"):",
        "  Work:    clients that get a token with the client ID and secret above",
        "           (client_credentials grant), and clients given a static Authorization",
        "           header, such as the MCP Inspector CLI (Node 22.19+):",
        "",
        "npx -y "
            + INSPECTOR
            + " --cli "
            + mcpUrl
            + " --transport http --header \"Authorization: Bearer "
            + token
            + "\" --method tools/list",
        "",
        "  Not yet: clients that log in in a browser (Claude Code, VS Code, Cursor, the",
        "           Inspector's OAuth login): this issuer has no authorization code flow",
        "           and no client registration.",
        RULE,
        "");
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
