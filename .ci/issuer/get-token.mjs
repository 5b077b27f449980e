// Prints an access token of the CI issuer (issuer.mjs) for a resource, via client_credentials.
//
//   node get-token.mjs <resource URL> [scope]      e.g. node get-token.mjs http://localhost:3000/mcp
//
// Env: ISSUER_PORT (4444), ISSUER_CLIENT_ID (mcp-test-client), ISSUER_CLIENT_SECRET (mcp-test-secret).
// scope defaults to "mcp:tools". The same with curl:
//   curl -s -u mcp-test-client:mcp-test-secret -d grant_type=client_credentials \
//     -d scope=mcp:tools --data-urlencode resource=http://localhost:3000/mcp http://localhost:4444/token
const resource = process.argv[2];
if (!resource) {
  console.error('usage: node get-token.mjs <resource URL> [scope]');
  process.exit(2);
}
const scope = process.argv[3] || 'mcp:tools';
const port = Number(process.env.ISSUER_PORT || 4444);
const id = process.env.ISSUER_CLIENT_ID || 'mcp-test-client';
const secret = process.env.ISSUER_CLIENT_SECRET || 'mcp-test-secret';

const response = await fetch(`http://localhost:${port}/token`, {
  method: 'POST',
  headers: {
    authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource }),
  signal: AbortSignal.timeout(10_000),
});
const body = await response.json().catch(() => ({}));
if (!response.ok || typeof body.access_token !== 'string') {
  console.error(`token request failed: HTTP ${response.status} ${JSON.stringify(body)}`);
  process.exit(1);
}
console.log(body.access_token);
