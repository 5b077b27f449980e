// A real MCP client logging in to the kit's development authorization server (--dev) the way a user
// does: the authorization URL opens in Chromium, the user clicks Allow (or Deny) on the consent
// page, the browser comes back to the client's loopback callback, and the client finishes.
//
//   node sdk-login.mjs <MCP URL>      (from a directory where `npm ci` installed package.json)
//
// Environment:
//   BROWSER_SDK       v1: @modelcontextprotocol/sdk 1.32 (MCP 2025-11-25, initialize and a session)
//                     v2: @modelcontextprotocol/client 2.4 pinned to MCP 2026-07-28 (stateless)
//   BROWSER_CLIENT    cimd:      a Client ID Metadata Document served by this script over https on
//                                127.0.0.1, given to the SDK as clientMetadataUrl (the SDKs accept
//                                only https there); needs BROWSER_TLS_PFX / BROWSER_TLS_PASSPHRASE,
//                                a certificate the kit's JVM trusts
//                     cimd-http: the same document over http on 127.0.0.1, its URL given to the SDK
//                                as the client id, as the SDK itself does once it chose CIMD
//                     dcr:       dynamic client registration (RFC 7591), no metadata document
//   BROWSER_DECISION  allow (default) | deny: deny expects access_denied at the callback, surfaced
//                     by the client, and no token
//   BROWSER_STEP_UP   <tool>=<scope>: after logging in without <scope>, calling <tool> must get 403
//                     insufficient_scope, send the user through consent again with <scope>, and
//                     then succeed
//   BROWSER_DEV_USER  the development user's subject: whoami and the consent page must show it
//   BROWSER_LABEL     name of the screenshots (default <sdk>-<client>-<decision>)
//   BROWSER_OUTPUT_DIR where screenshots go (default ./output)
// Prints "ok <step>" per step; exits 1 with "FAIL: ..." (and the HTTP exchanges) on the first failure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LoopbackClientProvider,
  STEP_TIMEOUT_MS,
  consentInBrowser,
  deadline,
  describeExchange,
  fail,
  launchBrowser,
  observeFetch,
  ok,
  outputDir,
  startCallbackServer,
  startMetadataDocumentServer,
  within,
} from './harness.mjs';

const mcpUrl = process.argv[2];
if (!mcpUrl) {
  console.error('usage: node sdk-login.mjs <MCP URL>');
  process.exit(2);
}
const sdk = process.env.BROWSER_SDK || 'v1';
const registration = process.env.BROWSER_CLIENT || 'dcr';
const decision = process.env.BROWSER_DECISION || 'allow';
const stepUp = process.env.BROWSER_STEP_UP ? process.env.BROWSER_STEP_UP.split('=') : undefined;
const devUser = process.env.BROWSER_DEV_USER || '';
const label = process.env.BROWSER_LABEL || `${sdk}-${registration}-${decision}`;
if (!['v1', 'v2'].includes(sdk) || !['cimd', 'cimd-http', 'dcr'].includes(registration) || !['allow', 'deny'].includes(decision)
  || (stepUp && (stepUp.length !== 2 || !stepUp[0] || !stepUp[1] || decision !== 'allow'))) {
  console.error(`bad settings: BROWSER_SDK=${sdk} BROWSER_CLIENT=${registration} BROWSER_DECISION=${decision} BROWSER_STEP_UP=${process.env.BROWSER_STEP_UP ?? ''}`);
  process.exit(2);
}
const MODERN = '2026-07-28';
deadline(Number(process.env.BROWSER_SCRIPT_TIMEOUT_MS || 120_000), `the ${label} scenario`);

