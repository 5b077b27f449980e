// What the real-browser tests of .ci/browser-e2e share: the user at the keyboard (Chromium driven
// by playwright-core, clicking Allow or Deny on the development authorization server's consent
// page), the loopback HTTP servers a native MCP client runs (its OAuth callback and, for a Client
// ID Metadata Document, the document itself), an in-memory OAuthClientProvider that both
// TypeScript SDKs accept, and the log/fail helpers. Every wait is on a condition (a URL, an
// element, a callback) with a bounded timeout and a message saying what did not happen.
import { chromium } from 'playwright-core';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** How long one browser step (a page load, a click and its redirect) may take. */
export const STEP_TIMEOUT_MS = Number(process.env.BROWSER_STEP_TIMEOUT_MS || 20_000);

export const ok = (message) => console.log(`ok ${message}`);

const onFailure = [];
/** Runs `action` (synchronous, e.g. printing the HTTP exchanges) before a failure exits. */
export function beforeFailing(action) {
  onFailure.push(action);
}
/**
 * Prints "FAIL: <message>", runs the beforeFailing actions and exits 1 at once (synchronously, so
 * nothing after a failed check runs). Chromium, a child of this process, is killed by
 * playwright-core's exit handler; the caller kills the process group besides.
 */
export function fail(message) {
  console.error(`FAIL: ${message}`);
  for (const action of onFailure) {
    try {
      action();
    } catch (error) {
      console.error(`  (while reporting the failure: ${error?.message ?? error})`);
    }
  }
  process.exit(1);
}
/** Awaits `promise` or fails with "<what> did not happen within <ms> ms". */
export async function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
/** The whole script's deadline: fails (and so stops every process it started) when it passes. */
export function deadline(ms, what) {
  setTimeout(() => fail(`${what} did not finish within ${ms / 1000} s`), ms).unref();
}

/**
 * Observes (never changes) every fetch of this process: the SDKs look up globalThis.fetch at call
 * time. Returns the list of exchanges, each { method, url, status, challenge, body }.
 */
export function observeFetch() {
  const exchanges = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init = {}) => {
    const request = new Request(input, init);
    const entry = { method: request.method, url: request.url, status: 'no answer' };
    if (typeof init.body === 'string' || init.body instanceof URLSearchParams) entry.body = String(init.body);
    entry.authorized = /^bearer /i.test(request.headers.get('authorization') ?? '');
    exchanges.push(entry);
    const response = await realFetch(input, init);
    entry.status = response.status;
    entry.challenge = response.headers.get('www-authenticate') ?? undefined;
    return response;
  };
  beforeFailing(() => {
    console.error('HTTP exchanges of the client so far:');
    for (const e of exchanges) console.error(`  ${describeExchange(e)}`);
  });
  return exchanges;
}
export function describeExchange(e) {
  return `${e.method} ${e.url} -> ${e.status}${e.challenge ? ` (WWW-Authenticate: ${e.challenge})` : ''}`;
}

function listen(server, what) {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`${what} could not listen on 127.0.0.1: ${error.message}`)));
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The loopback redirect URI of a native client (RFC 8252 §7.3): every request to /callback is
 * answered with a small page saying what the client got, and queued for nextCallback().
 */
