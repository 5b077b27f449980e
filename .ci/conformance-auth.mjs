// Preload for @modelcontextprotocol/conformance (tested with 0.1.16 and 0.2.0-alpha.12, Node 22.23,
// undici 7.30.2).
// Adds `Authorization: Bearer $MCP_CONFORMANCE_TOKEN` to every outgoing HTTP request the suite makes.
//
// Used by .ci/conformance. Usage (preload only the suite's node process, not npm/npx):
//   MCP_CONFORMANCE_TOKEN=... node_modules/.bin/node --import .ci/conformance-auth.mjs \
//       node_modules/@modelcontextprotocol/conformance/dist/index.js server --url http://localhost:8080/mcp
// or: NODE_OPTIONS="--import .ci/conformance-auth.mjs" npx conformance server --url ...
//
// Optional env:
//   MCP_CONFORMANCE_AUTH_ORIGIN  only add the header for this origin (e.g. http://localhost:8080);
//                                default: every request.
//   MCP_CONFORMANCE_AUTH_DEBUG=1 log each injection to stderr.
//
// Call paths covered (server mode of the suite):
//   1. globalThis.fetch  - MCP SDK StreamableHTTPClientTransport (POST/GET/DELETE) and the suite's own raw
//      fetch() calls (server-sse-polling, server-sse-multiple-streams). Both look `fetch` up at call time.
//   2. undici `request()` from the npm `undici` package - dns-rebinding-protection scenario. It uses
//      undici's global dispatcher (globalThis[Symbol.for('undici.globalDispatcher.1')]); we replace it with
//      a composed dispatcher whose interceptor adds the header. Node's built-in fetch also dispatches via
//      that same symbol, so fetch is covered twice; the interceptor never duplicates an existing header.
//   3. node:http / node:https request()/get() - 0.2.0-alpha.12's http-header-validation and
//      http-custom-header-server-validation scenarios (MCP 2026-07-28) send their raw requests with
//      http.request, looked up at call time.
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';

const TOKEN = process.env.MCP_CONFORMANCE_TOKEN;
const ONLY_ORIGIN = process.env.MCP_CONFORMANCE_AUTH_ORIGIN ? new URL(process.env.MCP_CONFORMANCE_AUTH_ORIGIN).origin : null;
const DEBUG = process.env.MCP_CONFORMANCE_AUTH_DEBUG === '1';
const VALUE = `Bearer ${TOKEN}`;
const log = (...a) => { if (DEBUG) console.error('[inject-auth]', ...a); };

function wanted(url) {
  if (!ONLY_ORIGIN) return true;
  try { return new URL(String(url)).origin === ONLY_ORIGIN; } catch { return false; }
}

