/**
 * The driven side of the hexagon for RFC 7662 token introspection: the Nimbus OAuth 2.0 SDK builds
 * the request and its client authentication and parses the answer, the JDK's HTTP client carries it
 * with bounded time and size. No Nimbus type leaves this package.
 */
package io.github.mcpoauthkit.adapter.introspection;