export async function startCallbackServer() {
  const received = [];
  const waiters = [];
  const server = createHttpServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const params = url.searchParams;
    const error = params.get('error');
    const text = error
      ? `Authorization failed: ${error}${params.get('error_description') ? ` (${params.get('error_description')})` : ''}`
      : params.get('code')
        ? 'Authorization complete: you can close this window.'
        : 'The authorization server sent neither a code nor an error.';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`<!doctype html><title>MCP client</title><h1 id="outcome">${escapeHtml(text)}</h1>`);
    const waiter = waiters.shift();
    if (waiter) waiter(params);
    else received.push(params);
  });
  const port = await listen(server, 'the OAuth callback server');
  return {
    redirectUrl: `http://127.0.0.1:${port}/callback`,
    /** The query of the next request to the callback (already received, or the next to come). */
    next() {
      if (received.length > 0) return Promise.resolve(received.shift());
      return new Promise((resolve) => waiters.push(resolve));
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * A Client ID Metadata Document served by the test on loopback: client_id is its own URL. With
 * `tls` ({ pfx, passphrase }) it is served over https (the TypeScript SDKs accept only an https
 * clientMetadataUrl); otherwise over plain http on 127.0.0.1 (which the development authorization
 * server accepts on loopback). Records every fetch of the document.
 */
export async function startMetadataDocumentServer({ clientName, redirectUrl, tls }) {
  const fetches = [];
  let document;
  const handler = (req, res) => {
    fetches.push({ method: req.method, path: req.url, userAgent: req.headers['user-agent'] ?? '' });
    if (req.url !== '/oauth/client-metadata.json' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.stringify(document);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const server = tls ? createHttpsServer({ pfx: readFileSync(tls.pfx), passphrase: tls.passphrase }, handler) : createHttpServer(handler);
  const port = await listen(server, 'the client metadata document server');
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}/oauth/client-metadata.json`;
  document = {
    client_id: url,
    client_name: clientName,
    client_uri: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/`,
    redirect_uris: [redirectUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
  return { url, document, fetches, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * An in-memory OAuthClientProvider that both SDKs accept (1.32: the v1 interface; 2.4: the same
 * with the context arguments and the discovery state that binds the callback leg). A public client
 * (token_endpoint_auth_method none) with a loopback redirect. redirectToAuthorization hands the
 * URL to `onAuthorizationUrl` (the test's browser user) and returns at once, as a real client
 * that opens the system browser does.
 */
export class LoopbackClientProvider {
  constructor({ redirectUrl, clientName, clientMetadataUrl, clientInformation, onAuthorizationUrl }) {
    this._redirectUrl = redirectUrl;
    this._clientName = clientName;
    if (clientMetadataUrl) this.clientMetadataUrl = clientMetadataUrl;
    this._clientInformation = clientInformation;
    this._onAuthorizationUrl = onAuthorizationUrl;
    this._tokens = undefined;
    this._codeVerifier = undefined;
    this._discoveryState = undefined;
    this.states = [];
    this.authorizationUrls = [];
    this.registered = undefined; // what dynamic registration returned, if it ran
  }
  get redirectUrl() {
    return this._redirectUrl;
  }
  get clientMetadata() {
    return {
      client_name: this._clientName,
      redirect_uris: [this._redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state() {
    const state = randomBytes(16).toString('base64url');
    this.states.push(state);
    return state;
  }
  clientInformation() {
    return this._clientInformation;
  }
  saveClientInformation(information) {
    if (!this._clientInformation && information.client_id !== this.clientMetadataUrl) this.registered = information;
    this._clientInformation = information;
  }
  tokens() {
    return this._tokens;
  }
  saveTokens(tokens) {
    this._tokens = tokens;
  }
  redirectToAuthorization(url) {
    this.authorizationUrls.push(new URL(url));
    this._onAuthorizationUrl(new URL(url));
  }
  saveCodeVerifier(verifier) {
    this._codeVerifier = verifier;
  }
  codeVerifier() {
    if (!this._codeVerifier) throw new Error('no code verifier saved');
    return this._codeVerifier;
  }
  saveDiscoveryState(state) {
    this._discoveryState = state;
  }
  discoveryState() {
    return this._discoveryState;
  }
  invalidateCredentials(scope) {
    if (scope === 'all' || scope === 'client') this._clientInformation = undefined;
    if (scope === 'all' || scope === 'tokens') this._tokens = undefined;
    if (scope === 'all' || scope === 'verifier') this._codeVerifier = undefined;
    if (scope === 'all' || scope === 'discovery') this._discoveryState = undefined;
  }
}

/** Headless Chromium from the Debian package (never a downloaded browser). */
export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  // Chromium's sandbox needs an unprivileged user namespace, which root in a container lacks.
  const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  try {
    return await chromium.launch({ executablePath, headless: true, args, timeout: 30_000 });
  } catch (error) {
    return fail(`Chromium (${executablePath}) did not start: ${error.message}`);
  }
}

/** Where screenshots go: BROWSER_OUTPUT_DIR (default ./output). */
export function outputDir() {
  const dir = process.env.BROWSER_OUTPUT_DIR || join(process.cwd(), 'output');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The user at the browser: opens `authorizationUrl`, waits for the consent page (its Allow and Deny
 * buttons), checks that it shows each of `mustShow`, saves a screenshot when asked, clicks
 * `decision`, and waits until the browser is back at `redirectUrl`. Returns what the consent page
 * and the client's callback page showed. Fails with what the browser got instead.
 */
export async function consentInBrowser(page, authorizationUrl, { decision, redirectUrl, mustShow = [], screenshot }) {
  let response;
  try {
    response = await page.goto(authorizationUrl.href, { waitUntil: 'domcontentloaded', timeout: STEP_TIMEOUT_MS });
  } catch (error) {
    return fail(`the browser could not open the authorization URL ${authorizationUrl.href}: ${error.message}`);
  }
  const button = (value) => page.locator(`form button[type="submit"][name="decision"][value="${value}"]`);
  try {
    await button('allow').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await button('deny').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  } catch {
    const body = (await page.locator('body').innerText().catch(() => '')).slice(0, 600);
    return fail(
      `no consent page at the authorization endpoint: GET ${authorizationUrl.origin}${authorizationUrl.pathname} answered HTTP ` +
        `${response?.status() ?? '(none)'} ${response?.headers()['content-type'] ?? ''} without the Allow and Deny buttons ` +
        `(<button type="submit" name="decision" value="allow|deny">) within ${STEP_TIMEOUT_MS} ms; the page shows: ${JSON.stringify(body)}`,
    );
  }
  const consentText = await page.locator('body').innerText();
  for (const text of mustShow) {
    if (!consentText.includes(text)) return fail(`the consent page does not show ${JSON.stringify(text)}; it shows: ${JSON.stringify(consentText)}`);
  }
  const labels = [await button('allow').innerText(), await button('deny').innerText()].map((s) => s.trim());
  if (labels[0] !== 'Allow' || labels[1] !== 'Deny') return fail(`the consent buttons read ${JSON.stringify(labels)}, expected ["Allow","Deny"]`);
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  try {
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(redirectUrl), { timeout: STEP_TIMEOUT_MS, waitUntil: 'domcontentloaded' }),
      button(decision).click({ timeout: STEP_TIMEOUT_MS }),
    ]);
  } catch (error) {
    const body = (await page.locator('body').innerText().catch(() => '')).slice(0, 600);
    return fail(`after clicking ${decision}, the browser did not come back to ${redirectUrl}: it is at ${page.url()} showing ${JSON.stringify(body)} (${error.message.split('\n')[0]})`);
  }
  const callbackText = await page.locator('#outcome').innerText({ timeout: STEP_TIMEOUT_MS });
  return { consentText, callbackText, landedAt: new URL(page.url()) };
}
