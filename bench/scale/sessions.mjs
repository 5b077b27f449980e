// Legacy-session traffic of the scale-out run (bench/scale/run.sh): MCP TypeScript SDK 1.x clients
// through HAProxy, each on its own session, every call's outcome recorded.
//
//   node sessions.mjs <MCP URL>     (run from a directory where `npm ci` installed .ci/e2e-client)
//
// Env: SCALE_TOKEN (bearer token), SCALE_RECORDS (JSON lines written here), SCALE_STOP_FILE (the
// clients stop when it exists), SCALE_CLIENTS (6), SCALE_PAUSE_MS (20, between a client's calls),
// SCALE_MAX_SECONDS (300, a bound should the stop file never come). Prints "sessions ready" once
// every client has its first session.
//
// Each client initializes (the SDK's connect), then calls tools/list and tools/call greet in turn
// until told to stop. SDK 1.32.2 does not start a new session when the server answers 404 (its
// StreamableHTTPClientTransport throws StreamableHTTPError with code 404 and keeps the dead
// session id), so this is the application's job: on 404 the client makes a new transport and
// Client, connects (a new initialize, a new session), and sends the failed call once more. That is
// the whole reconnect; docs/SCALING.md shows it.
//
// One JSON object per line:
//   {"kind":"session","client":0,"t":ms,"session":"...","served_by":"s2","previous":null|"..."}
//   {"kind":"call","client":0,"start":ms,"end":ms,"method":"tools/list","session":"...",
//    "served_by":"s2","outcome":"ok"|"404"|"failed","status":502|null,"error":"...","retry":false|true}
//   (an initialize that failed is a call record with method "initialize" and retry true)
//   {"kind":"transport_error","client":0,"t":ms,"session":"...","error":"..."} (the SDK's GET stream)
//   {"kind":"summary", ...} last
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const url = new URL(process.argv[2] ?? '');
const token = process.env.SCALE_TOKEN ?? '';
const records = process.env.SCALE_RECORDS ?? '';
const stopFile = process.env.SCALE_STOP_FILE ?? '';
const clients = Number(process.env.SCALE_CLIENTS ?? 6);
const pauseMs = Number(process.env.SCALE_PAUSE_MS ?? 20);
const deadline = Date.now() + 1000 * Number(process.env.SCALE_MAX_SECONDS ?? 300);
if (!token || !records || !stopFile) {
  console.error('sessions.mjs: set SCALE_TOKEN, SCALE_RECORDS and SCALE_STOP_FILE');
  process.exit(2);
}
const sdkVersion = JSON.parse(
  readFileSync(new URL('./node_modules/@modelcontextprotocol/sdk/package.json', import.meta.url), 'utf8'),
).version;
writeFileSync(records, '');
const describe = (error) => `${error?.message ?? error}${error?.cause ? ` (${error.cause.code ?? ''} ${error.cause.message ?? error.cause})` : ''}`;
const record = (entry) => appendFileSync(records, JSON.stringify(entry) + '\n');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const stopping = () => existsSync(stopFile) || Date.now() > deadline;

// A session: the SDK's transport and client, and the replica (X-Served-By) of its last POST.
async function openSession(index, previous) {
  const session = { servedBy: null };
  // Observes the answers only: which replica HAProxy chose for each POST.
  const observing = async (input, init = {}) => {
    const response = await fetch(input, init);
    if ((init.method ?? 'GET') === 'POST') session.servedBy = response.headers.get('x-served-by');
    return response;
  };
  session.transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
    fetch: observing,
  });
  session.client = new Client({ name: `bench-scale-${index}`, version: '1.0.0' });
  session.transport.onerror = (error) =>
    record({ kind: 'transport_error', client: index, t: Date.now(), session: session.transport.sessionId ?? null, error: describe(error) });
  await session.client.connect(session.transport);
  // The SDK sets its own onerror in connect; keep recording the GET stream's errors.
  const sdkOnError = session.transport.onerror;
  session.transport.onerror = (error) => {
    record({ kind: 'transport_error', client: index, t: Date.now(), session: session.transport.sessionId ?? null, error: describe(error) });
    sdkOnError?.(error);
  };
  record({ kind: 'session', client: index, t: Date.now(), session: session.transport.sessionId, served_by: session.servedBy, previous });
  return session;
}

const CALLS = [
  ['tools/list', (client) => client.listTools()],
  ['tools/call greet', (client) => client.callTool({ name: 'greet', arguments: { name: 'scale' } })],
];

async function call(index, session, [method, invoke], retry) {
  const start = Date.now();
  const sessionId = session.transport.sessionId;
  try {
    const result = await invoke(session.client);
    const ok = method === 'tools/list' ? Array.isArray(result.tools) : !result.isError;
    record({ kind: 'call', client: index, start, end: Date.now(), method, session: sessionId, served_by: session.servedBy, outcome: ok ? 'ok' : 'failed', status: 200, error: ok ? null : JSON.stringify(result).slice(0, 200), retry });
    return ok ? 'ok' : 'failed';
  } catch (error) {
    const status = error instanceof StreamableHTTPError ? error.code : null;
    const outcome = status === 404 ? '404' : 'failed';
    record({ kind: 'call', client: index, start, end: Date.now(), method, session: sessionId, served_by: session.servedBy, outcome, status, error: describe(error).slice(0, 200), retry });
    return outcome;
  }
}

// Opens a session, again and again until it works: an initialize answered by a replica that is
// draining opens a session that is gone by the next request (404), and one that reaches a replica
// as it dies gets no answer.
async function openUntilOpen(index, previous) {
  for (;;) {
    const start = Date.now();
    try {
      return await openSession(index, previous);
    } catch (error) {
      record({ kind: 'call', client: index, start, end: Date.now(), method: 'initialize', session: null, served_by: null, outcome: error instanceof StreamableHTTPError && error.code === 404 ? '404' : 'failed', status: error instanceof StreamableHTTPError ? error.code : null, error: describe(error).slice(0, 200), retry: true });
      if (stopping()) return null;
      await sleep(100);
    }
  }
}

let opened = 0;
async function runClient(index) {
  let session = await openUntilOpen(index, null);
  if (++opened === clients) console.log('sessions ready');
  for (let n = index; session && !stopping(); n++) {
    const which = CALLS[n % CALLS.length];
    const outcome = await call(index, session, which, false);
    if (outcome === '404') {
      // The session is gone (its replica restarted or died): start a new one, send the call again.
      const previous = session.transport.sessionId;
      await session.client.close().catch(() => {});
      session = await openUntilOpen(index, previous);
      if (session) await call(index, session, which, true);
    }
    await sleep(pauseMs);
  }
  return session;
}

console.log(`@modelcontextprotocol/sdk ${sdkVersion}, node ${process.version}, ${clients} clients on ${url}`);
const sessions = await Promise.all(Array.from({ length: clients }, (_, i) => runClient(i)));
await Promise.all(sessions.filter(Boolean).map((s) => s.client.close().catch(() => {})));
const lines = readFileSync(records, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const calls = lines.filter((l) => l.kind === 'call');
const count = (p) => calls.filter(p).length;
const summary = {
  kind: 'summary',
  sdk: sdkVersion,
  clients,
  calls: calls.length,
  ok: count((c) => c.outcome === 'ok'),
  not_found: count((c) => c.outcome === '404'),
  failed: count((c) => c.outcome === 'failed'),
  sessions: lines.filter((l) => l.kind === 'session').length,
  transport_errors: lines.filter((l) => l.kind === 'transport_error').length,
};
record(summary);
console.log(`sessions: ${JSON.stringify(summary)}`);
process.exit(0);
