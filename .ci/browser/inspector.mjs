// The MCP Inspector's web UI (@modelcontextprotocol/inspector 2.x, started by .ci/browser-e2e with
// --web) logging in to the kit's development authorization server in Chromium, as a user does: add
// the MCP URL as a Streamable HTTP server, Connect, Allow on the consent page, list the tools and
// call whoami.
//
//   node inspector.mjs <MCP URL>
//
// Environment: INSPECTOR_URL (its web UI, e.g. http://localhost:6274/), INSPECTOR_TOKEN (its API
// token, MCP_INSPECTOR_API_TOKEN), BROWSER_DEV_USER (the development user whoami must show),
// BROWSER_OUTPUT_DIR (screenshots: inspector-consent.png, inspector-connected.png, and
// inspector-failure.png when a step fails). Prints "ok <step>" per step; exits 1 with "FAIL: ..."
// on the first failure.
import { join } from 'node:path';
import { STEP_TIMEOUT_MS, beforeFailing, deadline, fail, launchBrowser, ok, outputDir } from './harness.mjs';

const mcpUrl = process.argv[2];
const inspectorUrl = process.env.INSPECTOR_URL;
const token = process.env.INSPECTOR_TOKEN || '';
const devUser = process.env.BROWSER_DEV_USER || '';
if (!mcpUrl || !inspectorUrl) {
  console.error('usage: INSPECTOR_URL=... node inspector.mjs <MCP URL>');
  process.exit(2);
}
deadline(Number(process.env.BROWSER_SCRIPT_TIMEOUT_MS || 150_000), 'the Inspector scenario');
const SERVER_NAME = 'mcp-oauth-kit';
const shots = outputDir();

const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
const consoleErrors = [];
page.on('console', (message) => {
  if (message.type() === 'error') consoleErrors.push(message.text().slice(0, 300));
});
let current = page; // the page a failure screenshot is taken of
beforeFailing(() => {
  console.error(`the browser is at ${current.url()}`);
  for (const line of consoleErrors.slice(-10)) console.error(`  console error: ${line}`);
});
ok(`Chromium ${browser.version()} started (headless)`);

// One user action and what it must lead to; on failure, a screenshot and what the page shows.
async function step(what, action) {
  try {
    return await action();
  } catch (error) {
    const text = (await current.locator('body').innerText().catch(() => '')).slice(0, 800);
    await current.screenshot({ path: join(shots, 'inspector-failure.png'), fullPage: true }).catch(() => {});
    return fail(`${what}: ${error.message.split('\n')[0]}; the page shows: ${JSON.stringify(text)} (screenshot inspector-failure.png)`);
  }
}
const t = { timeout: STEP_TIMEOUT_MS };

// Mantine's switches and segmented controls hide their <input> under a styled label: a user (and so
// this test) clicks the label, then the input's state says what happened.
const labelOf = async (input) => page.locator(`label[for="${await input.getAttribute('id', t)}"]`);

// 1. The UI, with its API token as the launcher's printed URL carries it.
const start = new URL(inspectorUrl);
if (token) start.searchParams.set('MCP_INSPECTOR_API_TOKEN', token);
await step(`open the Inspector at ${inspectorUrl}`, async () => {
  await page.goto(start.href, { waitUntil: 'domcontentloaded', ...t });
  await page.getByRole('button', { name: 'Add Servers' }).waitFor({ state: 'visible', ...t });
});
ok(`the Inspector's web UI is up at ${inspectorUrl}`);

// 2. Add the kit: Add Servers, Add manually, Server ID, Transport streamable-http, URL, Add.
const connectSwitch = page.getByRole('switch', { name: `Connect or disconnect "${SERVER_NAME}"` });
await step('add the server (Server ID, transport streamable-http, URL)', async () => {
  await page.getByRole('button', { name: 'Add Servers' }).click(t);
  await page.getByRole('menuitem', { name: /add manually/i }).click(t);
  const dialog = page.getByRole('dialog', { name: 'Add server' });
  await dialog.getByLabel('Server ID').fill(SERVER_NAME, t);
  await dialog.getByLabel('Transport').click(t);
  await page.getByRole('option', { name: 'streamable-http', exact: true }).click(t);
  await dialog.getByLabel('URL').fill(mcpUrl, t);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click(t);
  await dialog.waitFor({ state: 'hidden', ...t });
  await connectSwitch.waitFor({ state: 'attached', ...t });
});
ok(`server added: ${SERVER_NAME}, Streamable HTTP, ${mcpUrl}`);

