// The MCP TypeScript SDK client against the packaged server, with the SDK doing the whole OAuth flow.
//
//   node ts-client.mjs <MCP URL>        (run from a directory where `npm ci` installed package.json)
//
// It is given only the MCP URL and a client id/secret (E2E_CLIENT_ID / E2E_CLIENT_SECRET, default
// mcp-test-client / mcp-test-secret): no issuer, no token, no resource, no scope. The SDK's
// ClientCredentialsProvider must get a 401 from the server, follow its resource_metadata to the
// protected resource metadata, find the authorization server's metadata there, get a token with
// client_credentials and resource=<the PRM resource>, and retry. Then the client initializes, lists
// the tools, calls whoami (expecting its own client id) and greet. Every HTTP exchange the SDK
// makes is logged (a wrapper around globalThis.fetch that only observes) and the OAuth steps are
// checked in order. Prints "ok <step>" per step; exits 1 with "FAIL: ..." on the first failure.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { readFileSync } from 'node:fs';

const mcpUrl = process.argv[2];
if (!mcpUrl) {
  console.error('usage: node ts-client.mjs <MCP URL>');
  process.exit(2);
}
const clientId = process.env.E2E_CLIENT_ID || 'mcp-test-client';
const clientSecret = process.env.E2E_CLIENT_SECRET || 'mcp-test-secret';

function fail(message) {
  console.error(`FAIL: ${message}`);
  console.error('HTTP exchanges of the SDK so far:');
  for (const e of exchanges) console.error(`  ${e.method} ${e.url} -> ${e.status}${e.note ? ` (${e.note})` : ''}`);
  process.exit(1);
}

// Observe (never change) every request the SDK makes.
const exchanges = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init = {}) => {
  const request = new Request(input, init);
  const entry = { method: request.method, url: request.url, status: 'no answer', body: undefined };
  if (typeof init.body === 'string' || init.body instanceof URLSearchParams) entry.body = String(init.body);
  exchanges.push(entry);
  const response = await realFetch(input, init);
  entry.status = response.status;
  const challenge = response.headers.get('www-authenticate');
  if (challenge) entry.note = `WWW-Authenticate: ${challenge}`;
  return response;
};

const sdkVersion = JSON.parse(
  readFileSync(new URL('./node_modules/@modelcontextprotocol/sdk/package.json', import.meta.url), 'utf8'),
).version;
console.log(`@modelcontextprotocol/sdk ${sdkVersion}, node ${process.version}, MCP URL ${mcpUrl}`);

// Only the client id and secret: no expectedIssuer (the SDK warns that omitting it is deprecated),
// so the authorization server is whatever the MCP server's metadata names.
const provider = new ClientCredentialsProvider({ clientId, clientSecret });
const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
const client = new Client({ name: 'mcp-oauth-kit-e2e', version: '1.0.0' });

const timer = setTimeout(() => fail('the client did not finish within 60 s'), 60_000);
timer.unref();

try {
  await client.connect(transport);
} catch (error) {
  fail(`connect (initialize with the SDK's OAuth flow) failed: ${error?.stack || error}`);
}
console.log(`ok initialize: server ${JSON.stringify(client.getServerVersion())}, protocol ${transport.protocolVersion ?? '(not negotiated)'}`);

