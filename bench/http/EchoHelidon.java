import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;

/**
 * The floor of the HTTP benchmark (bench/http/run.sh) on Helidon SE 4: a bare WebServer with one
 * POST route, /mcp, that answers 200 with the request body as application/json. Nothing else: no
 * filters, no media support beyond bytes. Helidon runs the handler on a virtual thread, as it does
 * the kit's.
 *
 * <pre>java -cp "app/target/lib/*" bench/http/EchoHelidon.java [port] [host]</pre>
 *
 * Prints "echo ready helidon PORT" once it listens; stop it with SIGTERM.
 */
public final class EchoHelidon {

  private EchoHelidon() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    String host = args.length > 1 ? args[1] : "127.0.0.1";
    WebServer server =
        WebServer.builder()
            .host(host)
            .port(port)
            .routing(
                routing ->
                    routing.post(
                        "/mcp",
                        (request, response) -> {
                          byte[] body = request.content().as(byte[].class);
                          response.header(HeaderValues.CONTENT_TYPE_JSON);
                          response.send(body);
                        }))
            .build()
            .start();
    System.out.println("echo ready helidon " + server.port());
  }
}