// 3. Connect: the Inspector discovers the authorization server, registers, and sends this tab to
// the consent page.
const visited = [];
page.on('framenavigated', (frame) => {
  if (frame === page.mainFrame()) visited.push(new URL(frame.url()));
});
const allow = page.locator('form button[type="submit"][name="decision"][value="allow"]');
await step('Connect, then the consent page', async () => {
  await (await labelOf(connectSwitch)).click(t);
  await allow.waitFor({ state: 'visible', ...t });
});
const authorizeUrl = new URL(page.url());
const clientId = authorizeUrl.searchParams.get('client_id');
const redirectUri = authorizeUrl.searchParams.get('redirect_uri');
if (authorizeUrl.searchParams.get('resource') !== mcpUrl || authorizeUrl.searchParams.get('code_challenge_method') !== 'S256') {
  fail(`the Inspector's authorization request is not for ${mcpUrl} with PKCE S256: ${authorizeUrl.href}`);
}
const consentText = await page.locator('body').innerText();
for (const text of ['MCP Inspector', mcpUrl, clientId, ...(devUser ? [devUser] : [])]) {
  if (!consentText.includes(text)) fail(`the consent page does not show ${JSON.stringify(text)}: ${JSON.stringify(consentText)}`);
}
// The consent page's column (its <main>) with a margin, not the empty width around it.
const consentBox = await page.locator('main').boundingBox();
await page.screenshot({
  path: join(shots, 'inspector-consent.png'),
  clip: consentBox ? { x: Math.max(0, consentBox.x - 24), y: 0, width: consentBox.width + 48, height: consentBox.y + consentBox.height + 24 } : undefined,
});
ok(`consent page at ${authorizeUrl.origin}${authorizeUrl.pathname}: shows the client (MCP Inspector, ${clientId}), the resource${devUser ? ` and the user ${devUser}` : ''}; screenshot inspector-consent.png`);

// 4. Allow: back to the Inspector's /oauth/callback with code, state and iss, then connected.
await step('click Allow, back to the Inspector, connected', async () => {
  await allow.click(t);
  await page.getByRole('switch', { name: `Connect or disconnect "${SERVER_NAME}"`, checked: true }).waitFor({ state: 'attached', ...t });
  await page.getByText('Connected', { exact: true }).first().waitFor({ state: 'visible', ...t });
});
const callback = visited.find((url) => redirectUri && url.href.startsWith(redirectUri));
if (!callback || !callback.searchParams.get('code') || callback.searchParams.get('state') !== authorizeUrl.searchParams.get('state') || !callback.searchParams.get('iss')) {
  fail(`the browser did not come back to ${redirectUri} with code, the request's state and iss: ${visited.map((u) => u.href).join(' -> ')}`);
}
ok(`clicked Allow; back at ${callback.origin}${callback.pathname} with ${[...callback.searchParams.keys()].join(', ')}; the Inspector is connected`);

// 5. Tools: list them, call whoami.
await step('list the tools', async () => {
  await (await labelOf(page.getByRole('radio', { name: 'Tools', exact: true }))).click(t);
  await page.getByRole('button', { name: /\bwhoami$/ }).waitFor({ state: 'visible', ...t });
  await page.getByRole('button', { name: /\bgreet$/ }).waitFor({ state: 'visible', ...t });
});
ok('tools listed: greet, whoami');
const expected = [devUser ? `"subject": ${JSON.stringify(devUser)}` : '"subject": "', `"clientId": ${JSON.stringify(clientId)}`];
await step('call whoami', async () => {
  await page.getByRole('button', { name: /\bwhoami$/ }).click(t);
  await page.getByRole('button', { name: 'Execute Tool' }).click(t);
  await page.waitForFunction((texts) => texts.every((s) => document.body.innerText.includes(s)), expected, t);
});
await page.screenshot({ path: join(shots, 'inspector-connected.png') });
ok(`whoami called: the result shows ${expected.join(', ')}; screenshot inspector-connected.png`);

await browser.close();
process.exit(0);
