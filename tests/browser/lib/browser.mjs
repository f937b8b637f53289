// Shared pieces of the browser tests: Debian's Chromium through
// playwright-core, and helpers that drive the canvas UI through the dev-only
// window.foxoUi hook (docs/API.md) with real pointer and keyboard events.
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

// Software WebGL (the test machines have no GPU), and no background traffic
// to hosts the test network refuses.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync',
];

const touchPages = new WeakMap();

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true };
export const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

// `extraArgs`: Chromium switches added to CHROMIUM_ARGS (render_paths.mjs
// turns WebGL 2 or all WebGL off with them). $FOXO_CHROMIUM_EXTRA_ARGS
// (space-separated) adds switches to every launch, e.g. to run any test on
// the client's 2D-canvas renderer: FOXO_CHROMIUM_EXTRA_ARGS=--disable-3d-apis.
export function launch(extraArgs = []) {
  const fromEnv = (process.env.FOXO_CHROMIUM_EXTRA_ARGS || '').split(' ').filter(Boolean);
  // Playwright gives every launch a fresh temporary profile (it refuses
  // --user-data-dir in args), so no state leaks between tests.
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                           args: [...CHROMIUM_ARGS, ...fromEnv, ...extraArgs] });
}

// Fails the test on any page error or unexpected console error of `page`.
function watch(page, problems, who, allowConsole = []) {
  page.on('pageerror', (e) => problems.push(`${who}: page error: ${e.stack || e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // The client asks GET /api/v1/guest/me (or /staff/me) first; a 401 there
    // is the normal "no session yet" answer, which Chromium still logs as a
    // failed load.
    if (/Failed to load resource: the server responded with a status of 401/.test(m.text())) return;
    if (allowConsole.some((re) => re.test(m.text()))) return;
    problems.push(`${who}: console error: ${m.text()} (${m.location()?.url || 'no url'})`);
  });
}

async function startServer(name, allowStaticServer) {
  const www = process.env.FOXO_WWW;
  if (process.env.FOXO_RELAY) return startRelay({ binary: process.env.FOXO_RELAY, www });
  if (allowStaticServer && www) {
    console.log(`${name}: FOXO_RELAY not set, using the static stand-in over ${www}`);
    return startStaticServer({ www });
  }
  throw new Error('set FOXO_RELAY to the foxo-relay binary (and FOXO_WWW to the web root)');
}

function outputDir() { return process.env.FOXO_OUT_DIR || path.join(os.tmpdir(), 'foxo-browser-out'); }

// Runs `body({ page, baseUrl, outDir, ... })` with a relay (or, for tests that
// allow it and when FOXO_RELAY is not set, the static stand-in), a fresh
// browser profile, and failure on any page error or unexpected console error.
export async function withBrowser(name, contextOptions, body, { allowStaticServer = false } = {}) {
  const outDir = outputDir();
  await mkdir(outDir, { recursive: true });
  const server = await startServer(name, allowStaticServer);
  const browser = await launch();
  const problems = [];
  let page;
  try {
    const context = await browser.newContext({ ...contextOptions, baseURL: server.url });
    page = await context.newPage();
    touchPages.set(page, !!contextOptions.hasTouch);
    watch(page, problems, name);
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

// Several people at once: one relay, one browser, and `open(who, options)`
// making a page in its own browser context (its own cookies and storage), so
// a guest on a phone and a staff member on a desktop can talk to each other.
// `open(who, options, { chromiumArgs })` puts the page in a browser launched
// with those extra switches instead (one browser per distinct set, same relay).
// `allowConsole`: console errors a test provokes on purpose (regular expressions).
export async function withPeople(name, body, { allowConsole = [] } = {}) {
  const outDir = outputDir();
  await mkdir(outDir, { recursive: true });
  const server = await startServer(name, false);
  const browser = await launch();
  const browsers = new Map([['', browser]]);
  const problems = [];
  const pages = new Map();
  const open = async (who, contextOptions, { chromiumArgs = [] } = {}) => {
    const key = chromiumArgs.join(' ');
    if (!browsers.has(key)) browsers.set(key, await launch(chromiumArgs));
    const context = await browsers.get(key).newContext({ ...contextOptions, baseURL: server.url });
    const page = await context.newPage();
    touchPages.set(page, !!contextOptions.hasTouch);
    watch(page, problems, who, allowConsole);
    pages.set(who, page);
    return page;
  };
  try {
    await body({ open, baseUrl: server.url, outDir, problems });
    if (problems.length) throw new Error(problems.join('\n'));
    console.log(`${name}: ok`);
  } catch (e) {
    for (const [who, page] of pages)
      await page.screenshot({ path: path.join(outDir, `${name}-${who}-failure.png`) }).catch(() => {});
    throw e;
  } finally {
    for (const b of browsers.values()) await b.close();
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
// `ime: true` enters the text as one input event without key events, the way
// phone keyboards commit a word (Android reports keyCode 229 for its keys).
export async function fill(page, label, text, { ime = false } = {}) {
  await press(page, label, 'input');
  await page.waitForFunction(
    (l) => { const i = window.foxoUi.items().find((x) => x.label === l); return !!(i && i.focused); },
    label, { timeout: 15_000 }).catch(() => { throw new Error(`input "${label}" did not take focus`); });
  const start = await page.evaluate((l) => window.foxoUi.items().find((x) => x.label === l).length, label);
  if (ime) await page.keyboard.insertText(text);
  else await page.keyboard.type(text);
  await page.waitForFunction(
    ([l, n]) => { const i = window.foxoUi.items().find((x) => x.label === l); return i && i.length === n; },
    [label, start + [...text].length], { timeout: 15_000 });
}

// What the aria-live region says, one entry per line (the transcript, or the
// errors the canvas shows).
export async function liveLines(page) {
  return page.evaluate(() => [...(document.getElementById('live')?.children || [])].map((c) => c.textContent));
}
export async function liveText(page) {
  return (await liveLines(page)).join('\n');
}

// Waits until the aria-live region has a line that `is` exactly, or ends
// with `endsWith`, or starts with `startsWith` (whichever are given).
export async function waitForLiveLine(page, want, what, timeout = 30_000) {
  await page.waitForFunction(
    (w) => [...(document.getElementById('live')?.children || [])].some((c) => {
      const t = c.textContent;
      return (w.is === undefined || t === w.is) && (w.endsWith === undefined || t.endsWith(w.endsWith)) &&
             (w.startsWith === undefined || t.startsWith(w.startsWith));
    }),
    want, { timeout }).catch(async (e) => {
    throw new Error(`${what}: ${e.message}\naria-live says:\n${await liveText(page)}`);
  });
}

// Waits until the widget labelled `label` is no longer drawn.
export async function waitForGone(page, label, kind, timeout = 15_000) {
  await page.waitForFunction(
    ([l, k]) => window.foxoUi && !window.foxoUi.items().some((i) => i.label === l && (!k || i.kind === k)),
    [label, kind], { timeout });
}

// Staff sign-in through the console's own form (journey, world_text):
// `page` opens /staff, signs in and reaches the queue.
export async function staffSignInUi(page, { email = 'intake1@demo.test', password = 'demo-password' } = {}) {
  await page.goto('/staff');
  await waitForScreen(page, 'staff_login');
  await fill(page, 'Email', email);
  await fill(page, 'Password', password);
  await press(page, 'Sign in', 'button');
  await waitForScreen(page, 'staff_queue');
}
