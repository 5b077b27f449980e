// A loopback OAuth 2.1 / OpenID Connect issuer for CI and tests (npm oidc-provider, Node 20.19+).
//
//   cd .ci/issuer && npm ci && node issuer.mjs        # listens on 127.0.0.1:$ISSUER_PORT
//
// - Issuer http://localhost:<ISSUER_PORT> (default 4444); discovery at /.well-known/openid-configuration,
//   keys at /jwks (a fresh RS256 key per start).
// - One confidential client for client_credentials: ISSUER_CLIENT_ID / ISSUER_CLIENT_SECRET
//   (default mcp-test-client / mcp-test-secret), client_secret_basic or client_secret_post.
// - A second one whose access tokens live one second, for tests that need expired tokens with a
//   valid signature (bench/soak): ISSUER_SHORT_LIVED_CLIENT_ID / ISSUER_SHORT_LIVED_CLIENT_SECRET
//   (default mcp-short-lived-client / mcp-short-lived-secret).
// - Resource indicators (RFC 8707): a token request with resource=<MCP URL> gets a JWT access token
//   (RFC 9068: typ at+jwt) with aud=<MCP URL>, sub=<client id>, and the requested scopes among
//   ISSUER_SCOPES (default "mcp:tools mcp:admin"). Without resource= the token is opaque.
//   A token: node get-token.mjs http://localhost:3000/mcp   (or the curl line in get-token.mjs)
// - Opaque tokens for the resources in ISSUER_OPAQUE_RESOURCES (comma-separated), which only
//   introspection (RFC 7662, <issuer>/token/introspection) can read; introspection clients
//   mcp-rs-basic and mcp-rs-post (secret ISSUER_RS_SECRET, default mcp-rs-secret) and, when
//   ISSUER_RS_PUBLIC_KEY_FILE names a PEM public key, mcp-rs-pkjwt (private_key_jwt).
// - DPoP (RFC 9449): a token request with a DPoP proof header gets a DPoP-bound access token
//   (token_type DPoP, cnf.jkt = the proof key's thumbprint); .ci/e2e-dpop-client uses it.
// - Prints "issuer ready <issuer>" on stdout once it accepts requests. Testing only: no users, no
//   login, keys in memory.
import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.env.ISSUER_PORT || 4444);
const issuer = `http://localhost:${port}`;
const clientId = process.env.ISSUER_CLIENT_ID || 'mcp-test-client';
const clientSecret = process.env.ISSUER_CLIENT_SECRET || 'mcp-test-secret';
const shortLivedId = process.env.ISSUER_SHORT_LIVED_CLIENT_ID || 'mcp-short-lived-client';
const shortLivedSecret = process.env.ISSUER_SHORT_LIVED_CLIENT_SECRET || 'mcp-short-lived-secret';
const scopes = (process.env.ISSUER_SCOPES || 'mcp:tools mcp:admin').split(/[\s,]+/).filter(Boolean);
// Resources whose access tokens are opaque (introspection only), comma-separated.
const opaqueResources = new Set((process.env.ISSUER_OPAQUE_RESOURCES || '').split(',').filter(Boolean));
// The resource servers' introspection clients: one per client authentication method.
const rsSecret = process.env.ISSUER_RS_SECRET || 'mcp-rs-secret';
const rsPublicKeyFile = process.env.ISSUER_RS_PUBLIC_KEY_FILE;
const introspectionClient = (id, method, extra = {}) => ({
  client_id: id,
  grant_types: [],
  response_types: [],
  redirect_uris: [],
  token_endpoint_auth_method: method,
  ...extra,
});
const introspectionClients = [
  introspectionClient('mcp-rs-basic', 'client_secret_basic', { client_secret: rsSecret }),
  introspectionClient('mcp-rs-post', 'client_secret_post', { client_secret: rsSecret }),
  ...(rsPublicKeyFile
    ? [introspectionClient('mcp-rs-pkjwt', 'private_key_jwt', {
      jwks: { keys: [createPublicKey(readFileSync(rsPublicKeyFile)).export({ format: 'jwk' })] },
    })]
    : []),
];

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

const confidentialClient = (id, secret) => ({
  client_id: id,
  client_secret: secret,
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
  token_endpoint_auth_method: 'client_secret_basic',
  scope: scopes.join(' '),
});

const provider = new Provider(issuer, {
  clients: [
    confidentialClient(clientId, clientSecret),
    confidentialClient(shortLivedId, shortLivedSecret),
    ...introspectionClients,
  ],
  clientDefaults: { grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
  jwks: { keys: [signingKey] },
  scopes: ['openid', ...scopes],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    // A token request with a DPoP proof gets a DPoP-bound token (cnf.jkt); without one, a bearer
    // token. Proof algorithms: oidc-provider's defaults (ES256, Ed25519, EdDSA).
    dPoP: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resourceIndicator) => ({
        audience: resourceIndicator,
        scope: scopes.join(' '),
        accessTokenTTL: 60 * 60,
        accessTokenFormat: opaqueResources.has(resourceIndicator) ? 'opaque' : 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  ttl: {
    AccessToken: 60 * 60,
    ClientCredentials: (_ctx, _token, client) => (client?.clientId === shortLivedId ? 1 : 60 * 60),
  },
  // The token endpoint sees client_secret_basic or _post from scripts; introspection all three.
  clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
});

// Plain http on loopback is fine for a test issuer; oidc-provider only warns.
const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`issuer ready ${issuer}`);
});

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