// The two SDK generations behind one small interface.
const sdkApi = sdk === 'v1' ? await v1Api() : await v2Api();
async function v1Api() {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const { UnauthorizedError } = await import('@modelcontextprotocol/sdk/client/auth.js');
  const pkg = JSON.parse(readFileSync(new URL('./node_modules/@modelcontextprotocol/sdk/package.json', import.meta.url), 'utf8'));
  return {
    name: `@modelcontextprotocol/sdk ${pkg.version}`,
    transport: (provider) => new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }),
    client: () => new Client({ name: 'mcp-oauth-kit-browser-e2e', version: '1.0.0' }),
    isUnauthorized: (error) => error instanceof UnauthorizedError,
    // 1.x takes the code only: the application checks state and iss (below) and reports an error.
    finish: (transport, params) => transport.finishAuth(params.get('code')),
    protocol: (client, transport) => transport.protocolVersion ?? '(not negotiated)',
    expectedProtocol: '2025-11-25',
  };
}
async function v2Api() {
  const { Client, StreamableHTTPClientTransport, UnauthorizedError } = await import('@modelcontextprotocol/client');
  const pkg = JSON.parse(readFileSync(new URL('./node_modules/@modelcontextprotocol/client/package.json', import.meta.url), 'utf8'));
  return {
    name: `@modelcontextprotocol/client ${pkg.version}`,
    transport: (provider) => new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }),
    client: () => new Client({ name: 'mcp-oauth-kit-browser-e2e-v2', version: '1.0.0' }, { versionNegotiation: { mode: { pin: MODERN } } }),
    isUnauthorized: (error) => UnauthorizedError.isInstance ? UnauthorizedError.isInstance(error) : error instanceof UnauthorizedError,
    // 2.x takes the whole callback query: it checks iss (RFC 9207) and surfaces an error response.
    finish: (transport, params) => transport.finishAuth(params),
    protocol: (client) => client.getNegotiatedProtocolVersion(),
    expectedProtocol: MODERN,
  };
}
console.log(`${sdkApi.name}, node ${process.version}, MCP URL ${mcpUrl}, client ${registration}, decision ${decision}${stepUp ? `, step-up ${stepUp.join('=')}` : ''}`);

const exchanges = observeFetch();
const callback = await startCallbackServer();
const clientName = `MCP OAuth kit browser test (${sdk}, ${registration})`;
let metadataDocument;
if (registration !== 'dcr') {
  const tls = registration === 'cimd' ? { pfx: process.env.BROWSER_TLS_PFX, passphrase: process.env.BROWSER_TLS_PASSPHRASE } : undefined;
  if (tls && (!tls.pfx || !tls.passphrase)) fail('BROWSER_CLIENT=cimd needs BROWSER_TLS_PFX and BROWSER_TLS_PASSPHRASE');
  metadataDocument = await startMetadataDocumentServer({ clientName, redirectUrl: callback.redirectUrl, tls });
  ok(`client metadata document served at ${metadataDocument.url}`);
}
const provider = new LoopbackClientProvider({
  redirectUrl: callback.redirectUrl,
  clientName,
  clientMetadataUrl: registration === 'cimd' ? metadataDocument.url : undefined,
  clientInformation: registration === 'cimd-http' ? { client_id: metadataDocument.url } : undefined,
  onAuthorizationUrl: () => {},
});

const browser = await launchBrowser();
const page = await (await browser.newContext()).newPage();
ok(`Chromium ${browser.version()} started (headless)`);

