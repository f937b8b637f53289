// The browser engines the browser tests run in, behind one page API: the
// subset of Playwright's Page the tests use (goto relative to the base URL,
// evaluate, waitForFunction, title, screenshot, keyboard type / insertText /
// press, mouse click, touchscreen tap).
//
//   FOXO_ENGINE=chromium  Debian's Chromium through playwright-core (the pages
//                         are Playwright's own, so Chromium-only tests keep
//                         the whole Playwright API: contexts, CDP, routes)
//   FOXO_ENGINE=firefox   Debian's firefox-esr through puppeteer-core over
//                         WebDriver BiDi, on an Xvfb display (headless Firefox
//                         has no WebGL at all)
//   FOXO_ENGINE=webkit    WebKitGTK's MiniBrowser through WebKitWebDriver
//                         (classic WebDriver, npm webdriverio), on Xvfb
//   FOXO_RENDER=gpu       the engine's WebGL (software GL: SwiftShader in
//                         Chromium, Mesa llvmpipe in Firefox and WebKit)
//   FOXO_RENDER=cpu       WebGL turned off in the browser, so the client must
//                         use its GPU-free renderer
//
// What each engine can and cannot emulate or catch is in docs/BROWSERS.md.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCollectorProxy } from './collector-proxy.mjs';
import { freePort } from './relay.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// The npm packages are installed for the whole suite in tests/node.
const modules = process.env.FOXO_NODE_MODULES || path.resolve(here, '../../node/node_modules');

export const ENGINE = process.env.FOXO_ENGINE || 'chromium';
export const RENDER = process.env.FOXO_RENDER || 'gpu';
if (!['chromium', 'firefox', 'webkit'].includes(ENGINE))
  throw new Error(`FOXO_ENGINE=${ENGINE}: expected chromium, firefox or webkit`);
if (!['gpu', 'cpu'].includes(RENDER)) throw new Error(`FOXO_RENDER=${RENDER}: expected gpu or cpu`);

// Software WebGL (the test machines have no GPU), and no background traffic
// to hosts the test network refuses.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync',
];

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB = process.env.XVFB || '/usr/bin/Xvfb';

// A missing browser fails the test (CI installs them: scripts/setup.sh); it
// must not pass by skipping.
function need(file, what, pkg) {
  if (!existsSync(file)) throw new Error(`${what} not found at ${file}: install Debian's ${pkg} (scripts/setup.sh does)`);
}

// The label a test prints and names its screenshots with.
export function engineLabel() { return `${ENGINE}.${RENDER}`; }

// Waits until `check()` resolves truthy, polling every `every` ms (a
// condition, not a fixed delay), or throws `what` after `timeout` ms.
async function until(check, { timeout, every = 50, what }) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timeout ${timeout}ms exceeded: ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

