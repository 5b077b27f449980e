package io.github.mcpoauthkit.app.config;

/**
 * One documented setting: its variable name, default (as shown in {@code --help}), and meaning.
 *
 * @param name the environment variable
 * @param defaultValue the default, or a description of it
 * @param description what it does
 */
public record Setting(String name, String defaultValue, String description) {}
