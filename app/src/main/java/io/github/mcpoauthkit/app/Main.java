package io.github.mcpoauthkit.app;

import io.github.mcpoauthkit.app.config.ConfigException;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.port.driven.IssuerMetadataException;
import io.github.mcpoauthkit.port.driven.KeySetException;
import java.util.List;

/** Runs the server: {@code java -jar mcp-oauth-kit.jar [--dev] [--help]}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    List<String> arguments = List.of(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.print(KitConfig.help());
      return;
    }
    for (String argument : arguments) {
      if (!argument.equals("--dev")) {
        System.err.println("Unknown argument '" + argument + "'; see --help");
        System.exit(2);
      }
    }
    Kit kit;
    try {
      KitConfig config = KitConfig.load(ConfigSource.fromProcess(), arguments.contains("--dev"));
      if (config.dev()) {
        System.err.println("--dev is not available yet in this build");
        System.exit(2);
        return;
      }
      Issuer issuer = config.issuer().orElseThrow();
      kit = Kit.start(config, issuer);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.err.println("Run with --help to see every setting.");
      System.exit(2);
      return;
    } catch (IssuerMetadataException | KeySetException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    } catch (RuntimeException e) {
      System.err.println("Startup failed: " + e.getMessage());
      System.exit(1);
      return;
    }
    Kit running = kit;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
                  // SIGTERM is a normal stop: exit 0, not the JVM's 143.
                  Runtime.getRuntime().halt(0);
                },
                "mcp-oauth-kit-shutdown"));
  }
}