// ---- Xvfb: a private X display on the first free number --------------------
// Started here rather than through xvfb-run: Xvfb picks the display itself
// (-displayfd), so parallel runs cannot collide, and it dies with this process
// (setpriv's parent-death signal). Large enough for a phone at 3x
// (390x844 CSS px is 1170x2532 device px) beside the desktop.
async function startXvfb() {
  need(XVFB, 'Xvfb', 'xvfb');
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', XVFB, '-displayfd', '3', '-screen', '0', '3000x3000x24',
                                  '-nolisten', 'tcp', '+extension', 'GLX'],
                      { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const display = await new Promise((resolve, reject) => {
    let out = '';
    child.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    child.once('exit', (code, signal) => reject(new Error(`Xvfb exited (${code ?? signal}):\n${err}`)));
  });
  const exited = new Promise((r) => child.once('exit', r));
  return {
    display,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// ---- Console and page errors ----------------------------------------------
// The client asks GET /api/v1/guest/me (or /staff/me) first; a 401 there is
// the normal "no session yet" answer, which Chromium still logs as a failed
// load.
const ALWAYS_ALLOWED = [/Failed to load resource: the server responded with a status of 401/];
function consoleProblem(problems, who, allowConsole, text, where) {
  if ([...ALWAYS_ALLOWED, ...allowConsole].some((re) => re.test(text))) return;
  problems.push(`${who}: console error: ${text} (${where || 'no url'})`);
}

// ---- Chromium (Playwright) --------------------------------------------------
// Debian's Chromium through Playwright with `args`. Playwright gives every
// launch a fresh temporary profile (it refuses --user-data-dir in args), so
// no state leaks between tests. $FOXO_CHROMIUM_EXTRA_ARGS (space-separated)
// adds switches to every launch.
export function launchChromium(args = CHROMIUM_ARGS) {
  const { chromium } = require(path.join(modules, 'playwright-core'));
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  need(executablePath, 'Chromium', 'chromium');
  const fromEnv = (process.env.FOXO_CHROMIUM_EXTRA_ARGS || '').split(' ').filter(Boolean);
  return chromium.launch({ executablePath, args: [...args, ...fromEnv] });
}

async function chromiumEngine({ baseUrl, problems }) {
  // --disable-3d-apis: no WebGL at all, as on a browser or device that has it off.
  const base = RENDER === 'cpu' ? [...CHROMIUM_ARGS, '--disable-3d-apis'] : CHROMIUM_ARGS;
  // One browser per distinct set of extra switches a test asks for.
  const browsers = new Map([['', await launchChromium(base)]]);
  return {
    // Each person gets a browser context: their own cookies and storage.
    async open(who, options, allowConsole, { chromiumArgs = [] } = {}) {
      const key = chromiumArgs.join(' ');
      if (!browsers.has(key)) browsers.set(key, await launchChromium([...base, ...chromiumArgs]));
      const context = await browsers.get(key).newContext({ ...options, baseURL: baseUrl });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`${who}: page error: ${e.stack || e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') consoleProblem(problems, who, allowConsole, m.text(), m.location()?.url);
      });
      page.foxoTouch = !!options.hasTouch;
      return page;
    },
    close: async () => { for (const b of browsers.values()) await b.close(); },
  };
}

// ---- Firefox (puppeteer-core over WebDriver BiDi) ---------------------------
async function firefoxEngine({ baseUrl, problems }) {
  need(FIREFOX, 'Firefox', 'firefox-esr');
  const puppeteer = require(path.join(modules, 'puppeteer-core'));
  const xvfb = await startXvfb();
  // On the Xvfb display Firefox has WebGL 2 from Mesa's software rasteriser
  // (llvmpipe) as it is; webgl.disabled takes WebGL away entirely (no
  // webgl2, no webgl context), as a user or an administrator can.
  const prefs = RENDER === 'cpu' ? { 'webgl.disabled': true } : {};
  // Firefox makes a click from a touch only when the finger was down for
  // less than its tap time (apz.max_tap_time). BiDi dispatches the finger's
  // release only once the page's main thread is free, and the touch wakes a
  // frame: at 3x on this machine's software GL one took about 360 ms (seen:
  // touchstart and touchend 358 ms apart within one action sequence), where
  // a phone's GPU draws it in milliseconds. So the release of a quick tap
  // arrives "late", no click is made and the tap is lost. A longer tap time
  // keeps the test's taps taps.
  prefs['apz.max_tap_time'] = 5000;
  let browser;
  let windows = 0;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox', executablePath: FIREFOX, headless: false,
      env: { ...process.env, DISPLAY: xvfb.display }, extraPrefsFirefox: prefs,
    });
  } catch (e) {
    await xvfb.stop();
    throw e;
  }
  return {
    // Each person gets a BiDi user context: their own cookies and storage.
    async open(who, options, allowConsole) {
      const context = await browser.createBrowserContext();
      // A window each, side by side: a background tab is hidden
      // (document.visibilityState), and so is a window another one covers
      // (Firefox follows X11's visibility notifications), and the client
      // counts what arrives in a hidden page as unread, as it should for a
      // person who is not looking.
      const page = await context.newPage({
        type: 'window', windowBounds: { left: 1500 * windows++, top: 0, width: 1450, height: 1000 } });
      page.on('pageerror', (e) => problems.push(`${who}: page error: ${e.stack || e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') consoleProblem(problems, who, allowConsole, m.text(), m.location()?.url);
      });
      // Viewport and device pixel ratio through BiDi's browsingContext.setViewport.
      // hasTouch: Firefox 153 does not take BiDi's touch override (puppeteer
      // tolerates that), so navigator.maxTouchPoints stays 0 and
      // (pointer: coarse) does not match; the taps below are still real
      // touch input (touchstart/touchend, pointerType "touch").
      await page.setViewport({ width: options.viewport.width, height: options.viewport.height,
                               deviceScaleFactor: options.deviceScaleFactor || 1,
                               hasTouch: !!options.hasTouch, isMobile: !!options.isMobile });
      return wrapPuppeteer(page, baseUrl, !!options.hasTouch);
    },
    close: async () => {
      await browser.close().catch(() => {});
      await xvfb.stop();
    },
  };
}

function wrapPuppeteer(page, baseUrl, touch) {
  const evaluate = (fn, arg) => page.evaluate(fn, arg);
  let front = null;  // the tab hidePage put in front
  const wrapped = {
    engine: 'firefox',
    raw: page,  // puppeteer's page, for diagnostics
    foxoTouch: touch,
    goto: (url) => page.goto(new URL(url, baseUrl).href),
    evaluate,
    // Playwright's order (function, argument, options); polled every
    // animation frame in the page, as Playwright does.
    waitForFunction: (fn, arg, { timeout = 30_000 } = {}) => page.waitForFunction(fn, { timeout, polling: 'raf' }, arg),
    title: () => page.title(),
    // Playwright's options (path, clip); without a path, the PNG as a Buffer.
    screenshot: async ({ path: file, clip } = {}) => Buffer.from(await page.screenshot({ path: file, clip })),
    keyboard: {
      // Puppeteer, like Playwright, types characters its US keyboard lacks
      // (ả, 👍🏽) as inserted text rather than key events.
      type: (text) => page.keyboard.type(text),
      // An IME-like commit: one insertText edit, no key events.
      insertText: (text) => evaluate((t) => { document.execCommand('insertText', false, t); }, text),
      press: (key) => page.keyboard.press(key),
    },
    mouse: { click: (x, y, options) => page.mouse.click(x, y, options) },
    touchscreen: { tap: (x, y) => tapFirefox(page, x, y) },
    on: (event, handler) => {
      if (event !== 'console') throw new Error(`page.on('${event}') is only wired for 'console' in Firefox`);
      page.on('console', handler);
    },
    context: () => ({ request: requestShim(wrapped, baseUrl) }),
    // The page hidden (document.visibilityState) behind a new tab of the same
    // user context brought to the front, and shown again: in front, that tab
    // closed (tab_return_engines.mjs).
    hidePage: async () => {
      front = await page.browserContext().newPage({ type: 'tab' });
      await front.bringToFront();
    },
    showPage: async () => {
      await page.bringToFront();
      await front?.close();
      front = null;
    },
    close: () => page.close(),
  };
  return wrapped;
}

// A tap as one BiDi action sequence, finger down and up in a single
// input.performActions, as a person's tap is one gesture: puppeteer's
// touchscreen.tap sends two commands, with up to 158 ms between down and up
// in a probe of 30 taps (2 to 20 ms as one sequence). Firefox still waits
// for the page's frame between them (see apz.max_tap_time above).
// (browsingContext is puppeteer's own handle on the BiDi context, what its
// touchscreen uses; pinned with puppeteer-core.)
async function tapFirefox(page, x, y) {
  const context = page.mainFrame().browsingContext;
  if (!context?.performActions) throw new Error('puppeteer-core changed: no browsingContext.performActions');
  await context.performActions([{
    type: 'pointer', id: 'foxo_finger', parameters: { pointerType: 'touch' },
    actions: [{ type: 'pointerMove', x: Math.round(x), y: Math.round(y) },
              { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }]);
}

// Playwright's context.request (APIRequestContext) as far as lib/api.mjs uses
// it: the page's own fetch, so the requests carry that person's cookies as
// Playwright's do. It needs a document of the relay's origin: a page still on
// about:blank first opens /api/v1/health.
function requestShim(page, baseUrl) {
  const origin = new URL(baseUrl).origin;
  const call = async (method, url, { data } = {}) => {
    if (await page.evaluate(() => location.origin) !== origin) await page.goto('/api/v1/health');
    const r = await page.evaluate(async ([m, u, d]) => {
      const res = await fetch(u, { method: m, credentials: 'same-origin',
                                   headers: d === null ? {} : { 'Content-Type': 'application/json' },
                                   body: d === null ? undefined : JSON.stringify(d) });
      const bytes = new Uint8Array(await res.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
      return { status: res.status, body: btoa(bin) };
    }, [method, new URL(url, baseUrl).href, data === undefined ? null : data]);
    const body = Buffer.from(r.body, 'base64');
    return { ok: () => r.status >= 200 && r.status < 300, status: () => r.status,
             text: async () => body.toString('utf8'), json: async () => JSON.parse(body.toString('utf8')),
             body: async () => body };
  };
  return { get: (u, o) => call('GET', u, o), post: (u, o) => call('POST', u, o), put: (u, o) => call('PUT', u, o),
           delete: (u, o) => call('DELETE', u, o) };
}

// ---- WebKit (WebKitWebDriver, classic WebDriver, webdriverio) ---------------
// GTK CSS that shrinks MiniBrowser's toolbar: without it the window cannot be
// narrower than the toolbar (447 px), wider than a phone.
const GTK_CSS = '* { min-width: 0; min-height: 0; padding: 0; margin: 0; border-width: 0; font-size: 1px; }\n';

// The page-side collector of console messages and uncaught errors: classic
// WebDriver has no console log (WebKitWebDriver offers none) and no script
// that runs before the page's own. So the pages come through a proxy that
// puts this script first in every HTML page's <head> (collector-proxy.mjs),
// and each command the test sends runs it too (it does nothing when already
// there: pages the proxy did not serve, data: URLs) and takes what it
// gathered.
function collectorSource() {
  return `(function () {
    if (window.__foxoProblems) return;
    var p = window.__foxoProblems = [];
    var text = function (a) { try { return a instanceof Error ? a.name + ': ' + a.message + (a.stack ? '\\n' + a.stack : '') : typeof a === 'string' ? a : JSON.stringify(a); } catch (e) { return String(a); } };
    ['log', 'info', 'warn', 'error', 'debug'].forEach(function (type) {
      var orig = console[type];
      console[type] = function () {
        p.push({ console: type, text: [].map.call(arguments, text).join(' ') });
        return orig.apply(console, arguments);
      };
    });
    addEventListener('error', function (e) { if (e instanceof ErrorEvent) p.push('page error: ' + (e.error ? text(e.error) : e.message) + ' (' + e.filename + ':' + e.lineno + ')'); }, true);
    addEventListener('unhandledrejection', function (e) { p.push('page error: unhandled rejection: ' + text(e.reason)); });
  })();`;
}

async function webkitEngine({ baseUrl, problems }) {
  need(WEBKIT_DRIVER, 'WebKitWebDriver', 'webkit2gtk-driver');
  need(MINIBROWSER, 'MiniBrowser', 'libwebkit2gtk-4.1-0');
  const { remote } = require(path.join(modules, 'webdriverio'));
  const xvfb = await startXvfb();
  const proxy = await startCollectorProxy({ target: baseUrl, script: collectorSource() });
  const config = await mkdtemp(path.join(os.tmpdir(), 'foxo-webkit-'));
  await mkdir(path.join(config, 'gtk-3.0'));
  await writeFile(path.join(config, 'gtk-3.0', 'gtk.css'), GTK_CSS);
  const people = [];
  return {
    // Each person gets their own WebKitWebDriver and MiniBrowser (one session
    // per driver; a MiniBrowser automation session has ephemeral storage), so
    // cookies and storage are theirs alone.
    async open(who, options, allowConsole) {
      const scale = options.deviceScaleFactor || 1;
      const port = await freePort();
      let log = '';
      // GDK_SCALE: GTK's integer window scale is the page's devicePixelRatio
      // (WebDriver classic has no device-scale emulation).
      const driver = spawn('setpriv', ['--pdeathsig', 'KILL', '--', WEBKIT_DRIVER, `--port=${port}`],
                           { stdio: ['ignore', 'pipe', 'pipe'],
                             env: { ...process.env, DISPLAY: xvfb.display, GDK_SCALE: String(scale),
                                    XDG_CONFIG_HOME: config } });
      driver.stdout.on('data', (d) => { log += d; });
      driver.stderr.on('data', (d) => { log += d; });
      const exited = new Promise((r) => driver.once('exit', r));
      const person = { driver, exited, session: null };
      people.push(person);
      await until(async () => {
        if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}):\n${log}`);
        return fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false);
      }, { timeout: 20_000, what: `WebKitWebDriver on port ${port}` });
      const args = ['--automation'];
      if (RENDER === 'cpu') args.push('--enable-webgl=false');
      const session = await remote({
        hostname: '127.0.0.1', port, path: '/', logLevel: 'error',
        capabilities: {
          // WebKitWebDriver speaks classic WebDriver only (no webSocketUrl).
          'wdio:enforceWebDriverClassic': true,
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args },
        },
      });
      person.session = session;
      await sizeViewport(session, options.viewport);
      return wrapWebDriver(session, proxy.url, { who, problems, allowConsole, touch: !!options.hasTouch });
    },
    close: async () => {
      for (const p of people) {
        if (p.session) await p.session.deleteSession().catch(() => {});
        if (p.driver.exitCode === null) p.driver.kill('SIGTERM');
        await p.exited;
      }
      await proxy.stop();
      await xvfb.stop();
      await rm(config, { recursive: true, force: true });
    },
  };
}

// Sets the window so the page's viewport (innerWidth x innerHeight) is `want`:
// the window also holds MiniBrowser's toolbar, measured and added. GTK applies
// a new window size asynchronously (seen: a read right after setWindowSize
// still gave the old height), so after each resize it waits for the page to
// see a change, then corrects by what is still missing.
async function sizeViewport(session, want) {
  const inner = () => session.execute(() => [innerWidth, innerHeight]);
  let win = { width: want.width, height: want.height };
  let [w, h] = await inner();
  for (let attempt = 0; attempt < 8; attempt++) {
    await session.setWindowSize(win.width, win.height);
    const before = [w, h];
    // No change at all within the time means the window already had that size.
    await until(async () => { [w, h] = await inner(); return w !== before[0] || h !== before[1]; },
                { timeout: 2_000, what: 'the page seeing its new window size' }).catch(() => {});
    if (w === want.width && h === want.height) return;
    win = { width: win.width + want.width - w, height: win.height + want.height - h };
  }
  throw new Error(`WebKit viewport is ${w}x${h}, wanted ${want.width}x${want.height}`);
}

// WebDriver's key values for the keys the tests press.
const WD_KEYS = { Enter: '\uE007', Tab: '\uE004', Escape: '\uE00C', Backspace: '\uE003', Delete: '\uE017',
                  ArrowLeft: '\uE012', ArrowRight: '\uE014', ArrowUp: '\uE013', ArrowDown: '\uE015',
                  Home: '\uE011', End: '\uE010', Shift: '\uE008', Control: '\uE009' };

function wrapWebDriver(session, baseUrl, { who, problems, allowConsole, touch }) {
  const collector = collectorSource();
  // Runs `fn(arg)` in the page, with the collector installed first; the
  // problems it gathered since the last call come back with the value.
  const consoleListeners = [];
  const run = async (fn, arg) => {
    const [value, found] = await session.execute(
      `${collector}
       var p = window.__foxoProblems.splice(0);
       return Promise.resolve((${fn.toString()})(arguments[0])).then(function (v) { return [v === undefined ? null : v, p]; });`,
      arg === undefined ? null : arg);
    for (const f of found) {
      if (typeof f === 'string') { problems.push(`${who}: ${f}`); continue; }
      if (f.console === 'error') consoleProblem(problems, who, allowConsole, f.text, 'webkit collector');
      const message = { type: () => f.console, text: () => f.text, location: () => ({}) };
      for (const h of consoleListeners) h(message);
    }
    return value;
  };
  const keyActions = (values) => session.performActions([{
    type: 'key', id: 'keyboard',
    actions: values.flatMap((v) => [{ type: 'keyDown', value: v }, { type: 'keyUp', value: v }]) }]);
  const insertText = (text) => run((t) => { document.execCommand('insertText', false, t); }, text);
  const click = async (x, y, { button = 'left' } = {}) => {
    const b = { left: 0, middle: 1, right: 2 }[button];
    // WebDriver actions take whole CSS pixels.
    await session.performActions([{
      type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' },
      actions: [{ type: 'pointerMove', duration: 0, origin: 'viewport', x: Math.round(x), y: Math.round(y) },
                { type: 'pointerDown', button: b }, { type: 'pointerUp', button: b }] }]);
    await session.releaseActions();
  };
  let restore = null;  // the window's rectangle while hidePage has it minimized
  const page = {
    engine: 'webkit',
    raw: session,  // webdriverio's session, for diagnostics
    foxoTouch: touch,
    goto: async (url) => {
      await session.url(new URL(url, baseUrl).href);
      await run(() => null);
    },
    evaluate: run,
    waitForFunction: async (fn, arg, { timeout = 30_000 } = {}) => {
      const value = await until(() => run(fn, arg), { timeout, what: `waiting for ${fn.toString().slice(0, 120)}` });
      return { jsonValue: async () => value };
    },
    title: () => session.getTitle(),
    // The viewport as PNG (to `path`, or as a Buffer); classic WebDriver
    // screenshots a whole viewport or one element, so no `clip`.
    screenshot: async ({ path: file, clip } = {}) => {
      if (clip) throw new Error('screenshot({ clip }) is not available in WebKit (classic WebDriver)');
      const png = Buffer.from(await session.takeScreenshot(), 'base64');
      if (file) await writeFile(file, png);
      return png;
    },
    keyboard: {
      // As Playwright does: key events for what a US keyboard has, inserted
      // text for the rest (ả, 👍🏽), one character at a time.
      type: async (text) => {
        for (const c of text) {
          if (/^[\x20-\x7e]$/.test(c)) await keyActions([c]);
          else await insertText(c);
        }
      },
      // An IME-like commit: one insertText edit, no key events.
      insertText,
      press: (key) => keyActions([WD_KEYS[key] ?? key]),
    },
    mouse: { click },
    // WebKitGTK's WebDriver turns touch pointer actions into mouse events
    // (seen: pointerType "mouse", no touchstart), so a tap is a mouse click
    // on a phone-sized window; see docs/BROWSERS.md.
    touchscreen: { tap: (x, y) => click(x, y) },
    // Console messages as the collector sees them (see collectorSource).
    on: (event, handler) => {
      if (event !== 'console') throw new Error(`page.on('${event}') is not available in WebKit (classic WebDriver)`);
      consoleListeners.push(handler);
    },
    context: () => ({ request: requestShim(page, baseUrl) }),
    // The page hidden (document.visibilityState), and shown again:
    // tab_return_engines.mjs. MiniBrowser's window minimized (WebDriver's
    // Minimize Window), then restored to its size (Set Window Rect). Another
    // tab does not hide it here: WebDriver's New Window of type "tab" opened
    // a tab that stayed behind (itself hidden; switching to it changed only
    // where scripts run), of type "window" a second window on the Xvfb
    // display (no window manager); the page stayed visible both times.
    hidePage: async () => {
      restore = await session.getWindowRect();
      await session.minimizeWindow();
    },
    showPage: async () => {
      await session.setWindowRect(null, null, restore.width, restore.height);
      restore = null;
    },
    close: () => session.deleteSession(),
  };
  return page;
}

// Starts the engine FOXO_ENGINE names with WebGL on or off per FOXO_RENDER.
// `open(who, options, allowConsole)` makes one person's page (Playwright's
// context options: viewport, deviceScaleFactor, hasTouch, isMobile) in its
// own cookie and storage jar; console and page errors go to `problems`.
export async function startEngine({ baseUrl, problems }) {
  if (ENGINE === 'firefox') return firefoxEngine({ baseUrl, problems });
  if (ENGINE === 'webkit') return webkitEngine({ baseUrl, problems });
  return chromiumEngine({ baseUrl, problems });
}

// The renderer the page chose (document.documentElement.dataset.renderer),
// checked against FOXO_RENDER: the GPU-free renderer when WebGL is off,
// WebGL otherwise.
export async function expectRenderer(page, who) {
  const renderer = await page.evaluate(() => document.documentElement.dataset.renderer ?? null);
  const ok = RENDER === 'cpu' ? renderer === 'canvas2d' : renderer === 'webgl2' || renderer === 'webgl1';
  if (!ok) throw new Error(`${who}: renderer is "${renderer}" with FOXO_RENDER=${RENDER} in ${ENGINE}`);
  console.log(`${who}: renderer ${renderer}`);
}