// The OAuth steps, in the order the SDK must have taken them.
const mcp = new URL(mcpUrl);
const prmUrl = `${mcp.origin}/.well-known/oauth-protected-resource${mcp.pathname}`;
let at = 0;
function expectExchange(what, predicate) {
  const index = exchanges.findIndex((e, i) => i >= at && predicate(e));
  if (index < 0) fail(`the SDK never made this request (after exchange #${at}): ${what}`);
  at = index + 1;
  return exchanges[index];
}
const first = exchanges[0];
if (!first || first.method !== 'POST' || first.url !== mcpUrl || first.status !== 401) {
  fail(`the first request was not POST ${mcpUrl} answered 401`);
}
if (!/^Bearer .*resource_metadata="[^"]+"/i.test(first.note?.replace(/^WWW-Authenticate: /, '') ?? '')) {
  fail(`the first 401 has no WWW-Authenticate: Bearer resource_metadata="...": ${first.note}`);
}
console.log(`ok 401 on the first request: ${first.note}`);
const prm = expectExchange(`GET ${prmUrl} -> 200`, (e) => e.method === 'GET' && e.url === prmUrl && e.status === 200);
console.log(`ok protected resource metadata followed: GET ${prm.url} -> 200`);
const asMeta = expectExchange(
  'GET <issuer>/.well-known/(oauth-authorization-server|openid-configuration) -> 200',
  (e) => e.method === 'GET' && /\/\.well-known\/(oauth-authorization-server|openid-configuration)/.test(e.url) && e.status === 200,
);
if (new URL(asMeta.url).origin === mcp.origin) {
  fail(`the authorization server metadata came from the MCP server's origin (${asMeta.url}), not from the issuer in the PRM`);
}
console.log(`ok authorization server metadata found: GET ${asMeta.url} -> 200`);
const tokenRequest = expectExchange('POST <token endpoint> -> 200', (e) => e.method === 'POST' && e.status === 200 && /grant_type=/.test(e.body ?? ''));
const tokenParams = new URLSearchParams(tokenRequest.body);
if (tokenParams.get('grant_type') !== 'client_credentials') fail(`the token request's grant_type is ${tokenParams.get('grant_type')}`);
if (tokenParams.get('resource') !== mcpUrl) fail(`the token request's resource is ${tokenParams.get('resource')}, expected ${mcpUrl}`);
console.log(`ok token: POST ${tokenRequest.url} grant_type=client_credentials resource=${tokenParams.get('resource')} -> 200`);
const retried = expectExchange(`POST ${mcpUrl} -> 200 (the retry with the token)`, (e) => e.method === 'POST' && e.url === mcpUrl && e.status === 200);
console.log(`ok retried with the token: POST ${retried.url} -> ${retried.status}`);
const token = provider.tokens()?.access_token;
// E2E_OPAQUE_TOKEN=1: the issuer hands out opaque tokens for this resource (the kit introspects).
const opaque = process.env.E2E_OPAQUE_TOKEN === '1';
if (typeof token !== 'string' || (token.split('.').length === 3) === opaque) {
  fail(`the provider holds no ${opaque ? 'opaque' : 'JWT'} access token`);
}
if (opaque) console.log(`ok the access token is opaque (${token.length} characters, no JWT)`);

let tools;
try {
  tools = (await client.listTools()).tools.map((t) => t.name);
} catch (error) {
  fail(`tools/list failed: ${error?.stack || error}`);
}
for (const name of ['greet', 'whoami']) if (!tools.includes(name)) fail(`tools/list lacks ${name}: ${tools.join(', ')}`);
console.log(`ok tools/list: ${tools.join(', ')}`);

function textOf(result) {
  return (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('');
}
let whoami;
try {
  whoami = await client.callTool({ name: 'whoami', arguments: {} });
} catch (error) {
  fail(`tools/call whoami failed: ${error?.stack || error}`);
}
if (whoami.isError) fail(`whoami answered an error: ${textOf(whoami)}`);
let identity;
try {
  identity = JSON.parse(textOf(whoami));
} catch {
  fail(`whoami's text is not JSON: ${textOf(whoami)}`);
}
if (identity.clientId !== clientId) fail(`whoami shows clientId ${identity.clientId}, expected ${clientId}: ${textOf(whoami)}`);
if (typeof identity.issuer !== 'string' || new URL(identity.issuer).origin !== new URL(asMeta.url).origin) {
  fail(`whoami shows issuer ${identity.issuer}, not the authorization server the SDK discovered (${asMeta.url})`);
}
if (whoami.structuredContent && whoami.structuredContent.clientId !== clientId) {
  fail(`whoami's structuredContent shows clientId ${whoami.structuredContent.clientId}`);
}
console.log(`ok tools/call whoami: ${textOf(whoami)}`);

let greet;
try {
  greet = await client.callTool({ name: 'greet', arguments: { name: 'TypeScript' } });
} catch (error) {
  fail(`tools/call greet failed: ${error?.stack || error}`);
}
if (greet.isError || textOf(greet) !== 'Hello, TypeScript!') fail(`greet answered ${JSON.stringify(greet)}, expected "Hello, TypeScript!"`);
console.log(`ok tools/call greet: ${textOf(greet)}`);

try {
  await transport.terminateSession();
  await client.close();
} catch (error) {
  fail(`closing the session failed: ${error?.stack || error}`);
}
console.log(`ok session closed; the SDK's ${exchanges.length} HTTP exchanges:`);
for (const e of exchanges) console.log(`  ${e.method} ${e.url} -> ${e.status}`);
process.exit(0);
