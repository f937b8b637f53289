// A guest's chat on a phone survives a bad network:
//  - a message that cannot be sent is kept (also across a reload, from
//    localStorage, sealed under the person's key: never in clear) and sent
//    later with the same client_id, once;
//  - when the connection to the relay is cut (a TCP proxy in between resets
//    it), the live stream drops; the team's messages of that time arrive after
//    it reconnects (Last-Event-ID resume), each once and in order.
// The guest and an active case come from the dev load fixture; the staff side
// talks to the relay over HTTP. The guest page is driven through window.foxoUi.
import path from 'node:path';
import { PHONE, fill, findItem, liveLines, press, waitForLiveLine, waitForScreen, withPeople } from './lib/browser.mjs';
import { assignedCaseFixture, staffFromNode } from './lib/api.mjs';
import { startProxy } from './lib/tcp-proxy.mjs';

function countLines(lines, suffix) { return lines.filter((l) => l.endsWith(suffix)).length; }

await withPeople('chat_resilience', async ({ open, baseUrl, outDir }) => {
  // One verified guest with an active case assigned to intake1.
  const fixture = await assignedCaseFixture(baseUrl);
  const staff = await staffFromNode(baseUrl);
  const staffSays = (text) => staff.says(fixture.caseId, text);
  const caseNow = () => staff.get(`/api/v1/cases/${fixture.caseId}`);
  const { subject } = await caseNow();

  // The guest reaches the relay through the proxy; staff and checks go direct.
  const proxy = await startProxy(Number(new URL(baseUrl).port));
  const guest = await open('guest', PHONE);
  await guest.context().addCookies([{ ...fixture.cookie, url: proxy.url }]);
  let streams = 0;
  guest.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/events') streams++; });

  const openChat = async () => {
    await waitForScreen(guest, 'home');
    await press(guest, 'Menu', 'menu');
    await press(guest, subject, 'item');
    await waitForScreen(guest, 'chat');
    await findItem(guest, 'Message', 'input');
  };
  await guest.goto(`${proxy.url}/t/intake`);
  await openChat();

  await staffSays('Hello from the team.');
  await waitForLiveLine(guest, { endsWith: ': Hello from the team.' }, 'a live message');

  // ---- Unsent, kept across a reload, then delivered once ----
  const KEPT = 'Kept across a reload';
  const block = (route) => route.abort('internetdisconnected');
  await guest.route('**/api/v1/cases/*/messages', block);
  await fill(guest, 'Message', KEPT);
  await press(guest, 'Send', 'button');
  await waitForLiveLine(guest, { is: `Not sent yet: ${KEPT}` }, 'the unsent message shown as such');
  const sealedOutbox = () => guest.evaluate(() => Object.keys(window.localStorage)
    .filter((k) => k.startsWith('foxo.outbox.v2.')).map((k) => window.localStorage.getItem(k)).join('\n'));
  await guest.waitForFunction(() => Object.keys(window.localStorage).some((k) => k.startsWith('foxo.outbox.v2.')));
  const stored = await sealedOutbox();
  if (!stored.startsWith('g1.') || stored.includes(KEPT) || stored.includes('Kept'))
    throw new Error(`the unsent message is not kept sealed in localStorage: ${stored}`);
  await guest.screenshot({ path: path.join(outDir, 'chat_resilience-unsent.png') });

  await guest.reload();
  await openChat();
  await waitForLiveLine(guest, { is: `Not sent yet: ${KEPT}` }, 'the unsent message after the reload');
  await guest.unroute('**/api/v1/cases/*/messages', block);
  await waitForLiveLine(guest, { endsWith: `: ${KEPT}`, startsWith: 'Load Guest' }, 'the kept message delivered', 60_000);
  await guest.waitForFunction(() => !Object.keys(window.localStorage).some((k) => k.startsWith('foxo.outbox.v2.')))
    .catch(async () => { throw new Error(`the delivered message is still in localStorage: ${await sealedOutbox()}`); });
  const kept = (await caseNow()).messages.filter((m) => m.body === KEPT);
  if (kept.length !== 1) throw new Error(`the relay holds the kept message ${kept.length} times`);

  // ---- Cut off: the stream drops; what was said meanwhile arrives once ----
  const streamsBefore = streams;
  proxy.cut();
  await staffSays('While you were away, one.');
  await staffSays('While you were away, two.');
  proxy.restore();
  await waitForLiveLine(guest, { endsWith: ': While you were away, two.' }, 'messages sent while offline', 60_000);
  const lines = await liveLines(guest);
  for (const said of ['Hello from the team.', KEPT, 'While you were away, one.', 'While you were away, two.']) {
    if (countLines(lines, `: ${said}`) !== 1)
      throw new Error(`"${said}" is shown ${countLines(lines, `: ${said}`)} times:\n${lines.join('\n')}`);
  }
  const order = lines.map((l) => l.slice(l.indexOf(': ') + 2));
  if (order.indexOf('While you were away, one.') > order.indexOf('While you were away, two.'))
    throw new Error(`messages out of order:\n${lines.join('\n')}`);
  // The stream was really opened again (the messages did not simply arrive live).
  if (streams <= streamsBefore) throw new Error(`the event stream was not reopened (${streams} requests)`);
  await guest.screenshot({ path: path.join(outDir, 'chat_resilience-after.png') });
  await proxy.stop();
}, { allowConsole: [/ERR_INTERNET_DISCONNECTED/, /ERR_FAILED/, /ERR_CONNECTION_RESET/, /ERR_CONNECTION_REFUSED/,
                    /ERR_EMPTY_RESPONSE/] });