if (!TOKEN) {
  console.error('[inject-auth] MCP_CONFORMANCE_TOKEN is not set; no Authorization header will be added');
} else {
  // ---- 1. globalThis.fetch -------------------------------------------------------------------------
  const origFetch = globalThis.fetch;
  if (typeof origFetch === 'function') {
    globalThis.fetch = function fetchWithAuth(input, init) {
      const url = input instanceof Request ? input.url : input;
      if (!wanted(url)) return origFetch.call(this, input, init);
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      if (!headers.has('authorization')) headers.set('authorization', VALUE);
      log('fetch', init?.method ?? (input instanceof Request ? input.method : 'GET'), String(url));
      return origFetch.call(this, input, { ...init, headers });
    };
  }

  // ---- 2. undici global dispatcher (undici.request / undici.fetch / built-in fetch) -----------------
  function addToDispatchHeaders(h) {
    if (h == null) return { authorization: VALUE };
    if (Array.isArray(h)) {
      if (h.length && Array.isArray(h[0])) {            // [[k, v], ...]
        return h.some(([k]) => String(k).toLowerCase() === 'authorization') ? h : [...h, ['authorization', VALUE]];
      }
      for (let i = 0; i < h.length; i += 2) {           // flat [k, v, k, v]
        if (String(h[i]).toLowerCase() === 'authorization') return h;
      }
      return [...h, 'authorization', VALUE];
    }
    if (typeof h[Symbol.iterator] === 'function' && typeof h !== 'string') { // Headers / Map / iterable of pairs
      const pairs = [...h];
      return pairs.some(([k]) => String(k).toLowerCase() === 'authorization') ? pairs : [...pairs, ['authorization', VALUE]];
    }
    if (typeof h === 'object') {
      return Object.keys(h).some((k) => k.toLowerCase() === 'authorization') ? h : { ...h, authorization: VALUE };
    }
    return h;
  }
  const authInterceptor = (dispatch) => (opts, handler) => {
    let target;
    try { target = new URL(opts.path ?? '/', opts.origin); } catch { target = opts.origin; }
    if (!wanted(target)) return dispatch(opts, handler);
    log('undici', opts.method, String(target));
    return dispatch({ ...opts, headers: addToDispatchHeaders(opts.headers) }, handler);
  };

  // Resolve the SAME undici package the suite imports (next to the suite's entry script), falling back
  // to cwd, then to MCP_CONFORMANCE_UNDICI (explicit path to the undici package dir).
  const bases = [];
  try { if (process.argv[1]) bases.push(realpathSync(process.argv[1])); } catch {}
  bases.push(path.join(process.cwd(), 'noop.js'));
  let undici;
  for (const b of bases) {
    try { undici = createRequire(b)('undici'); break; } catch {}
  }
  if (!undici && process.env.MCP_CONFORMANCE_UNDICI) {
    try { undici = createRequire(path.join(process.env.MCP_CONFORMANCE_UNDICI, 'noop.js'))(process.env.MCP_CONFORMANCE_UNDICI); } catch {}
  }
  if (undici?.getGlobalDispatcher && undici?.setGlobalDispatcher) {
    // Requiring undici installs its Agent as global dispatcher (if none yet); wrap whatever is there.
    const base = undici.getGlobalDispatcher() ?? new undici.Agent();
    undici.setGlobalDispatcher(base.compose(authInterceptor));
    log('undici global dispatcher wrapped');
  } else {
    // Only matters for the dns-rebinding-protection scenario (uses undici.request).
    if (process.argv[1] && /conformance/.test(process.argv[1])) {
      console.error('[inject-auth] WARNING: could not load the undici package; undici.request calls will lack auth');
    }
  }

  // ---- 3. node:http / node:https (defensive) ---------------------------------------------------------
  function patchNodeHttp(mod, proto) {
    const wrap = (orig) => function (...args) {
      // Signatures: (url|URL, [options], [cb]) or (options, [cb])
      let urlArg = null;
      let i = 0;
      if (typeof args[0] === 'string' || args[0] instanceof URL) { urlArg = args[0]; i = 1; }
      let opts = (args[i] && typeof args[i] === 'object' && !(args[i] instanceof URL)) ? args[i] : null;
      const target = urlArg ? new URL(String(urlArg))
        : new URL(`${proto}//${opts?.hostname ?? opts?.host ?? 'localhost'}${opts?.port ? ':' + opts.port : ''}${opts?.path ?? '/'}`);
      if (!wanted(target)) return orig.apply(this, args);
      const headers = { ...(opts?.headers ?? {}) };
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')) headers.authorization = VALUE;
      const newOpts = { ...(opts ?? {}), headers };
      if (opts) args[i] = newOpts; else args.splice(i, 0, newOpts);
      log('node-http', target.href);
      return orig.apply(this, args);
    };
    mod.request = wrap(mod.request);
    mod.get = function (...args) { const r = mod.request(...args); r.end(); return r; };
  }
  patchNodeHttp(http, 'http:');
  patchNodeHttp(https, 'https:');
  syncBuiltinESMExports();
}