function textOf(result) {
  return (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('');
}
const issuer = () => provider.discoveryState()?.authorizationServerMetadata?.issuer;
const clientId = () => provider.clientInformation()?.client_id;

/**
 * One trip through the browser: the authorization URL the SDK produced (checked), the consent page
 * (checked, screenshot), the click, and the callback's query (checked against state and iss).
 */
async function authorizeInBrowser(what, { expectScope, screenshot }) {
  const url = provider.authorizationUrls.at(-1);
  if (!url) fail(`${what}: the SDK never asked to open an authorization URL`);
  const q = url.searchParams;
  const problems = [];
  if (q.get('response_type') !== 'code') problems.push(`response_type=${q.get('response_type')}`);
  if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) problems.push(`code_challenge_method=${q.get('code_challenge_method')}`);
  if (q.get('redirect_uri') !== callback.redirectUrl) problems.push(`redirect_uri=${q.get('redirect_uri')}`);
  if (q.get('resource') !== mcpUrl) problems.push(`resource=${q.get('resource')}`);
  if (q.get('client_id') !== clientId()) problems.push(`client_id=${q.get('client_id')} (the SDK holds ${clientId()})`);
  if (!q.get('state') || q.get('state') !== provider.states.at(-1)) problems.push(`state=${q.get('state')}`);
  const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
  for (const scope of expectScope) if (!scopes.includes(scope)) problems.push(`scope=${q.get('scope')} lacks ${scope}`);
  if (problems.length) fail(`${what}: the authorization URL is not what the SDK should send: ${problems.join(', ')}: ${url.href}`);
  ok(`${what}: the SDK opens ${url.origin}${url.pathname} (client_id ${q.get('client_id')}, scope "${q.get('scope') ?? ''}", resource ${q.get('resource')}, PKCE S256)`);

  const next = callback.next();
  const mustShow = [clientName, mcpUrl, ...expectScope, ...(devUser ? [devUser] : [])];
  const shown = await consentInBrowser(page, url, { decision, redirectUrl: callback.redirectUrl, mustShow, screenshot });
  ok(`${what}: the consent page shows the client name, the resource${expectScope.length ? `, ${expectScope.join(' ')}` : ''}${devUser ? ` and the user ${devUser}` : ''}; clicked ${decision === 'allow' ? 'Allow' : 'Deny'}; screenshot ${screenshot}`);
  const params = await within(STEP_TIMEOUT_MS, `${what}: the request to the loopback callback`, next).catch((error) => fail(error.message));
  if (params.get('state') !== q.get('state')) fail(`${what}: the callback's state is ${params.get('state')}, the request's was ${q.get('state')}`);
  if (params.get('iss') !== issuer()) fail(`${what}: the callback's iss is ${params.get('iss')}, expected the issuer ${issuer()} (RFC 9207)`);
  ok(`${what}: the browser came back to ${shown.landedAt.origin}${shown.landedAt.pathname} with ${[...params.keys()].join(', ')} (state and iss match); the page says "${shown.callbackText}"`);
  return { params, shown };
}

// 1. The first connection: 401, discovery, registration (CIMD or DCR), then the redirect.
let transport = sdkApi.transport(provider);
let client = sdkApi.client();
try {
  await within(STEP_TIMEOUT_MS, 'connect (expected to stop for authorization)', client.connect(transport));
  fail('connect succeeded without authorization');
} catch (error) {
  if (!sdkApi.isUnauthorized(error)) fail(`connect failed other than by asking for authorization: ${error?.stack || error}`);
}
const first = exchanges[0];
if (!first || first.method !== 'POST' || first.url !== mcpUrl || first.status !== 401) fail(`the first request was not POST ${mcpUrl} answered 401`);
ok(`401 on the first request: ${first.challenge}`);
const asMetadata = provider.discoveryState()?.authorizationServerMetadata;
if (!asMetadata) fail('the SDK recorded no authorization server metadata');
const missing = ['authorization_endpoint', 'token_endpoint', 'registration_endpoint'].filter((k) => !asMetadata[k]);
if (missing.length || !asMetadata.code_challenge_methods_supported?.includes('S256')
  || !asMetadata.token_endpoint_auth_methods_supported?.includes('none') || asMetadata.client_id_metadata_document_supported !== true) {
  fail(`the authorization server metadata lacks what a browser login needs: ${JSON.stringify(asMetadata)}`);
}
ok(`authorization server ${asMetadata.issuer}: authorization_endpoint, token_endpoint, registration_endpoint, PKCE S256, auth method none, client ID metadata documents`);
const registrations = exchanges.filter((e) => e.method === 'POST' && e.url === asMetadata.registration_endpoint);
if (registration === 'dcr') {
  if (registrations.length !== 1 || registrations[0].status !== 201 || !provider.registered?.client_id) {
    fail(`dynamic registration: expected one POST ${asMetadata.registration_endpoint} -> 201, saw ${registrations.map(describeExchange).join('; ') || 'none'}`);
  }
  const nulls = Object.entries(provider.registered).filter(([, v]) => v === null).map(([k]) => k);
  if (nulls.length) fail(`the registration response has null fields (Claude Code fails on them): ${nulls.join(', ')}`);
  ok(`registered (RFC 7591): client_id ${provider.registered.client_id}, token_endpoint_auth_method ${provider.registered.token_endpoint_auth_method ?? '(absent)'}`);
} else {
  if (registrations.length) fail(`a CIMD client registered dynamically anyway: ${registrations.map(describeExchange).join('; ')}`);
  if (clientId() !== metadataDocument.url) fail(`the SDK uses client_id ${clientId()}, expected the document URL ${metadataDocument.url}`);
  ok(`no registration: client_id is the document URL ${metadataDocument.url}`);
}

