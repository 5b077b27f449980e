// The MCP TypeScript SDK v2 client (@modelcontextprotocol/client) against the packaged server, on
// protocol revision 2026-07-28, with the SDK doing the whole OAuth flow.
//
//   node ts2-client.mjs <MCP URL>        (run from a directory where `npm ci` installed package.json)
//
// Same interface as ts-client.mjs: only the MCP URL and a client id/secret (E2E_CLIENT_ID /
// E2E_CLIENT_SECRET, default mcp-test-client / mcp-test-secret). Optional env:
//   E2E_NEGOTIATION  auto (default): the dual-era client — versionNegotiation { mode: 'auto' }: it
//                    probes with server/discover and would fall back to initialize on a legacy
//                    server; the checks below assert it picked the modern era against the kit.
//                    pin: the modern-only client — { mode: { pin: '2026-07-28' } }, no fallback.
//   E2E_EXPECT_ERA   modern (default) | legacy (only meaningful with auto: asserts the fallback).
//   E2E_NO_AUTH=1    no OAuth provider and no OAuth checks (for trying the script on a server
//                    without auth; never set by .ci/e2e).
//   E2E_INPUT_TOOL   optional (modern era only) name of a tool that answers input_required with a form elicitation
//                    (MRTR); it is called with {action: "e2e"} and the client accepts with every
//                    boolean true / string "e2e" / number 1.
// The SDK's ClientCredentialsProvider must get a 401 on the server/discover probe, follow its
// resource_metadata to the protected resource metadata, find the authorization server's metadata
// there, get a token with client_credentials and resource=<MCP URL>, and retry the probe. Then:
// the era and negotiated version, tools/list, whoami (its own client id), greet, prompts/get
// greeting-template, resources/read greeting://default. Every HTTP exchange is logged (a wrapper
// around globalThis.fetch that only observes) and checked on the wire: every POST carries
// _meta["io.modelcontextprotocol/protocolVersion"] = 2026-07-28 with matching MCP-Protocol-Version /
// Mcp-Method / Mcp-Name headers, and no initialize, session id or GET stream ever appears.
// Prints "ok <step>" per step; exits 1 with "FAIL: ..." on the first failure.
import {
  Client,
  StreamableHTTPClientTransport,
  ClientCredentialsProvider,
  PROTOCOL_VERSION_META_KEY,
} from '@modelcontextprotocol/client';
import { readFileSync } from 'node:fs';

const MODERN = '2026-07-28';
const mcpUrl = process.argv[2];
if (!mcpUrl) {
  console.error('usage: node ts2-client.mjs <MCP URL>');
  process.exit(2);
}
const clientId = process.env.E2E_CLIENT_ID || 'mcp-test-client';
const clientSecret = process.env.E2E_CLIENT_SECRET || 'mcp-test-secret';
const negotiationMode = process.env.E2E_NEGOTIATION || 'auto';
const expectEra = process.env.E2E_EXPECT_ERA || 'modern';
const noAuth = process.env.E2E_NO_AUTH === '1';
const inputTool = process.env.E2E_INPUT_TOOL || '';
if (!['auto', 'pin'].includes(negotiationMode)) {
  console.error(`E2E_NEGOTIATION must be auto or pin, not ${negotiationMode}`);
  process.exit(2);
}
if (!['modern', 'legacy'].includes(expectEra) || (expectEra === 'legacy' && negotiationMode === 'pin')) {
  console.error(`E2E_EXPECT_ERA=${expectEra} does not fit E2E_NEGOTIATION=${negotiationMode}`);
  process.exit(2);
}

function fail(message) {
  console.error(`FAIL: ${message}`);
  console.error('HTTP exchanges of the SDK so far:');
  for (const e of exchanges) console.error(`  ${describe(e)}`);
  process.exit(1);
}
function describe(e) {
  const rpc = e.rpc ? ` [${e.rpc.method ?? `response ${e.rpc.id}`}${e.rpc.version ? ` _meta version ${e.rpc.version}` : ''}]` : '';
  const h = Object.entries(e.mcpHeaders).map(([k, v]) => `${k}: ${v}`).join(', ');
  return `${e.method} ${e.url}${rpc}${h ? ` {${h}}` : ''} -> ${e.status}${e.note ? ` (${e.note})` : ''}`;
}

