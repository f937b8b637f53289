// Coming back to the tab (issue 19) in Firefox and WebKit: the second half of
// tab_return.mjs (which is Chromium-only: it freezes the page through CDP)
// on the engine adapter, FOXO_ENGINE=firefox|webkit. The guest's chat page is
// hidden for real (document.visibilityState "hidden"),
// its live stream silenced meanwhile by a TCP proxy (open but passing
// nothing, as a suspended phone's socket), staff write, the page is shown
// again, and every message must be on screen exactly once, in order, in the
// same document. The client trusts no stream after a long absence (10 s;
// lowered to 0 here through Module.foxoEvents.awayMs rather than waited).
//   Firefox: a new tab of the guest's user context brought to the front
//            (puppeteer over BiDi), then the guest's tab again.
//   WebKit:  MiniBrowser's window minimized (WebDriver's Minimize Window),
//            then restored to its size: another tab does not hide the page
//            in WebKitGTK under WebDriver (lib/engines.mjs, docs/BROWSERS.md).
// (lib/engines.mjs: page.hidePage() and page.showPage().)
import path from 'node:path';
import { ENGINE, PHONE, press, waitForLiveLine, waitForScreen, withPeople, liveLines } from './lib/browser.mjs';
import { guestSignIn, openCase, relayApi as api, staffFromNode } from './lib/api.mjs';
import { startProxy } from './lib/tcp-proxy.mjs';

if (ENGINE === 'chromium') throw new Error('tab_return_engines.mjs is for firefox and webkit; Chromium has tab_return.mjs');

const SUBJECT = 'Results by phone';
const FIRST = 'Before the tab was hidden.';
const HIDDEN = ['Xin chào Thảo, kết quả đã có 🌿 — مرحبا، النتائج جاهزة', 'Παρακαλώ καλέστε μας — שלום, see you Tuesday 👋🏽'];

await withPeople('tab_return', async ({ open, baseUrl, outDir, shotName }) => {
  const guest = await open('guest', PHONE);
  // Signed in through the page's own fetch (lib/api.mjs), so the session
  // cookie is the browser's; it is for host 127.0.0.1, and cookies do not
  // depend on the port, so the page behind the proxy below carries it too.
  await guestSignIn(guest.context(), baseUrl, { first: 'Thảo', last: 'Nguyễn', phone: '0412 000 919' });
  const theCase = await openCase(guest.context(), { subject: SUBJECT });
  const staff = await staffFromNode(baseUrl);
  await api(baseUrl, 'POST', `/api/v1/staff/cases/${theCase.id}/claim`, { cookie: staff.cookie, body: {} });
  const staffSays = (text) => staff.says(theCase.id, text);

  // The TCP proxy in front of whatever the page talks to (the relay, or in
  // WebKit the adapter's collector proxy in front of it).
  const origin = await guest.evaluate(() => location.origin);
  const proxy = await startProxy(Number(new URL(origin).port));
  try {
    await guest.goto(`${proxy.url}/t/intake`);
    await waitForScreen(guest, 'home');
    await press(guest, 'Menu', 'menu');
    await press(guest, SUBJECT, 'item');
    await waitForScreen(guest, 'chat');
    await staffSays(FIRST);
    await waitForLiveLine(guest, { endsWith: `: ${FIRST}` }, 'the first staff message, live');
    await guest.evaluate(() => {
      window.foxoSameDocument = true;  // survives only if the page is not reloaded
      Module.foxoEvents.awayMs = 0;
      window.foxoSeen = [];
      document.addEventListener('visibilitychange', () => window.foxoSeen.push(document.visibilityState));
      addEventListener('pagehide', (e) => window.foxoSeen.push(`pagehide${e.persisted ? ' persisted' : ''}`));
      addEventListener('pageshow', (e) => window.foxoSeen.push(`pageshow${e.persisted ? ' persisted' : ''}`));
    });

    // ---- Hidden, then shown again ----
    const started = Date.now();
    await guest.hidePage();
    await guest.waitForFunction(() => document.visibilityState === 'hidden', null, { timeout: 15_000 });
    const silenced = proxy.silenceStreams();
    if (silenced < 1) throw new Error('the guest had no live stream open to lose');
    for (const text of HIDDEN) await staffSays(text);
    await guest.showPage();
    await guest.waitForFunction(() => document.visibilityState === 'visible', null, { timeout: 15_000 });
    const seen = await guest.evaluate(() => window.foxoSeen);
    console.log(`tab_return: ${silenced} stream(s) silenced; the page saw: ${seen.join(', ')}`);
    if (!seen.includes('hidden'))
      throw new Error(`the guest page was not hidden and shown again: ${seen.join(', ')}`);
    await waitForLiveLine(guest, { endsWith: `: ${HIDDEN.at(-1)}` }, 'the messages sent while hidden', 20_000);
    console.log(`tab_return: all on screen ${((Date.now() - started) / 1000).toFixed(1)} s after hiding`);

    if (!await guest.evaluate(() => window.foxoSameDocument === true)) throw new Error('the page was reloaded to catch up');
    const said = (await liveLines(guest)).map((l) => l.slice(l.indexOf(': ') + 2));
    const all = [FIRST, ...HIDDEN];
    for (const text of all) {
      const count = said.filter((s) => s === text).length;
      if (count !== 1) throw new Error(`"${text}" is shown ${count} times:\n${said.join('\n')}`);
    }
    const order = all.map((t) => said.indexOf(t));
    if (order.some((at, i) => i > 0 && at < order[i - 1])) throw new Error(`out of order:\n${said.join('\n')}`);
    await guest.screenshot({ path: path.join(outDir, `${shotName}-after.png`) });
  } finally {
    await proxy.stop();
  }
});