// 2. The user decides in the browser.
const login = await authorizeInBrowser('login', { expectScope: [], screenshot: join(outputDir(), `${label}-consent.png`) });
if (metadataDocument) {
  const fetched = metadataDocument.fetches.filter((f) => f.method === 'GET' && f.path === '/oauth/client-metadata.json');
  if (fetched.length === 0) fail('the authorization server showed the consent page without fetching the client metadata document');
  ok(`the authorization server fetched the client metadata document ${fetched.length} time(s)`);
}
if (decision === 'deny') {
  if (login.params.get('error') !== 'access_denied' || login.params.has('code')) {
    fail(`after Deny the callback got ${login.params}, expected error=access_denied and no code`);
  }
  if (!login.shown.callbackText.includes('access_denied')) fail(`the callback page does not say access_denied: ${login.shown.callbackText}`);
  if (sdk === 'v2') {
    try {
      await sdkApi.finish(transport, login.params);
      fail('finishAuth accepted a callback with error=access_denied');
    } catch (error) {
      if (error?.code !== 'access_denied') fail(`finishAuth rejected the Deny callback with ${error?.code ?? ''} ${error?.message}, expected the OAuth error access_denied`);
      ok(`the SDK surfaces the refusal: finishAuth rejects with ${error.constructor.name} ${error.code}: ${error.message}`);
    }
  } else {
    ok('the client surfaces the refusal: its callback page says "Authorization failed: access_denied" (SDK 1.x leaves error callbacks to the application)');
  }
  if (provider.tokens()) fail('the client holds tokens after Deny');
  const tokenRequests = exchanges.filter((e) => e.method === 'POST' && e.url === asMetadata.token_endpoint);
  if (tokenRequests.length) fail(`the client asked the token endpoint after Deny: ${tokenRequests.map(describeExchange).join('; ')}`);
  ok('no token after Deny, no token request');
  await browser.close();
  process.exit(0);
}
const code = login.params.get('code');
if (!code) fail(`after Allow the callback got no code: ${login.params}`);
try {
  await within(STEP_TIMEOUT_MS, 'finishAuth (the code exchange)', sdkApi.finish(transport, login.params));
} catch (error) {
  fail(`finishAuth (exchanging the code at ${asMetadata.token_endpoint}) failed: ${error?.stack || error}`);
}
const tokens = provider.tokens();
if (!tokens?.access_token || tokens.access_token.split('.').length !== 3) fail('finishAuth stored no JWT access token');
ok(`code exchanged: ${tokens.token_type ?? 'token'} (JWT), scope "${tokens.scope ?? ''}", expires_in ${tokens.expires_in ?? '?'}, refresh token ${tokens.refresh_token ? 'yes' : 'no'}`);

