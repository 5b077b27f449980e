import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** What both startup floors share: the issuer's two documents, and the training run. */
final class StartupFloorIssuer {

  private StartupFloorIssuer() {}

  /** Fetches discovery and the JWKS it names; returns a metadata body that mentions both. */
  static byte[] fetch(HttpClient client, String issuer, int port) throws Exception {
    String discovery = get(client, issuer + "/.well-known/openid-configuration");
    int start = discovery.indexOf("\"jwks_uri\"");
    start = discovery.indexOf('"', discovery.indexOf(':', start)) + 1;
    String jwks = get(client, discovery.substring(start, discovery.indexOf('"', start)));
    if (!jwks.contains("\"keys\"")) {
      throw new IllegalStateException("no key set at the issuer's jwks_uri");
    }
    return ("{\"resource\":\"http://localhost:"
            + port
            + "/mcp\",\"authorization_servers\":[\""
            + issuer
            + "\"]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static void trainIfAsked(HttpClient client, int port) throws Exception {
    if (System.getenv("FLOOR_TRAIN") == null) {
      return;
    }
    for (int i = 0; i < 50; i++) {
      get(client, "http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource/mcp");
    }
    System.exit(0);
  }

  private static String get(HttpClient client, String url) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode());
    }
    return response.body();
  }
}