// Observe (never change) every request the SDK makes: the transport and the OAuth code both look up
// globalThis.fetch at call time when no `fetch` option is given.
const exchanges = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init = {}) => {
  const request = new Request(input, init);
  const entry = { method: request.method, url: request.url, status: 'no answer', body: undefined, mcpHeaders: {} };
  for (const name of ['mcp-protocol-version', 'mcp-method', 'mcp-name', 'mcp-session-id']) {
    const value = request.headers.get(name);
    if (value !== null) entry.mcpHeaders[name] = value;
  }
  entry.authorized = /^bearer /i.test(request.headers.get('authorization') ?? '');
  if (typeof init.body === 'string' || init.body instanceof URLSearchParams) entry.body = String(init.body);
  if (entry.method === 'POST' && entry.url === mcpUrl && entry.body) {
    try {
      const m = JSON.parse(entry.body);
      entry.rpc = { method: m.method, id: m.id, version: m.params?._meta?.[PROTOCOL_VERSION_META_KEY], params: m.params };
    } catch {
      /* not JSON: left for the checks to report */
    }
  }
  exchanges.push(entry);
  const response = await realFetch(input, init);
  entry.status = response.status;
  const challenge = response.headers.get('www-authenticate');
  if (challenge) entry.note = `WWW-Authenticate: ${challenge}`;
  entry.responseSessionId = response.headers.get('mcp-session-id');
  return response;
};

const sdkVersion = JSON.parse(
  readFileSync(new URL('./node_modules/@modelcontextprotocol/client/package.json', import.meta.url), 'utf8'),
).version;
console.log(`@modelcontextprotocol/client ${sdkVersion}, node ${process.version}, MCP URL ${mcpUrl}, negotiation ${negotiationMode}`);

// Only the client id and secret: no expectedIssuer (deprecated, as in ts-client.mjs), so the
// authorization server is whatever the MCP server's protected resource metadata names.
const provider = noAuth ? undefined : new ClientCredentialsProvider({ clientId, clientSecret });
const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), provider ? { authProvider: provider } : {});
// The dual-era client: 'auto' probes with server/discover and falls back to initialize only without
// definitive modern evidence. (The default mode is 'legacy': no probe at all.) Modern-only: pin.
const client = new Client(
  { name: 'mcp-oauth-kit-e2e-v2', version: '1.0.0' },
  {
    capabilities: { elicitation: { form: {} } },
    versionNegotiation: { mode: negotiationMode === 'pin' ? { pin: MODERN } : 'auto' },
  },
);
// input_required (MRTR) rounds are fulfilled through this handler, then the call is retried by the SDK.
const elicitations = [];
client.setRequestHandler('elicitation/create', async (request) => {
  elicitations.push(request.params);
  const content = {};
  for (const [key, schema] of Object.entries(request.params.requestedSchema?.properties ?? {})) {
    content[key] = schema.type === 'boolean' ? true : schema.type === 'number' || schema.type === 'integer' ? 1 : 'e2e';
  }
  return { action: 'accept', content };
});

const timer = setTimeout(() => fail('the client did not finish within 60 s'), 60_000);
timer.unref();

try {
  await client.connect(transport);
} catch (error) {
  fail(`connect (server/discover probe with the SDK's OAuth flow) failed: ${error?.stack || error}`);
}
const era = client.getProtocolEra();
const version = client.getNegotiatedProtocolVersion();
console.log(`ok connect: era ${era}, protocol ${version}, server ${JSON.stringify(client.getServerVersion())}`);

const mcp = new URL(mcpUrl);
let at = 0;
function expectExchange(what, predicate) {
  const index = exchanges.findIndex((e, i) => i >= at && predicate(e));
  if (index < 0) fail(`the SDK never made this request (after exchange #${at}): ${what}`);
  at = index + 1;
  return exchanges[index];
}
const mcpPosts = () => exchanges.filter((e) => e.method === 'POST' && e.url === mcpUrl);

