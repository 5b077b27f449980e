package io.github.mcpoauthkit.app.wiring;

/** The running SDK server, closed on shutdown. */
public record McpServerHandle(AutoCloseable server) {}
