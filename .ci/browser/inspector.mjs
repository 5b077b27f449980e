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

// 1. The UI, with its API token as the launcher's printed URL carries it.
const start = new URL(inspectorUrl);
if (token) start.searchParams.set('MCP_INSPECTOR_API_TOKEN', token);
await step(`open the Inspector at ${inspectorUrl}`, async () => {
  await page.goto(start.href, { waitUntil: 'domcontentloaded', ...t });
  await page.getByRole('button', { name: /add server/i }).first().waitFor({ state: 'visible', ...t });
});
ok(`the Inspector's web UI is up at ${inspectorUrl}`);

// 2. Add the kit: name, transport Streamable HTTP, URL.
await step('add the server (name, transport Streamable HTTP, URL)', async () => {
  await page.getByRole('button', { name: /add server/i }).first().click(t);
  const name = page.getByPlaceholder('my-server');
  if (await name.count()) await name.first().fill(SERVER_NAME, t);
  const transport = page.getByLabel('Transport', { exact: true }).first();
  if ((await transport.evaluate((e) => e.tagName)) === 'SELECT') {
    await transport.selectOption({ label: 'Streamable HTTP' }, t);
  } else {
    await transport.click(t);
    await page.getByRole('option', { name: 'Streamable HTTP' }).click(t);
  }
  await page.getByPlaceholder('https://example.com/mcp').fill(mcpUrl, t);
  await page.getByRole('button', { name: /^(add|save|add server)$/i }).last().click(t);
  await page.getByText(mcpUrl).first().waitFor({ state: 'visible', ...t });
});
ok(`server added: ${SERVER_NAME}, Streamable HTTP, ${mcpUrl}`);

// 3. Connect: the Inspector discovers the authorization server, registers, and sends the browser to
// the consent page (in this tab or a new one).
const consentPage = await step('Connect, then the consent page', async () => {
  const popup = context.waitForEvent('page', t).catch(() => undefined);
  await page.getByRole('switch', { name: `Connect or disconnect "${SERVER_NAME}"` })
    .or(page.getByRole('button', { name: `Connect or disconnect "${SERVER_NAME}"` }))
    .or(page.getByRole('button', { name: /^connect$/i }))
    .first()
    .click(t);
  const allow = (p) => p.locator('form button[type="submit"][name="decision"][value="allow"]');
  const found = await Promise.race([
    allow(page).waitFor({ state: 'visible', ...t }).then(() => page),
    popup.then(async (p) => {
      if (!p) return new Promise(() => {}); // no new tab: the same tab wins the race
      await allow(p).waitFor({ state: 'visible', ...t });
      return p;
    }),
  ]);
  current = found;
  return found;
});
const consentText = await consentPage.locator('body').innerText();
for (const text of [mcpUrl, ...(devUser ? [devUser] : [])]) {
  if (!consentText.includes(text)) fail(`the consent page does not show ${JSON.stringify(text)}: ${JSON.stringify(consentText)}`);
}
await consentPage.screenshot({ path: join(shots, 'inspector-consent.png'), fullPage: true });
const authorizeUrl = new URL(consentPage.url());
ok(`consent page at ${authorizeUrl.origin}${authorizeUrl.pathname}: shows the resource${devUser ? ` and the user ${devUser}` : ''}; screenshot inspector-consent.png`);

// 4. Allow: back to the Inspector's /oauth/callback, then connected.
await step('click Allow, back to the Inspector, connected', async () => {
  await consentPage.locator('form button[type="submit"][name="decision"][value="allow"]').click(t);
  current = page;
  await page.getByText(/^Connected/).first().waitFor({ state: 'visible', ...t });
});
ok('clicked Allow; the Inspector is connected');

// 5. Tools: list them, call whoami.
await step('list the tools', async () => {
  const tab = page.getByRole('tab', { name: /^tools$/i }).or(page.getByRole('link', { name: /^tools$/i })).or(page.getByRole('button', { name: /^tools$/i }));
  if (await tab.count()) await tab.first().click(t);
  const list = page.getByRole('button', { name: /list tools|refresh/i });
  if (await list.count()) await list.first().click(t);
  await page.getByText('whoami', { exact: true }).first().waitFor({ state: 'visible', ...t });
  await page.getByText('greet', { exact: true }).first().waitFor({ state: 'visible', ...t });
});
ok('tools listed: greet, whoami');
await step('call whoami', async () => {
  await page.getByText('whoami', { exact: true }).first().click(t);
  await page.getByRole('button', { name: /execute tool|run tool|call tool/i }).first().click(t);
  await page.getByText(devUser ? new RegExp(devUser.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : /"subject"/).last().waitFor({ state: 'visible', ...t });
});
await page.screenshot({ path: join(shots, 'inspector-connected.png'), fullPage: false });
ok(`whoami called: the result shows ${devUser ? `the development user ${devUser}` : 'a subject'}; screenshot inspector-connected.png`);

await browser.close();
process.exit(0);
