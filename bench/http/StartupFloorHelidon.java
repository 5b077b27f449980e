import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import java.net.http.HttpClient;

/**
 * The startup floor of bench/http/startup-dist.sh on Helidon SE 4: what any server that must know
 * its issuer's keys before it answers does at least, with no kit in it. It fetches the discovery
 * document of OAUTH_ISSUER_URL and the JWKS it names with the JDK's HTTP client, then serves the
 * protected resource metadata path (a fixed JSON body) on a bare WebServer at PORT. No token
 * verification, no MCP, no dependency injection, no configuration beyond those two variables.
 *
 * <p>With FLOOR_TRAIN set it requests its own metadata 50 times and exits: the training run of its
 * AOT cache.
 */
public final class StartupFloorHelidon {

  private StartupFloorHelidon() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv("PORT"));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    byte[] metadata = StartupFloorIssuer.fetch(client, System.getenv("OAUTH_ISSUER_URL"), port);
    WebServer.builder()
        .host("127.0.0.1")
        .port(port)
        .routing(
            routing ->
                routing.get(
                    "/.well-known/oauth-protected-resource/mcp",
                    (request, response) -> {
                      response.header(HeaderValues.CONTENT_TYPE_JSON);
                      response.send(metadata);
                    }))
        .build()
        .start();
    StartupFloorIssuer.trainIfAsked(client, port);
  }
}
