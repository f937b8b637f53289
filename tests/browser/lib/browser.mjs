// Shared pieces of the browser tests: the browser engine FOXO_ENGINE names
// (Chromium by default; engines.mjs), and helpers that drive the canvas UI
// through the dev-only window.foxoUi hook (docs/API.md) with real pointer and
// keyboard events.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, engineLabel, ENGINE, launchChromium, RENDER, startEngine } from './engines.mjs';
import { startRelay } from './relay.mjs';
import { startStaticServer } from './static-server.mjs';

export { CHROMIUM_ARGS, ENGINE, RENDER, engineLabel, expectRenderer } from './engines.mjs';

// Chromium through Playwright, for tests and benchmarks that make their own
// contexts (delivery.mjs, bench/client): Chromium whatever FOXO_ENGINE says,
// with `extraArgs` added to CHROMIUM_ARGS (bench/client/render.mjs turns WebGL
// 2 or all WebGL off with them).
export function launch(extraArgs = []) { return launchChromium([...CHROMIUM_ARGS, ...extraArgs]); }

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true };
export const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

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

// Screenshot names carry the engine when it is not the default, so runs in
// several engines keep each other's pictures.
function runName(name) {
  return ENGINE === 'chromium' && RENDER === 'gpu' ? name : `${name}.${engineLabel()}`;
}

// Runs `body({ page, baseUrl, outDir, ... })` with a relay (or, for tests that
// allow it and when FOXO_RELAY is not set, the static stand-in), a fresh
// browser profile, and failure on any page error or unexpected console error.
export async function withBrowser(name, contextOptions, body, { allowStaticServer = false } = {}) {
  return withPeople(name, async ({ open, ...rest }) => {
    const page = await open(name, contextOptions);
    await body({ page, ...rest });
  }, { allowStaticServer, singleName: true });
}

// Several people at once: one relay, one browser (per person in WebKit), and
// `open(who, options)` making a page with its own cookies and storage, so a
// guest on a phone and a staff member on a desktop can talk to each other.
// In Chromium, `open(who, options, { chromiumArgs })` puts the page in a
// browser launched with those extra switches (render_paths.mjs turns WebGL 2
// or all WebGL off with them; one browser per distinct set, same relay).
// `allowConsole`: console errors a test provokes on purpose (regular expressions).
export async function withPeople(name, body, { allowConsole = [], allowStaticServer = false, singleName = false } = {}) {
  const outDir = outputDir();
  await mkdir(outDir, { recursive: true });
  const label = runName(name);
  const started = Date.now();
  const server = await startServer(name, allowStaticServer);
  const problems = [];
  const pages = new Map();
  let engine;
  try {
    engine = await startEngine({ baseUrl: server.url, problems });
    console.log(`${name}: ${engineLabel()}`);
    const open = async (who, contextOptions, extra = {}) => {
      const page = await engine.open(who, contextOptions, allowConsole, extra);
      pages.set(who, page);
      return page;
    };
    await body({ open, baseUrl: server.url, outDir, problems, shotName: label });
    if (problems.length) throw new Error(problems.join('\n'));
    console.log(`${name}: ok in ${engineLabel()} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    for (const [who, page] of pages) {
      const file = singleName ? `${label}-failure.png` : `${label}-${who}-failure.png`;
      await page.screenshot({ path: path.join(outDir, file) }).catch(() => {});
    }
    if (problems.length && !e.message.includes(problems[0])) e.message += `\n${problems.join('\n')}`;
    throw e;
  } finally {
    if (engine) await engine.close().catch((e) => console.log(`${name}: closing the browser: ${e.message}`));
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
  if (page.foxoTouch) await page.touchscreen.tap(x, y);
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
    label, { timeout: 15_000 }).catch(async () => {
    // What the page was doing instead (how long since it loaded shows a reload).
    const state = await page.evaluate(() => ({
      sinceLoadMs: Math.round(performance.now()), screen: window.foxoUi.screen(), activeElement: document.activeElement?.id,
      inputs: window.foxoUi.items().filter((i) => i.kind === 'input').map((i) => ({ label: i.label, length: i.length, focused: i.focused })),
    })).catch((e) => e.message);
    throw new Error(`input "${label}" did not take focus: ${JSON.stringify(state)}`);
  });
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
