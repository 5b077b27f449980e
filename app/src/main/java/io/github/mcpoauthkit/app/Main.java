package io.github.mcpoauthkit.app;

import io.github.mcpoauthkit.app.config.ConfigException;
import io.github.mcpoauthkit.app.config.ConfigSource;
import io.github.mcpoauthkit.app.config.KitConfig;
import io.github.mcpoauthkit.app.config.Settings;
import io.github.mcpoauthkit.app.logging.JsonLineLogging;
import io.github.mcpoauthkit.domain.token.Issuer;
import io.github.mcpoauthkit.port.driven.IssuerMetadataException;
import io.github.mcpoauthkit.port.driven.KeySetException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Runs the server: {@code java -jar mcp-oauth-kit.jar [--dev] [--help]}. SIGTERM or Ctrl-C drains
 * and stops it, and it exits with status 0 ({@link Kit#drainAndClose()}); a second one ends the
 * drain at once ({@link StopSignals}).
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    // Before anything asks SLF4J for a logger: a bad value is reported with the other settings.
    if (Settings.LOG_FORMAT.read(ConfigSource.fromProcess(), problem -> {})
        == Settings.LogFormat.JSON) {
      JsonLineLogging.install(() -> System.err);
    }
    // One log for the whole process, in one format: java.util.logging (Guice) into SLF4J, as
    // System.Logger (Helidon, the JDK) already is through slf4j-jdk-platform-logging.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
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
    // Caught before anything starts: a second signal must find StopSignals to end a drain, even
    // when the first came the moment the server began to listen. Until then there is no drain.
    AtomicReference<Runnable> endDrain = new AtomicReference<>(() -> {});
    StopSignals.install(() -> endDrain.get().run());
    Runnable stop;
    String banner = "";
    try {
      KitConfig config = KitConfig.load(ConfigSource.fromProcess(), arguments.contains("--dev"));
      if (config.dev()) {
        DevMode dev = DevMode.start(config);
        stop = dev::drainAndClose;
        endDrain.set(dev::endDrain);
        banner = dev.banner();
      } else {
        Issuer issuer = config.issuer().orElseThrow();
        Kit kit = Kit.start(config, issuer);
        stop = kit::drainAndClose;
        endDrain.set(kit::endDrain);
      }
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.err.println("Run with --help to see every setting.");
      System.exit(2);
      return;
    } catch (StartupException | IssuerMetadataException | KeySetException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    } catch (RuntimeException e) {
      System.err.println("Startup failed: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runnable running = stop;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.run();
                  // No static logger in this class: SLF4J must not start before main has chosen
                  // the log's format (LOG_FORMAT).
                  LoggerFactory.getLogger(Main.class).info("Stopped; exiting with status 0");
                  // SIGTERM is a normal stop: exit 0, not the JVM's 143.
                  Runtime.getRuntime().halt(0);
                },
                "mcp-oauth-kit-shutdown"));
    // After the hook: whoever reads the banner may stop the server at once.
    System.out.print(banner);
    System.out.flush();
  }
}
