// Staff alerts (issue 20): a console whose tab is hidden hears of a new guest
// in the queue and of a guest writing in a case it claimed: the title counts
// them ("(1) Foxo"), one desktop notification each (a title, never the
// message's text) and a Web Audio tone each. Turned off in the console's
// header, neither comes; the title still counts.
// Driven through puppeteer-core: Playwright keeps every Chromium page
// visible, where puppeteer's page behind another tab is hidden for real (see
// tab_return.mjs). Notifications are allowed through the browser context
// (CDP Browser.grantPermissions); an init script records each Notification
// made and each OscillatorNode started.
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from './lib/browser.mjs';
import { startRelay } from './lib/relay.mjs';
import { guestFromNode, staffFromNode } from './lib/api.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const modules = process.env.FOXO_NODE_MODULES || path.resolve(here, '../node/node_modules');
const puppeteer = require(path.join(modules, 'puppeteer-core'));

const SUBJECT = 'Kết quả xét nghiệm';
const SECRET = 'Kết quả HIV của tôi — مرحبا 🙏';

const outDir = process.env.FOXO_OUT_DIR || path.join(os.tmpdir(), 'foxo-browser-out');
await mkdir(outDir, { recursive: true });
const relay = await startRelay({ binary: process.env.FOXO_RELAY, www: process.env.FOXO_WWW });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true,
});
let staff;
try {
  const baseUrl = relay.url;
  const context = await browser.createBrowserContext();
  await context.overridePermissions(baseUrl, ['notifications']);
  staff = await context.newPage();
  const problems = [];
  staff.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  staff.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  await staff.evaluateOnNewDocument(() => {
    const seen = window.foxoSeen = { notes: [], tones: 0 };
    const Real = window.Notification;
    window.Notification = class extends Real {
      constructor(title, options) {
        seen.notes.push({ title, body: (options && options.body) || '', tag: (options && options.tag) || '' });
        super(title, options);
      }
      static get permission() { return Real.permission; }
      static requestPermission(...a) { return Real.requestPermission(...a); }
    };
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function(...a) { seen.tones++; return start.apply(this, a); };
  });
  await staff.setViewport({ width: 1280, height: 800 });
  const member = await staffFromNode(baseUrl);
  const eq = member.cookie.indexOf('=');
  await staff.setCookie({ name: member.cookie.slice(0, eq), value: member.cookie.slice(eq + 1), url: baseUrl });

  // Polled every 100 ms, not on animation frames (puppeteer's default): a
  // hidden tab gets none, so a condition met while hidden was never seen.
  const waitFor = (fn, arg, what) => staff.waitForFunction(fn, { timeout: 30_000, polling: 100 }, arg).catch(async (e) => {
    const state = await staff.evaluate(() => ({ title: document.title, seen: window.foxoSeen,
      live: document.getElementById('live')?.innerText })).catch((x) => x.message);
    throw new Error(`${what}: ${e.message}\n${JSON.stringify(state)}`);
  });
  const click = async (label) => {
    const it = await (await waitFor((l) => window.foxoUi && window.foxoUi.items().find((i) => i.label === l), label,
                                    `"${label}" on screen`)).jsonValue();
    await staff.mouse.click(it.x + it.w / 2, it.y + it.h / 2);
  };
  const screen = (s) => waitFor((x) => window.foxoUi && window.foxoUi.screen() === x, s, `screen ${s}`);
  const settings = (want) => waitFor((w) => {
    const got = JSON.parse(window.localStorage.getItem('foxo.alerts.v1') || '{}');
    return got.sound === w.sound && got.desktop === w.desktop;
  }, want, `the switches stored as ${JSON.stringify(want)}`);
  const seen = () => staff.evaluate(() => JSON.parse(JSON.stringify(window.foxoSeen)));
  let front;
  const hide = async () => {
    front = await context.newPage();
    await front.bringToFront();
    await waitFor(() => document.visibilityState === 'hidden', null, 'the console hidden');
  };
  const show = async () => {
    await staff.bringToFront();
    await front.close();
    await waitFor(() => document.visibilityState === 'visible', null, 'the console shown');
  };

  await staff.goto(`${baseUrl}/staff`);
  await screen('staff_queue');
  await waitFor(() => document.title === 'Foxo', null, 'nobody waiting');
  // The person's click turns desktop alerts on (already allowed: no prompt)
  // and, being a gesture, lets the page start audio.
  await click('Desktop alerts');
  await settings({ sound: true, desktop: true });
  await staff.screenshot({ path: path.join(outDir, 'alerts-console.png') });

  // ---- Hidden: a guest starts a chat ----
  await hide();
  const thao = await guestFromNode(baseUrl, { first: 'Thảo', last: 'Nguyễn', phone: '0412 555 201' });
  const kase = await thao.openCase(SUBJECT);
  await waitFor(() => document.title === '(1) Foxo', null, 'the title counting the waiting guest');
  await waitFor(() => window.foxoSeen.notes.length === 1 && window.foxoSeen.tones === 1, null,
                'one notification and one tone');
  let got = await seen();
  if (got.notes[0].title !== `New guest waiting: ${SUBJECT}` || got.notes[0].body !== '')
    throw new Error(`notification ${JSON.stringify(got.notes[0])}`);

  // ---- The console claims it; hidden again, the guest writes ----
  await show();
  await click(SUBJECT);
  await screen('staff_case');
  await click('Claim');
  await waitFor(() => !window.foxoUi.items().some((i) => i.label === 'Claim'), null, 'the case claimed');
  await waitFor(() => document.title === 'Foxo', null, 'nobody waiting once claimed');
  await hide();
  await thao.says(kase.id, SECRET);
  await waitFor(() => window.foxoSeen.notes.length === 2 && window.foxoSeen.tones === 2, null,
                'a notification and a tone for the guest\'s message');
  got = await seen();
  if (got.notes[1].title !== 'Thảo: new message' || got.notes[1].body !== '')
    throw new Error(`notification ${JSON.stringify(got.notes[1])}`);
  if (JSON.stringify(got.notes).includes('HIV')) throw new Error('a notification holds the message text');

  // ---- Both turned off: the title still counts, nothing else ----
  await show();
  await click('Sound alerts');
  await settings({ sound: false, desktop: true });
  await click('Desktop alerts');
  await settings({ sound: false, desktop: false });
  await staff.screenshot({ path: path.join(outDir, 'alerts-off.png') });
  await hide();
  const omar = await guestFromNode(baseUrl, { first: 'عمر', last: 'Al-Hassan 🌙', phone: '0412 555 202' });
  await omar.openCase(SUBJECT);
  await waitFor(() => document.title === '(1) Foxo', null, 'the title counting the second guest');
  // The title is set by the same frame that handled the event: nothing more is coming.
  got = await seen();
  if (got.notes.length !== 2 || got.tones !== 2) throw new Error(`alerts while off: ${JSON.stringify(got)}`);

  // The switches are this browser's: a reload keeps them.
  await show();
  await staff.reload();
  await screen('staff_queue');
  await settings({ sound: false, desktop: false });
  if (problems.length) throw new Error(problems.join('\n'));
  console.log('alerts: ok');
} catch (e) {
  if (staff) await staff.screenshot({ path: path.join(outDir, 'alerts-failure.png') }).catch(() => {});
  throw e;
} finally {
  await browser.close();
  await relay.stop();
}