// The era: the probe went first, and against the kit it found definitive modern evidence.
const first = mcpPosts()[0];
if (first?.rpc?.method !== 'server/discover' || first.rpc.version !== MODERN || first.mcpHeaders['mcp-method'] !== 'server/discover') {
  fail(`the first MCP request was not the server/discover probe on ${MODERN}: ${first && describe(first)}`);
}
if (expectEra === 'modern') {
  if (era !== 'modern' || version !== MODERN) fail(`the client picked era ${era}, protocol ${version}; expected modern ${MODERN}`);
  const discover = client.getDiscoverResult();
  if (!discover?.supportedVersions?.includes(MODERN)) fail(`the discover result lacks ${MODERN}: ${JSON.stringify(discover)}`);
  if (mcpPosts().some((e) => e.rpc?.method === 'initialize')) fail('the client sent initialize: it fell back to the legacy era');
  console.log(`ok modern era picked: server/discover offered ${JSON.stringify(discover.supportedVersions)}, no initialize`);
} else {
  if (era !== 'legacy' || client.getDiscoverResult() !== undefined) fail(`the client picked era ${era}, protocol ${version}; expected the legacy fallback`);
  if (!mcpPosts().some((e) => e.rpc?.method === 'initialize')) fail('no initialize after the probe');
  console.log(`ok legacy fallback: server/discover probe, then initialize on ${version}`);
}

if (provider) {
  // The OAuth steps, in the order the SDK must have taken them; the 401 is on the probe.
  const prmUrl = `${mcp.origin}/.well-known/oauth-protected-resource${mcp.pathname}`;
  if (exchanges[0] !== first || first.status !== 401) fail(`the first request was not POST ${mcpUrl} (server/discover) answered 401`);
  if (!/^Bearer .*resource_metadata="[^"]+"/i.test(first.note?.replace(/^WWW-Authenticate: /, '') ?? '')) {
    fail(`the first 401 has no WWW-Authenticate: Bearer resource_metadata="...": ${first.note}`);
  }
  console.log(`ok 401 on the server/discover probe: ${first.note}`);
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
  const retried = expectExchange(`POST ${mcpUrl} server/discover -> 200 (the retry with the token)`, (e) =>
    e.method === 'POST' && e.url === mcpUrl && e.rpc?.method === 'server/discover' && e.authorized && e.status === 200);
  console.log(`ok probe retried with the token: POST ${retried.url} server/discover -> ${retried.status}`);
  const token = provider.tokens()?.access_token;
  if (typeof token !== 'string' || token.split('.').length !== 3) fail('the provider holds no JWT access token');
}