// 3. Connect with the token and call whoami.
transport = sdkApi.transport(provider);
client = sdkApi.client();
try {
  await within(STEP_TIMEOUT_MS, 'connect with the token', client.connect(transport));
} catch (error) {
  fail(`connect with the token failed: ${error?.stack || error}`);
}
const protocol = sdkApi.protocol(client, transport);
if (protocol !== sdkApi.expectedProtocol) fail(`the client speaks ${protocol}, expected ${sdkApi.expectedProtocol}`);
ok(`connected on MCP ${protocol}, server ${JSON.stringify(client.getServerVersion())}`);

async function whoami() {
  let result;
  try {
    result = await within(STEP_TIMEOUT_MS, 'tools/call whoami', client.callTool({ name: 'whoami', arguments: {} }));
  } catch (error) {
    fail(`tools/call whoami failed: ${error?.stack || error}`);
  }
  if (result.isError) fail(`whoami answered an error: ${textOf(result)}`);
  let identity;
  try {
    identity = JSON.parse(textOf(result));
  } catch {
    fail(`whoami's text is not JSON: ${textOf(result)}`);
  }
  if (identity.clientId !== clientId()) fail(`whoami shows clientId ${identity.clientId}, expected ${clientId()}`);
  if (identity.issuer !== issuer()) fail(`whoami shows issuer ${identity.issuer}, expected ${issuer()}`);
  if (devUser ? identity.subject !== devUser : !identity.subject || identity.subject === identity.clientId) {
    fail(`whoami shows subject ${JSON.stringify(identity.subject)}, expected the development user${devUser ? ` ${devUser}` : ' (not the client)'}`);
  }
  return identity;
}
const identity = await whoami();
ok(`tools/call whoami: ${JSON.stringify(identity)}`);

