// Shared pieces of the browser tests: Debian's Chromium through
// playwright-core, and helpers that drive the canvas UI through the dev-only
// window.foxoUi hook (API.md) with real pointer and keyboard events.
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRelay } from './relay.mjs';
import { startStaticServer } from './static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// playwright-core is installed for the whole suite in tests/node.
const modules = process.env.FOXO_NODE_MODULES || path.resolve(here, '../../node/node_modules');
const { chromium } = require(path.join(modules, 'playwright-core'));

// TOOLCHAIN.md: software WebGL, and no background traffic to hosts this
// network refuses.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync',
];

const touchPages = new WeakMap();

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true };
export const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

// Runs `body({ page, baseUrl, outDir, ... })` with a relay (or, for tests that
// allow it and when FOXO_RELAY is not set, the static stand-in), a fresh
// browser profile, and failure on any page error or unexpected console error.
export async function withBrowser(name, contextOptions, body, { allowStaticServer = false } = {}) {
  const outDir = process.env.FOXO_OUT_DIR || path.join(os.tmpdir(), 'foxo-browser-out');
  const www = process.env.FOXO_WWW;
  await mkdir(outDir, { recursive: true });
  let server;
  if (process.env.FOXO_RELAY) {
    server = await startRelay({ binary: process.env.FOXO_RELAY, www });
  } else if (allowStaticServer && www) {
    console.log(`${name}: FOXO_RELAY not set, using the static stand-in over ${www}`);
    server = await startStaticServer({ www });
  } else {
    throw new Error('set FOXO_RELAY to the foxo-relay binary (and FOXO_WWW to the web root)');
  }
  // Playwright gives every launch a fresh temporary profile (it refuses
  // --user-data-dir in args), so no state leaks between tests.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const problems = [];
  let page;
  try {
    const context = await browser.newContext({ ...contextOptions, baseURL: server.url });
    page = await context.newPage();
    touchPages.set(page, !!contextOptions.hasTouch);
    page.on('pageerror', (e) => problems.push(`page error: ${e.stack || e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // The client asks GET /api/v1/guest/me first; a 401 there is the normal
      // "no session yet" answer, which Chromium still logs as a failed load.
      if (/Failed to load resource: the server responded with a status of 401/.test(m.text())) return;
      problems.push(`console error: ${m.text()} (${m.location()?.url || 'no url'})`);
    });
    await body({ page, baseUrl: server.url, outDir, problems });
    if (problems.length) throw new Error(problems.join('\n'));
    console.log(`${name}: ok`);
  } catch (e) {
    if (page) await page.screenshot({ path: path.join(outDir, `${name}-failure.png`) }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    await server.stop();
  }
}

export async function waitForScreen(page, screen, timeout = 30_000) {
  await page.waitForFunction((s) => window.foxoUi && window.foxoUi.screen() === s, screen, { timeout });
}

// The widget labelled `label` in the last frame, waiting until it is drawn.
export async function findItem(page, label, kind, timeout = 15_000) {
  const handle = await page.waitForFunction(
    ([l, k]) => window.foxoUi && window.foxoUi.items().find((i) => i.label === l && (!k || i.kind === k)),
    [label, kind],
    { timeout });
  return handle.jsonValue();
}

// Taps (touch pages) or clicks the centre of the widget labelled `label`.
export async function press(page, label, kind) {
  const it = await findItem(page, label, kind);
  const x = it.x + it.w / 2;
  const y = it.y + it.h / 2;
  if (touchPages.get(page)) await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y);
}

// Taps an input, waits until the client reports it focused (so keys cannot
// reach the previous field), types, and waits until every character landed.
export async function fill(page, label, text) {
  await press(page, label, 'input');
  await page.waitForFunction(
    (l) => { const i = window.foxoUi.items().find((x) => x.label === l); return !!(i && i.focused); },
    label, { timeout: 15_000 }).catch(() => { throw new Error(`input "${label}" did not take focus`); });
  const start = await page.evaluate((l) => window.foxoUi.items().find((x) => x.label === l).length, label);
  await page.keyboard.type(text);
  await page.waitForFunction(
    ([l, n]) => { const i = window.foxoUi.items().find((x) => x.label === l); return i && i.length === n; },
    [label, start + [...text].length], { timeout: 15_000 });
}

// What the aria-live region says (the errors the canvas shows), for failure messages.
export async function liveText(page) {
  return page.evaluate(() => document.getElementById('live')?.textContent || '');
}
