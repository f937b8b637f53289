// Coming back to the tab (issue 19). A phone browser freezes or hides a
// background tab, and while it is away the live stream's socket dies without
// the browser noticing (the TCP proxy keeps it open but silent, as a suspended
// phone's network does). Staff write meanwhile. When the guest comes back the
// client must reconnect at once, without a reload, and show every message it
// missed exactly once, in order. Two ways back, one guest page:
//  1. frozen and resumed: CDP Page.setWebLifecycleState (the page gets
//     `freeze`, then `resume`, as on Android);
//  2. hidden and shown again (another tab in front, then this one), as Safari
//     on iOS does it without any lifecycle event: the client trusts no stream
//     after a long absence (10 s; the test lowers it to 0 through the page's
//     Module.foxoEvents.awayMs rather than waiting).
// Driven through puppeteer-core: Playwright keeps every Chromium page visible
// and its Page.setWebLifecycleState has no effect (tried: no `freeze` event,
// timers keep running), where puppeteer's pages are frozen for real.
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from './lib/browser.mjs';
import { startRelay } from './lib/relay.mjs';
import { assignedCaseFixture, staffFromNode } from './lib/api.mjs';
import { startProxy } from './lib/tcp-proxy.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const modules = process.env.FOXO_NODE_MODULES || path.resolve(here, '../node/node_modules');
const puppeteer = require(path.join(modules, 'puppeteer-core'));

const FROZEN = ['Xin chào Thảo, kết quả đã có 🌿', 'مرحبا، النتائج جاهزة الآن'];
const HIDDEN = ['Παρακαλώ καλέστε μας αύριο — 王医生', 'Shalom, שלום, see you Tuesday'];

const outDir = process.env.FOXO_OUT_DIR || path.join(os.tmpdir(), 'foxo-browser-out');
await mkdir(outDir, { recursive: true });
const relay = await startRelay({ binary: process.env.FOXO_RELAY, www: process.env.FOXO_WWW });
const proxy = await startProxy(Number(new URL(relay.url).port));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true,
});
let guest;
try {
  const baseUrl = relay.url;
  const fixture = await assignedCaseFixture(baseUrl);
  const staff = await staffFromNode(baseUrl);
  const staffSays = (text) => staff.says(fixture.caseId, text);
  const { subject } = await staff.get(`/api/v1/cases/${fixture.caseId}`);

  const context = await browser.createBrowserContext();
  guest = await context.newPage();
  const problems = [];
  guest.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  guest.on('console', (m) => {
    // The silenced stream ends in a reset when the proxy stops; a 401 is the
    // first "who am I" answer before the cookie is read.
    if (m.type() === 'error' && !/ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_CONNECTION_RESET|status of 401/.test(m.text()))
      problems.push(`console error: ${m.text()}`);
  });
  await guest.setViewport({ width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  await guest.setCookie({ ...fixture.cookie, url: proxy.url });

  // Polled every 100 ms, not on animation frames (puppeteer's default): a
  // hidden or frozen tab gets none.
  const waitFor = (fn, arg, what) => guest.waitForFunction(fn, { timeout: 30_000, polling: 100 }, arg).catch(async (e) => {
    const live = await guest.evaluate(() => document.getElementById('live')?.innerText || '');
    throw new Error(`${what}: ${e.message}\naria-live says:\n${live}`);
  });
  const tap = async (label) => {
    const it = await (await waitFor((l) => window.foxoUi && window.foxoUi.items().find((i) => i.label === l), label,
                                    `"${label}" on screen`)).jsonValue();
    await guest.touchscreen.tap(it.x + it.w / 2, it.y + it.h / 2);
  };
  const screen = (s) => waitFor((x) => window.foxoUi && window.foxoUi.screen() === x, s, `screen ${s}`);
  const lines = () => guest.evaluate(() => [...document.getElementById('live').children].map((c) => c.textContent));
  const shows = (text) => waitFor((t) => [...document.getElementById('live').children].some(
    (c) => c.textContent.endsWith(`: ${t}`)), text, `"${text}" on the guest's screen`);

  await guest.goto(`${proxy.url}/t/intake`);
  await screen('home');
  await tap('Menu');
  await tap(subject);
  await screen('chat');
  await staffSays('Before the tab slept.');
  await shows('Before the tab slept.');
  // Survives only if the page is not reloaded.
  await guest.evaluate(() => { window.foxoSameDocument = true; });

  // ---- 1. Frozen, then resumed ----
  const cdp = await guest.createCDPSession();
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  if (proxy.silenceStreams() < 1) throw new Error('the guest had no live stream open to lose');
  for (const text of FROZEN) await staffSays(text);
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  // Freezing hid the page; the user brings it back to the front.
  const other = await context.newPage();
  await other.bringToFront();
  await guest.bringToFront();
  await other.close();
  await shows(FROZEN.at(-1));

  // ---- 2. Hidden behind another tab, then shown ----
  await guest.evaluate(() => { Module.foxoEvents.awayMs = 0; });
  const front = await context.newPage();
  await front.bringToFront();
  await waitFor(() => document.visibilityState === 'hidden', null, 'the guest page hidden');
  if (proxy.silenceStreams() < 1) throw new Error('no live stream open after the resume');
  for (const text of HIDDEN) await staffSays(text);
  await guest.bringToFront();
  await front.close();
  await shows(HIDDEN.at(-1));

  if (!await guest.evaluate(() => window.foxoSameDocument === true)) throw new Error('the page was reloaded to catch up');
  const said = (await lines()).map((l) => l.slice(l.indexOf(': ') + 2));
  const all = ['Before the tab slept.', ...FROZEN, ...HIDDEN];
  for (const text of all) {
    const count = said.filter((s) => s === text).length;
    if (count !== 1) throw new Error(`"${text}" is shown ${count} times:\n${said.join('\n')}`);
  }
  const order = all.map((t) => said.indexOf(t));
  if (order.some((at, i) => i > 0 && at < order[i - 1])) throw new Error(`out of order:\n${said.join('\n')}`);
  await guest.screenshot({ path: path.join(outDir, 'tab_return-after.png') });
  if (problems.length) throw new Error(problems.join('\n'));
  console.log('tab_return: ok');
} catch (e) {
  if (guest) await guest.screenshot({ path: path.join(outDir, 'tab_return-failure.png') }).catch(() => {});
  throw e;
} finally {
  await browser.close();
  await proxy.stop();
  await relay.stop();
}
