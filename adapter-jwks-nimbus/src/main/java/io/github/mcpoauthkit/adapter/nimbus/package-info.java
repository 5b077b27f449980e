/**
 * The driven side of the hexagon on Nimbus JOSE+JWT: issuer discovery, the issuer's JWKS and JWS
 * signature checks. No Nimbus type leaves this package.
 */
package io.github.mcpoauthkit.adapter.nimbus;