function textOf(result) {
  return (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('');
}
async function step(what, call) {
  try {
    return await call();
  } catch (error) {
    fail(`${what} failed: ${error?.stack || error}`);
  }
}
// The last POST the SDK made for `method`: on the modern era it must carry the envelope and headers.
function checkWire(method, name) {
  const e = mcpPosts().filter((x) => x.rpc?.method === method).at(-1);
  if (!e) fail(`no POST for ${method} was seen`);
  if (expectEra !== 'modern') return '';
  if (e.rpc.version !== MODERN) fail(`${method} carries _meta protocolVersion ${e.rpc.version}, expected ${MODERN}`);
  if (e.mcpHeaders['mcp-protocol-version'] !== MODERN) fail(`${method}: MCP-Protocol-Version ${e.mcpHeaders['mcp-protocol-version']}`);
  if (e.mcpHeaders['mcp-method'] !== method) fail(`${method}: Mcp-Method ${e.mcpHeaders['mcp-method']}`);
  if (name !== undefined && e.mcpHeaders['mcp-name'] !== name) fail(`${method}: Mcp-Name ${e.mcpHeaders['mcp-name']}, expected ${name}`);
  if (e.status !== 200) fail(`${method} was answered HTTP ${e.status}`);
  return ` (Mcp-Method ${method}${name !== undefined ? `, Mcp-Name ${name}` : ''}, _meta protocolVersion ${MODERN})`;
}

const tools = (await step('tools/list', () => client.listTools())).tools.map((t) => t.name);
for (const name of ['greet', 'whoami']) if (!tools.includes(name)) fail(`tools/list lacks ${name}: ${tools.join(', ')}`);
console.log(`ok tools/list: ${tools.join(', ')}${checkWire('tools/list')}`);

const whoami = await step('tools/call whoami', () => client.callTool({ name: 'whoami', arguments: {} }));
if (whoami.isError) fail(`whoami answered an error: ${textOf(whoami)}`);
let identity;
try {
  identity = JSON.parse(textOf(whoami));
} catch {
  fail(`whoami's text is not JSON: ${textOf(whoami)}`);
}
if (identity.clientId !== clientId) fail(`whoami shows clientId ${identity.clientId}, expected ${clientId}: ${textOf(whoami)}`);
if (provider) {
  const asOrigin = new URL(exchanges.find((e) => /\/\.well-known\/(oauth-authorization-server|openid-configuration)/.test(e.url)).url).origin;
  if (typeof identity.issuer !== 'string' || new URL(identity.issuer).origin !== asOrigin) {
    fail(`whoami shows issuer ${identity.issuer}, not the authorization server the SDK discovered (${asOrigin})`);
  }
}
if (whoami.structuredContent && whoami.structuredContent.clientId !== clientId) {
  fail(`whoami's structuredContent shows clientId ${whoami.structuredContent.clientId}`);
}
console.log(`ok tools/call whoami: ${textOf(whoami)}${checkWire('tools/call', 'whoami')}`);

const greet = await step('tools/call greet', () => client.callTool({ name: 'greet', arguments: { name: 'TypeScript' } }));
if (greet.isError || textOf(greet) !== 'Hello, TypeScript!') fail(`greet answered ${JSON.stringify(greet)}, expected "Hello, TypeScript!"`);
console.log(`ok tools/call greet: ${textOf(greet)}${checkWire('tools/call', 'greet')}`);

const prompt = await step('prompts/get greeting-template', () =>
  client.getPrompt({ name: 'greeting-template', arguments: { name: 'TypeScript' } }));
const promptText = prompt.messages?.[0]?.content?.text ?? '';
if (prompt.messages?.[0]?.role !== 'user' || !promptText.includes('TypeScript')) fail(`greeting-template answered ${JSON.stringify(prompt)}`);
console.log(`ok prompts/get greeting-template: ${promptText}${checkWire('prompts/get', 'greeting-template')}`);

const resource = await step('resources/read greeting://default', () => client.readResource({ uri: 'greeting://default' }, { cacheMode: 'bypass' }));
const resourceText = resource.contents?.[0]?.text;
if (resource.contents?.[0]?.uri !== 'greeting://default' || resourceText !== 'Hello from the MCP OAuth kit!') {
  fail(`greeting://default answered ${JSON.stringify(resource)}`);
}
console.log(`ok resources/read greeting://default: ${resourceText}${checkWire('resources/read', 'greeting://default')}`);

if (inputTool && expectEra === 'modern') {
  const before = elicitations.length;
  const answer = await step(`tools/call ${inputTool} (input_required)`, () => client.callTool({ name: inputTool, arguments: { action: 'e2e' } }));
  if (answer.isError || elicitations.length !== before + 1) fail(`${inputTool}: ${JSON.stringify(answer)} after ${elicitations.length - before} elicitations`);
  const calls = mcpPosts().filter((e) => e.rpc?.method === 'tools/call' && e.rpc.params?.name === inputTool);
  if (expectEra === 'modern' && (calls.length !== 2 || !calls[1].rpc.params?.inputResponses)) {
    fail(`${inputTool}: expected 2 tools/call POSTs, the second with inputResponses; saw ${calls.length}`);
  }
  console.log(`ok tools/call ${inputTool}: elicitation "${elicitations.at(-1).message}" answered, then ${textOf(answer)}`);
}

if (expectEra === 'modern') {
  // Stateless: no session, no GET stream, nothing but POSTs to the MCP URL.
  const sessionful = exchanges.find((e) => e.url === mcpUrl && (e.responseSessionId || e.mcpHeaders['mcp-session-id']));
  if (sessionful) fail(`a session id appeared on the modern era: ${describe(sessionful)}`);
  const notPost = exchanges.find((e) => e.url === mcpUrl && e.method !== 'POST');
  if (notPost) fail(`the modern era made a ${notPost.method} to the MCP URL`);
  const bare = mcpPosts().find((e) => e.status === 200 && e.rpc?.method && e.rpc.version !== MODERN);
  if (bare) fail(`a request without the ${MODERN} _meta envelope: ${describe(bare)}`);
  console.log(`ok stateless on ${MODERN}: every MCP request a POST with the _meta envelope, no session id, no GET stream`);
}

await step('close', async () => {
  if (transport.sessionId) await transport.terminateSession();
  await client.close();
});
console.log(`ok closed; the SDK's ${exchanges.length} HTTP exchanges:`);
for (const e of exchanges) console.log(`  ${describe(e)}`);
process.exit(0);
