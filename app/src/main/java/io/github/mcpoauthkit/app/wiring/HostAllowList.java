package io.github.mcpoauthkit.app.wiring;

import io.github.mcpoauthkit.app.config.KitConfig;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code Host} values accepted on {@code /mcp}. Bound to loopback, the server is exposed to DNS
 * rebinding (a page on evil.example resolving to 127.0.0.1 sends {@code Host: evil.example}), so
 * only its own names pass; bound elsewhere, a proxy may rewrite {@code Host}, so any passes.
 */
final class HostAllowList {

  private HostAllowList() {}

  static Set<String> of(KitConfig config) {
    if (!config.bindsLoopback()) {
      return Set.of();
    }
    Set<String> hosts = new LinkedHashSet<>();
    hosts.add("localhost:" + config.port());
    hosts.add("127.0.0.1:" + config.port());
    hosts.add("[::1]:" + config.port());
    String publicOrigin = config.resource().origin();
    hosts.add(publicOrigin.substring(publicOrigin.indexOf("://") + 3));
    return hosts;
  }
}
