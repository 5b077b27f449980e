package io.github.mcpoauthkit.app;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT (Ctrl-C): the first one stops the process as the JVM would, through its
 * shutdown hooks, where the server drains and stops, but with exit status 0 (a server still
 * starting has no hook yet and simply exits); a second one, while that runs, ends the drain at
 * once. The JVM alone could not tell: a signal that arrives during its shutdown hooks waits for
 * them.
 *
 * <p>Catching a signal needs {@code sun.misc.Signal} (module {@code jdk.unsupported}), reached
 * through reflection because javac's warning about it cannot be suppressed and the build treats
 * warnings as errors. Where it is missing, or the JVM runs with {@code -Xrs}, the JVM's own
 * handling stands: the first signal stops the server just the same, and a second one has no effect.
 */
final class StopSignals {

  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
  private static final List<String> SIGNALS = List.of("TERM", "INT");

  private final Runnable endDrain;
  private final AtomicInteger received = new AtomicInteger();

  private StopSignals(Runnable endDrain) {
    this.endDrain = endDrain;
  }

  /**
   * Catches SIGTERM and SIGINT from now on.
   *
   * @param endDrain ends the drain in progress; run on every signal after the first
   * @return whether the signals are caught; false when the JVM's handling stands
   */
  static boolean install(Runnable endDrain) {
    StopSignals signals = new StopSignals(endDrain);
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Method handle = signalType.getMethod("handle", signalType, handlerType);
      Method name = signalType.getMethod("getName");
      InvocationHandler calls =
          (proxy, method, arguments) -> {
            switch (method.getName()) {
              case "handle" -> signals.received((String) name.invoke(arguments[0]));
              case "hashCode" -> {
                return System.identityHashCode(proxy);
              }
              case "equals" -> {
                return proxy == arguments[0];
              }
              case "toString" -> {
                return "StopSignals";
              }
              default -> {
                // SignalHandler declares nothing else.
              }
            }
            return null;
          };
      Object handler =
          Proxy.newProxyInstance(
              StopSignals.class.getClassLoader(), new Class<?>[] {handlerType}, calls);
      for (String signal : SIGNALS) {
        handle.invoke(null, signalType.getConstructor(String.class).newInstance(signal), handler);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.debug("SIGTERM and SIGINT are left to the JVM: {}", e.toString());
      return false;
    }
  }

  private void received(String signal) {
    if (received.incrementAndGet() == 1) {
      // Not on the signal's own thread, which must return: exiting runs the shutdown hooks, and
      // with them the drain, and waits for them.
      Thread exit = new Thread(() -> System.exit(0), "mcp-oauth-kit-stop");
      exit.setDaemon(true);
      exit.start();
    } else {
      LOG.info("SIG{} again: ending the drain now", signal);
      endDrain.run();
    }
  }
}
