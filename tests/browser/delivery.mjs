// Client delivery in Chromium: the guest page (phone) and the staff console
// (desktop, signed in, event stream open) run under the relay's
// Content-Security-Policy with zero violations, load the content-hashed
// bundle (the wasm through the page's preload, fetched once, encoded); and
// the loading state turns into a clear message when the browser lacks
// WebAssembly or the bundle cannot be downloaded (a browser without WebGL
// still runs the client: tests/browser/render_paths.mjs).
import { DESKTOP, PHONE, launch, staffSignInUi, waitForScreen, withPeople } from './lib/browser.mjs';
import { startRelay } from './lib/relay.mjs';

const HASHED = /\/[A-Za-z0-9_-]+\.[0-9a-f]{12}\.(js|wasm|css|svg)$/;
const CSP_TEXT = /Content[- ]Security[- ]Policy/i;

// Collects CSP violations (the DOM event, from before any page script runs),
// CSP and Permissions-Policy console messages of any level, and every response.
async function observe(page, phase) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });
  const seen = { consoleCsp: [], responses: [] };
  // Chromium reports policy trouble on the console at any level (an
  // unrecognised Permissions-Policy feature is a warning).
  page.on('console', (m) => {
    if (CSP_TEXT.test(m.text()) || /Permissions-Policy/i.test(m.text()))
      seen.consoleCsp.push(`[${phase.now}] ${m.type()}: ${m.text()}`);
  });
  page.on('response', (r) => seen.responses.push(r));
  return seen;
}

async function expectCleanLoad(page, seen, who) {
  const violations = await page.evaluate(() => window.__cspViolations);
  if (violations.length) throw new Error(`${who}: CSP violations:\n${violations.join('\n')}`);
  if (seen.consoleCsp.length) throw new Error(`${who}: policy console messages:\n${seen.consoleCsp.join('\n')}`);
  const doc = seen.responses.find((r) => r.request().resourceType() === 'document');
  const csp = doc && (await doc.allHeaders())['content-security-policy'];
  if (!csp || !/frame-ancestors 'none'/.test(csp)) throw new Error(`${who}: the page came without its CSP: ${csp}`);
  // Every file the page loaded is a hashed name (the page rewrote them all),
  // cached for good, and came encoded when the browser accepts an encoding.
  const files = seen.responses.filter((r) => r.request().resourceType() !== 'document' &&
                                             new URL(r.url()).pathname.match(/\.(js|wasm|css|svg)$/));
  for (const r of files) {
    const { pathname } = new URL(r.url());
    if (!HASHED.test(pathname)) throw new Error(`${who}: ${pathname} is not a content-hashed name`);
    const h = await r.allHeaders();
    if (r.status() !== 200) throw new Error(`${who}: ${pathname} answered ${r.status()}`);
    if (h['cache-control'] !== 'public, max-age=31536000, immutable') throw new Error(`${who}: ${pathname} cache-control ${h['cache-control']}`);
    const accepted = (await r.request().allHeaders())['accept-encoding'] || '';
    const want = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
    if (pathname.endsWith('.wasm') || pathname.includes('foxo_client')) {
      if (h['content-encoding'] !== want) throw new Error(`${who}: ${pathname} came as ${h['content-encoding']}, browser accepts "${accepted}"`);
    }
  }
  const wasm = files.filter((r) => new URL(r.url()).pathname.endsWith('.wasm'));
  if (wasm.length !== 1) throw new Error(`${who}: the wasm was fetched ${wasm.length} times: ${wasm.map((r) => r.url()).join(', ')}`);
  if (!files.some((r) => /foxo_client\.[0-9a-f]{12}\.js$/.test(r.url()))) throw new Error(`${who}: no hashed foxo_client.js loaded`);
}

// 1. Guest and staff pages under the CSP, then a control proving the
//    detectors see a violation when there is one.
const phase = { now: 'real' };
await withPeople('delivery', async ({ open }) => {
  const guest = await open('guest', PHONE);
  const guestSeen = await observe(guest, phase);
  await guest.goto('/t/intake');
  await waitForScreen(guest, 'register');
  if (await guest.locator('#loading').count()) throw new Error('guest: loading state still shown after the first frame');
  if (!(await guest.evaluate(() => performance.getEntriesByName('foxo-first-frame').length === 1)))
    throw new Error('guest: no foxo-first-frame performance mark');

  const staff = await open('staff', DESKTOP);
  const staffSeen = await observe(staff, phase);
  // The queue keeps the event stream open (connect-src): wait until it is.
  const stream = staff.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/events', { timeout: 60_000 });
  await staffSignInUi(staff);
  if ((await stream).status() !== 200) throw new Error('staff: the event stream did not open');

  await expectCleanLoad(guest, guestSeen, 'guest');
  await expectCleanLoad(staff, staffSeen, 'staff');

  // Control: an inline script must be refused, reported by both detectors,
  // and not run.
  phase.now = 'control';
  const consoleSaw = guest.waitForEvent('console', { predicate: (m) => CSP_TEXT.test(m.text()), timeout: 10_000 })
    .catch(() => { throw new Error('control: the console detector saw nothing'); });
  const ran = await guest.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true;';
    document.head.appendChild(s);
    return window.__inlineRan === true;
  });
  if (ran) throw new Error('control: an inline script ran despite the CSP');
  await guest.waitForFunction(() => window.__cspViolations.some((v) => v.startsWith('script-src')), null, { timeout: 5_000 })
    .catch(() => { throw new Error('control: the securitypolicyviolation detector saw nothing'); });
  await consoleSaw;
}, { allowConsole: [/Content Security Policy/] });

// 2. Failure states of the loading screen, each in a fresh page.
const LOAD_FAILED = 'Secure chat could not be loaded. Check your connection and reload.';
const relay = await startRelay({ binary: process.env.FOXO_RELAY, www: process.env.FOXO_WWW });
const browser = await launch();
try {
  const cases = [
    { name: 'wasm download fails', want: LOAD_FAILED,
      setup: (page) => page.route(/foxo_client\.[0-9a-f]{12}\.wasm$/, (r) => r.abort()) },
    { name: 'client script fails', want: LOAD_FAILED,
      setup: (page) => page.route(/foxo_client\.[0-9a-f]{12}\.js$/, (r) => r.abort()) },
    { name: 'no WebAssembly', want: /cannot run Foxo secure chat: it needs a newer browser/,
      setup: (page) => page.addInitScript(() => { delete window.WebAssembly; }) },
  ];
  for (const c of cases) {
    const context = await browser.newContext({ ...PHONE, baseURL: relay.url });
    const page = await context.newPage();
    await c.setup(page);
    await page.goto('/t/intake');
    const handle = await page.waitForFunction(() => {
      const el = document.getElementById('loading');
      return el && el.classList.contains('failed') && el.querySelector('p').textContent;
    }, null, { timeout: 30_000 }).catch(() => { throw new Error(`${c.name}: no failure message shown`); });
    const text = await handle.jsonValue();
    const ok = typeof c.want === 'string' ? text === c.want : c.want.test(text);
    if (!ok) throw new Error(`${c.name}: the page says "${text}"`);
    if (!(await page.locator('#loading').isVisible())) throw new Error(`${c.name}: the message is not visible`);
    console.log(`delivery: ${c.name}: "${text}"`);
    await context.close();
  }
} finally {
  await browser.close();
  await relay.stop();
}
console.log('delivery: failure states ok');