// 4. Step-up: a tool that needs a scope the first token lacks.
if (stepUp) {
  const [tool, scope] = stepUp;
  if (identity.scopes.includes(scope)) fail(`the first token already has ${scope}: nothing to step up (${identity.scopes.join(' ')})`);
  const before = exchanges.length;
  const urlsBefore = provider.authorizationUrls.length;
  const callNeedingStepUp = async () => {
    try {
      const result = await within(STEP_TIMEOUT_MS, `tools/call ${tool} (expected to stop for authorization)`, client.callTool({ name: tool, arguments: { name: 'step-up' } }));
      return fail(`tools/call ${tool} succeeded without ${scope}: ${JSON.stringify(result)}`);
    } catch (error) {
      return error;
    }
  };
  const isForbidden = (e) => e.method === 'POST' && e.url === mcpUrl && e.status === 403;
  let error = await callNeedingStepUp();
  const forbidden = exchanges.slice(before).find(isForbidden);
  if (!forbidden || !/error="insufficient_scope"/.test(forbidden.challenge ?? '') || !new RegExp(`scope="[^"]*\\b${scope}\\b`).test(forbidden.challenge)) {
    fail(`tools/call ${tool} was not answered 403 insufficient_scope naming ${scope}: ${exchanges.slice(before).map(describeExchange).join('; ')}`);
  }
  ok(`tools/call ${tool}: 403, WWW-Authenticate: ${forbidden.challenge}`);
  if (sdk === 'v1' && tokens.refresh_token && !sdkApi.isUnauthorized(error)) {
    // SDK 1.x answers the 403 with a refresh when it holds a refresh token, and a refresh cannot
    // widen the grant (RFC 6749 §6): the retry gets the same 403 and the SDK gives up
    // (modelcontextprotocol/typescript-sdk#2255; 2.x skips the refresh when the challenge asks for
    // more than the token holds). Check that this is exactly what happened, then do what a 1.x
    // application has to: drop the refresh token and reconnect, so that the SDK's answer to the
    // 403 is a new authorization request.
    const after = exchanges.slice(before);
    const refreshes = after.filter((e) => e.method === 'POST' && e.url === asMetadata.token_endpoint);
    const refreshBody = new URLSearchParams(refreshes[0]?.body ?? '');
    if (!/403 after trying upscoping/.test(error?.message ?? '') || refreshes.length !== 1 || refreshes[0].status !== 200
      || refreshBody.get('grant_type') !== 'refresh_token' || after.filter(isForbidden).length !== 2) {
      fail(`tools/call ${tool} failed other than by asking for authorization or by SDK 1.x's refresh dead end: ${error?.stack || error}`);
    }
    const refreshed = provider.tokens();
    if (refreshed.scope?.split(' ').includes(scope)) fail(`the refresh (which asked for no scope) widened the grant to ${refreshed.scope}`);
    if (refreshed.refresh_token === tokens.refresh_token) fail('the refresh token of a public client was not rotated');
    ok(`SDK 1.x refreshed instead (grant_type=refresh_token${refreshBody.has('scope') ? `, scope=${refreshBody.get('scope')}` : ', no scope'} -> 200, scope "${refreshed.scope ?? ''}", refresh token rotated), got the same 403 and gave up: "${error.message}"`);
    provider.saveTokens({ ...refreshed, refresh_token: undefined });
    await client.close().catch(() => {});
    transport = sdkApi.transport(provider);
    client = sdkApi.client();
    try {
      await within(STEP_TIMEOUT_MS, 'reconnect with the access token alone', client.connect(transport));
    } catch (reconnectError) {
      fail(`reconnecting with the access token alone failed: ${reconnectError?.stack || reconnectError}`);
    }
    const again = exchanges.length;
    error = await callNeedingStepUp();
    if (!exchanges.slice(again).some(isForbidden)) fail(`tools/call ${tool} after reconnecting was not answered 403: ${exchanges.slice(again).map(describeExchange).join('; ')}`);
    ok(`without the refresh token, reconnected; tools/call ${tool}: 403 again`);
  }
  if (!sdkApi.isUnauthorized(error)) fail(`tools/call ${tool} failed other than by asking for authorization: ${error?.stack || error}`);
  if (provider.authorizationUrls.length === urlsBefore) fail(`after the 403 the SDK did not send the user to authorize ${scope}`);
  const again = await authorizeInBrowser('step-up', { expectScope: [scope], screenshot: join(outputDir(), `${label}-consent-step-up.png`) });
  if (!again.params.get('code')) fail(`after Allow the step-up callback got no code: ${again.params}`);
  try {
    await within(STEP_TIMEOUT_MS, 'finishAuth (step-up)', sdkApi.finish(transport, again.params));
  } catch (error) {
    fail(`finishAuth after the step-up consent failed: ${error?.stack || error}`);
  }
  let result;
  try {
    result = await within(STEP_TIMEOUT_MS, `tools/call ${tool} with the new token`, client.callTool({ name: tool, arguments: { name: 'step-up' } }));
  } catch (error) {
    fail(`tools/call ${tool} with the wider token failed: ${error?.stack || error}`);
  }
  if (result.isError) fail(`${tool} answered an error with the wider token: ${textOf(result)}`);
  ok(`tools/call ${tool} with the wider token: ${textOf(result)}`);
  const wider = await whoami();
  if (!wider.scopes.includes(scope)) fail(`whoami's scopes after step-up lack ${scope}: ${wider.scopes.join(' ')}`);
  ok(`whoami after step-up: scopes ${wider.scopes.join(' ')}`);
}

try {
  if (transport.sessionId) await transport.terminateSession();
  await client.close();
} catch (error) {
  fail(`closing the client failed: ${error?.stack || error}`);
}
await browser.close();
await callback.close();
await metadataDocument?.close();
console.log(`ok done; the client's ${exchanges.length} HTTP exchanges:`);
for (const e of exchanges) console.log(`  ${describeExchange(e)}`);
process.exit(0);
