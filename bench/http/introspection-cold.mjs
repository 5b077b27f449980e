// The cold path of token introspection (RFC 7662), for bench/http/introspection-cold.sh: how much
// the kit adds to the issuer's own round trip when a token is new to it.
//
//   node introspection-cold.mjs <issuer URL> <MCP URL> <opaque resource> <count> <out.tsv> <label>
//
// First, outside any timing, 2 x (<count> + BENCH_COLD_WARMUP) + 1 opaque tokens from the issuer's
// token endpoint for <opaque resource> (a JWT fails the run), and an MCP 2025 session opened with
// the spare one. Then, one after another, <count> recorded iterations after BENCH_COLD_WARMUP (20)
// unrecorded ones, each with two tokens never used before:
//   kit_cold  POST <MCP URL> tools/list on the session with the first token: the kit asks the issuer
//   kit_warm  the same request with the same token again: the kit's introspection cache answers
//   issuer    POST <issuer>/token/introspection with the second token and the kit's credentials
//             (client_secret_basic), as the kit sends it: the issuer's own round trip
// (kit_cold and issuer swap places every other iteration, so neither always runs first). Each is
// timed from the request's start to its whole body read, on one keep-alive connection per server
// (node's fetch); any answer but 200 with a JSON-RPC result, or active: true, fails the run. An
// iteration starts no sooner than BENCH_COLD_INTERVAL_MS (50) after the one before, so the kit
// makes at most 20 introspection calls a second, below its default rate limit (100/s).
//
// Writes one row per timing to <out.tsv> (label iteration kind ms, appended; a header when the
// file is new) and prints the median, p90 and mean of each kind and of the per-iteration
// differences kit_cold - kit_warm and kit_cold - issuer.
//
// Env: ISSUER_CLIENT_ID / ISSUER_CLIENT_SECRET (mcp-test-client / mcp-test-secret: the tokens),
// BENCH_INTROSPECTION_CLIENT_ID / BENCH_INTROSPECTION_CLIENT_SECRET (mcp-rs-basic / mcp-rs-secret:
// the kit's introspection client), BENCH_PROTOCOL (2025-11-25). Node 20+, nothing to install.
import { appendFileSync, existsSync } from 'node:fs';

const [issuer, mcp, resource, countText, out, label] = process.argv.slice(2);
if (!label) {
  console.error('usage: node introspection-cold.mjs <issuer URL> <MCP URL> <opaque resource> <count> <out.tsv> <label>');
  process.exit(2);
}
const count = Number(countText);
const warmup = Number(process.env.BENCH_COLD_WARMUP ?? 20);
const interval = Number(process.env.BENCH_COLD_INTERVAL_MS ?? 50);
const protocol = process.env.BENCH_PROTOCOL || '2025-11-25';
const basic = (id, secret) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const tokenClient = basic(process.env.ISSUER_CLIENT_ID || 'mcp-test-client', process.env.ISSUER_CLIENT_SECRET || 'mcp-test-secret');
const rsClient = basic(
  process.env.BENCH_INTROSPECTION_CLIENT_ID || 'mcp-rs-basic',
  process.env.BENCH_INTROSPECTION_CLIENT_SECRET || 'mcp-rs-secret',
);

function fail(message) {
  console.error(`introspection-cold.mjs: ${message}`);
  process.exit(1);
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };

async function opaqueToken() {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { authorization: tokenClient, ...form },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'mcp:tools', resource }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || typeof body.access_token !== 'string') fail(`token request: HTTP ${response.status} ${JSON.stringify(body)}`);
  if (body.access_token.includes('.')) fail(`the token for ${resource} is a JWT, not opaque (ISSUER_OPAQUE_RESOURCES?)`);
  return body.access_token;
}

const mcpHeaders = (token, session) => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  ...(session ? { 'mcp-session-id': session, 'mcp-protocol-version': protocol } : {}),
});

async function openSession(token) {
  const init = await fetch(mcp, {
    method: 'POST',
    headers: mcpHeaders(token),
    body: JSON.stringify({
      jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: protocol, capabilities: {}, clientInfo: { name: 'bench-cold', version: '1' } },
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const session = init.headers.get('mcp-session-id');
  await init.text();
  if (init.status !== 200 || !session) fail(`initialize: HTTP ${init.status}, no session`);
  const done = await fetch(mcp, {
    method: 'POST',
    headers: mcpHeaders(token, session),
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    signal: AbortSignal.timeout(10_000),
  });
  await done.text();
  if (done.status !== 202) fail(`notifications/initialized: HTTP ${done.status}`);
  return session;
}

let nextId = 100;

// One timed request; returns milliseconds, from the start to the whole body read.
async function timed(url, init, check) {
  const start = process.hrtime.bigint();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const body = await response.text();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!check(response.status, body)) fail(`${url}: HTTP ${response.status} ${body.slice(0, 300)}`);
  return ms;
}

const toolsList = (token, session) =>
  timed(
    mcp,
    { method: 'POST', headers: mcpHeaders(token, session), body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method: 'tools/list' }) },
    (status, body) => status === 200 && body.includes('"result":'),
  );

const introspect = (token) =>
  timed(
    `${issuer}/token/introspection`,
    { method: 'POST', headers: { authorization: rsClient, accept: 'application/json', ...form }, body: new URLSearchParams({ token }) },
    (status, body) => status === 200 && JSON.parse(body).active === true,
  );

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const total = count + warmup;
const tokens = [];
for (let i = 0; i < 2 * total + 1; i++) tokens.push(await opaqueToken());
const session = await openSession(tokens.pop());

const rows = [];
for (let i = 0; i < total; i++) {
  const started = Date.now();
  const kitToken = tokens[2 * i];
  const issuerToken = tokens[2 * i + 1];
  let cold, issuerMs;
  if (i % 2 === 0) {
    cold = await toolsList(kitToken, session);
    issuerMs = await introspect(issuerToken);
  } else {
    issuerMs = await introspect(issuerToken);
    cold = await toolsList(kitToken, session);
  }
  const warm = await toolsList(kitToken, session);
  if (i >= warmup) {
    const n = i - warmup + 1;
    rows.push({ n, kit_cold: cold, kit_warm: warm, issuer: issuerMs });
  }
  const wait = interval - (Date.now() - started);
  if (wait > 0) await sleep(wait);
}

if (!existsSync(out)) appendFileSync(out, 'label\titeration\tkind\tms\n');
appendFileSync(
  out,
  rows.map((r) => ['kit_cold', 'kit_warm', 'issuer'].map((k) => `${label}\t${r.n}\t${k}\t${r[k].toFixed(3)}\n`).join('')).join(''),
);

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
};
const line = (name, values) =>
  `${label}\t${name.padEnd(20)}\tmedian ${quantile(values, 0.5).toFixed(3)} ms\tp90 ${quantile(values, 0.9).toFixed(3)} ms\t` +
  `mean ${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(3)} ms\tn ${values.length}`;
console.log(line('kit_cold', rows.map((r) => r.kit_cold)));
console.log(line('kit_warm', rows.map((r) => r.kit_warm)));
console.log(line('issuer', rows.map((r) => r.issuer)));
console.log(line('kit_cold - kit_warm', rows.map((r) => r.kit_cold - r.kit_warm)));
console.log(line('kit_cold - issuer', rows.map((r) => r.kit_cold - r.issuer)));
