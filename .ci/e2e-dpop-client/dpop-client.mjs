// A DPoP client of the kit, end to end (RFC 9449), for .ci/e2e:
//
//   node dpop-client.mjs <MCP URL>
//
// Env: E2E_CLIENT_ID / E2E_CLIENT_SECRET (the issuer's confidential client), E2E_DPOP_ALG (ES256,
// Ed25519, RS256 or PS256; default ES256), E2E_DPOP_MODE (allowed or required: what the server is
// configured with, which decides how a Bearer token is answered), E2E_DPOP_NONCE (on when the server
// asks for DPoP nonces: the client must have been asked).
//
// What it does, printing "ok <step>" per step and exiting non-zero at the first failure:
//   1. discovery from the 401: resource_metadata -> protected resource metadata (must offer DPoP
//      with this algorithm) -> the authorization server's metadata;
//   2. a client_credentials token request with a DPoP proof (npm dpop) and resource=<MCP URL>,
//      answering a DPoP-Nonce challenge if the issuer sends one: a DPoP token whose cnf.jkt is
//      this key's thumbprint;
//   3. MCP 2025-11-25 with a fresh proof per request: initialize, notifications/initialized,
//      tools/list, tools/call whoami;
//   4. MCP 2026-07-28 (stateless): tools/list and tools/call whoami, a fresh proof each;
//   5. what must fail: a proof used twice, a proof for another URL, the bound token as Bearer.
// No MCP SDK: no SDK client sends DPoP yet, so the JSON-RPC is written here.
import * as DPoP from 'dpop';

const mcpUrl = process.argv[2];
if (!mcpUrl) {
  console.error('usage: node dpop-client.mjs <MCP URL>');
  process.exit(2);
}
const clientId = process.env.E2E_CLIENT_ID || 'mcp-test-client';
const clientSecret = process.env.E2E_CLIENT_SECRET || 'mcp-test-secret';
const alg = process.env.E2E_DPOP_ALG || 'ES256';
const mode = process.env.E2E_DPOP_MODE || 'allowed';

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}
function ok(message) {
  console.log(`ok ${message}`);
}
function expect(condition, message) {
  if (!condition) fail(message);
}
async function json(response, what) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    fail(`${what}: not JSON (status ${response.status}): ${text.slice(0, 300)}`);
  }
}
// The JSON-RPC answer of a POST: plain JSON, or the first data line of an event stream.
async function rpcResult(response, what) {
  const text = await response.text();
  expect(response.status === 200, `${what}: status ${response.status}: ${text.slice(0, 300)}`);
  const body = (response.headers.get('content-type') || '').startsWith('text/event-stream')
    ? text.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5)).pop()
    : text;
  const message = JSON.parse(body);
  expect(!message.error, `${what}: JSON-RPC error ${JSON.stringify(message.error)}`);
  return message.result;
}

// 1. Discovery.
const unauthenticated = await fetch(mcpUrl, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'tools/list', params: {} }),
});
expect(unauthenticated.status === 401, `unauthenticated request: status ${unauthenticated.status}`);
const challenge = unauthenticated.headers.get('www-authenticate') || '';
expect(/(^|, )DPoP /.test(challenge), `no DPoP challenge: ${challenge}`);
expect(mode !== 'allowed' || challenge.startsWith('Bearer '), `allowed mode must offer Bearer first: ${challenge}`);
expect(mode !== 'required' || !/(^|, )Bearer /.test(challenge), `required mode offers Bearer: ${challenge}`);
const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
expect(metadataUrl, `no resource_metadata in ${challenge}`);
const resource = await json(await fetch(metadataUrl), 'protected resource metadata');
expect(resource.resource === mcpUrl, `metadata resource ${resource.resource} is not ${mcpUrl}`);
expect(
  (resource.dpop_signing_alg_values_supported || []).includes(alg),
  `metadata does not offer ${alg}: ${JSON.stringify(resource.dpop_signing_alg_values_supported)}`,
);
expect(
  Boolean(resource.dpop_bound_access_tokens_required) === (mode === 'required'),
  `dpop_bound_access_tokens_required is ${resource.dpop_bound_access_tokens_required} in ${mode} mode`,
);
const issuer = resource.authorization_servers?.[0];
expect(issuer, 'no authorization server in the metadata');
const as = await json(await fetch(`${issuer}/.well-known/openid-configuration`), 'issuer metadata');
ok(`discovery: ${challenge.split(' ')[0]} challenge first, metadata offers ${alg}, issuer ${issuer}`);

// 2. A DPoP-bound token.
const keyPair = await DPoP.generateKeyPair(alg);
const thumbprint = await DPoP.calculateThumbprint(keyPair.publicKey);
async function tokenRequest(nonce) {
  return fetch(as.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      dpop: await DPoP.generateProof(keyPair, as.token_endpoint, 'POST', nonce),
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: mcpUrl, scope: 'mcp:tools' }),
  });
}
let tokenResponse = await tokenRequest();
if (tokenResponse.status === 400 && tokenResponse.headers.get('dpop-nonce')) {
  tokenResponse = await tokenRequest(tokenResponse.headers.get('dpop-nonce'));
}
const tokenSet = await json(tokenResponse, 'token response');
expect(tokenResponse.status === 200, `token request: ${tokenResponse.status} ${JSON.stringify(tokenSet)}`);
expect(tokenSet.token_type === 'DPoP', `token_type ${tokenSet.token_type}, expected DPoP`);
const token = tokenSet.access_token;
const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
expect(claims.cnf?.jkt === thumbprint, `cnf.jkt ${claims.cnf?.jkt} is not the key's thumbprint ${thumbprint}`);
ok(`token: DPoP-bound (${alg}), cnf.jkt ${thumbprint}`);

