import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;

/**
 * The startup floor of bench/http/startup-dist.sh on Undertow: as {@code StartupFloorHelidon}, a
 * bare Undertow server that serves the protected resource metadata path once it has fetched the
 * issuer's discovery document and JWKS with the JDK's HTTP client.
 */
public final class StartupFloorUndertow {

  private StartupFloorUndertow() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv("PORT"));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    byte[] metadata = StartupFloorIssuer.fetch(client, System.getenv("OAUTH_ISSUER_URL"), port);
    Undertow.builder()
        .addHttpListener(port, "127.0.0.1")
        .setHandler(
            exchange -> {
              exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
              exchange.getResponseSender().send(ByteBuffer.wrap(metadata));
            })
        .build()
        .start();
    StartupFloorIssuer.trainIfAsked(client, port);
  }
}