// 3. and 4. MCP with a fresh proof per request. A server that asks for nonces (RFC 9449 §9)
// answers 401 use_dpop_nonce with a DPoP-Nonce header: the request is made again once with a proof
// carrying it, and later proofs carry the latest nonce the server gave.
let nextId = 1;
let serverNonce;
let nonceRetries = 0;
async function mcp(method, params, options = {}) {
  const answer = await mcpOnce(method, params, options);
  const nonce = answer.response.headers.get('dpop-nonce');
  if (nonce) {
    const retry = answer.response.status === 401
      && /error="use_dpop_nonce"/.test(answer.response.headers.get('www-authenticate') || '')
      && options.proof === undefined;
    serverNonce = nonce;
    if (retry) {
      nonceRetries++;
      return mcpOnce(method, params, options);
    }
  }
  return answer;
}
async function mcpOnce(method, params, { era, session, proof, scheme = 'DPoP' } = {}) {
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `${scheme} ${token}`,
  };
  const dpopProof = proof ?? (await DPoP.generateProof(keyPair, mcpUrl, 'POST', serverNonce, token));
  if (dpopProof) headers.dpop = dpopProof;
  let body;
  if (era === 'modern') {
    headers['mcp-protocol-version'] = '2026-07-28';
    headers['mcp-method'] = method;
    if (method === 'tools/call') headers['mcp-name'] = params.name;
    params = {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': { name: 'dpop-client', version: '1' },
      },
    };
  } else if (session) {
    headers['mcp-protocol-version'] = '2025-11-25';
    headers['mcp-session-id'] = session;
  }
  const id = method.startsWith('notifications/') ? undefined : nextId++;
  body = JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, params });
  return { response: await fetch(mcpUrl, { method: 'POST', headers, body }), proof: dpopProof };
}

const init = await mcp('initialize', {
  protocolVersion: '2025-11-25',
  capabilities: {},
  clientInfo: { name: 'dpop-client', version: '1' },
});
const session = init.response.headers.get('mcp-session-id');
const initResult = await rpcResult(init.response, 'initialize');
expect(session, 'initialize answered no Mcp-Session-Id');
ok(`initialize: protocol ${initResult.protocolVersion}, session opened`);
const initialized = (await mcp('notifications/initialized', {}, { session })).response;
expect(initialized.status === 202, `notifications/initialized: status ${initialized.status}`);
const tools = await rpcResult((await mcp('tools/list', {}, { session })).response, 'tools/list');
expect(tools.tools.some((tool) => tool.name === 'whoami'), 'tools/list has no whoami');
ok(`tools/list (2025-11-25): ${tools.tools.length} tools`);
const who = await rpcResult(
  (await mcp('tools/call', { name: 'whoami', arguments: {} }, { session })).response,
  'tools/call whoami',
);
const whoText = who.content?.[0]?.text || '';
expect(whoText.includes(clientId), `whoami does not show the client id: ${whoText}`);
ok('tools/call whoami (2025-11-25): shows this client');

const modernTools = await rpcResult((await mcp('tools/list', {}, { era: 'modern' })).response, 'modern tools/list');
expect(modernTools.tools.some((tool) => tool.name === 'whoami'), 'modern tools/list has no whoami');
const modernWho = await rpcResult(
  (await mcp('tools/call', { name: 'whoami', arguments: {} }, { era: 'modern' })).response,
  'modern tools/call whoami',
);
expect((modernWho.content?.[0]?.text || '').includes(clientId), 'modern whoami does not show the client id');
ok(`tools/list and tools/call whoami (2026-07-28): ${modernTools.tools.length} tools, shows this client`);
if (process.env.E2E_DPOP_NONCE === 'on') {
  expect(nonceRetries >= 1 && serverNonce, 'the server asked for no DPoP nonce');
  ok(`resource server nonce: asked for ${nonceRetries} time(s), each request retried once with DPoP-Nonce`);
} else {
  expect(nonceRetries === 0, `the server asked for a DPoP nonce ${nonceRetries} time(s)`);
}

// 5. What must fail.
async function refused(what, answer, status, pattern) {
  const text = await answer.response.text();
  const header = answer.response.headers.get('www-authenticate') || '';
  expect(answer.response.status === status, `${what}: status ${answer.response.status}, expected ${status}: ${text}`);
  expect(pattern.test(header), `${what}: challenge ${header} does not match ${pattern}`);
  ok(`${what}: ${status} ${(/error_description="([^"]*)"/.exec(header) || [])[1] || header}`);
}
const once = await mcp('tools/list', {}, { era: 'modern' });
await rpcResult(once.response, 'tools/list before the replay');
await refused(
  'the same proof again',
  await mcp('tools/list', {}, { era: 'modern', proof: once.proof }),
  401,
  /DPoP [^,]*.*error="invalid_dpop_proof", error_description="DPoP proof already used/,
);
await refused(
  'a proof for another URL',
  await mcp('tools/list', {}, {
    era: 'modern',
    proof: await DPoP.generateProof(keyPair, `${mcpUrl}/other`, 'POST', serverNonce, token),
  }),
  401,
  /error="invalid_dpop_proof", error_description="DPoP proof htu does not match/,
);
await refused(
  'the bound token as Bearer',
  await mcp('tools/list', {}, { era: 'modern', scheme: 'Bearer', proof: '' }),
  401,
  mode === 'required'
    ? /error="invalid_token", error_description="DPoP-bound access tokens are required"/
    : /^Bearer [^,]*.*error="invalid_token", error_description="Token validation failed: sender-constrained/,
);
