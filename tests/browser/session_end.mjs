// The session ends elsewhere (issue 20): the relay ends the session's event
// streams with `event: session_end` and a reason, and each page lands on its
// sign-in screen saying why, with nothing of the person left in storage and
// no new stream.
//  1. signed out from elsewhere (POST logout with the same cookie, from
//     Node): a guest on a phone with a draft typed (sealed in storage) and a
//     staff console, each with its stream open;
//  2. expired: both signed in again, the relay's dev clock moves past the
//     guests' idle limit (8 h; staff: 1 h): the streams end as `expired`.
import path from 'node:path';
import { DESKTOP, PHONE, fill, findItem, liveText, press, waitForLiveLine, waitForScreen, withPeople }
  from './lib/browser.mjs';
import { guestSignIn, openCase, staffSignIn } from './lib/api.mjs';
import { expectNothingOf, pieces, storageDump, waitForRecord } from './lib/storage.mjs';

const FIRST = 'Παναγιώτα';
const LAST = 'Nguyễn-王 🌺';
// A second number for the second sign-in: the first one's code resend is on cooldown.
const PHONES = ['0412 555 301', '0412 555 302'];
const SUBJECT = 'Kết quả xét nghiệm';
const DRAFT = 'مرحبا، سؤال عن النتائج 🙏';

async function cookieOf(page, name) {
  const c = (await page.context().cookies()).find((x) => x.name === name);
  if (!c) throw new Error(`no ${name} cookie`);
  return `${c.name}=${c.value}`;
}

// The stream is open: the bridge wants it and has an EventSource.
async function streamOpen(page, what) {
  await page.waitForFunction(() => {
    const S = window.Module && window.Module.foxoEvents;
    return !!(S && S.want && S.es && S.es.readyState === 1);
  }, null, { timeout: 30_000 }).catch((e) => { throw new Error(`${what}: ${e.message}`); });
}

// Signed out for good: the sentence, no stream wanted, nothing of the person stored.
async function endedWith(page, screen, sentence, secrets, what) {
  await waitForScreen(page, screen).catch(async (e) => { throw new Error(`${what}: ${e.message}\n${await liveText(page)}`); });
  await waitForLiveLine(page, { is: sentence }, `${what}: the sentence`);
  const S = await page.evaluate(() => ({ want: Module.foxoEvents.want, es: !!Module.foxoEvents.es }));
  if (S.want || S.es) throw new Error(`${what}: the stream is still wanted: ${JSON.stringify(S)}`);
  await expectNothingOf(page, secrets, what);
  const left = (await storageDump(page)).filter(([k]) => k.startsWith('foxo.') && k !== 'foxo.alerts.v1');
  if (left.length) throw new Error(`${what}: storage still holds ${JSON.stringify(left)}`);
}

async function guestInChat(guest, baseUrl, phone) {
  const signedIn = await guestSignIn(guest.context(), baseUrl, { first: FIRST, last: LAST, phone });
  await openCase(guest.context(), { subject: SUBJECT });
  await guest.goto('/t/intake');
  await waitForScreen(guest, 'home');
  await press(guest, 'Menu', 'menu');
  await press(guest, SUBJECT, 'item');
  await waitForScreen(guest, 'chat');
  await fill(guest, 'Message', DRAFT);
  await waitForRecord(guest, 'foxo.drafts.v2.', true, 'the sealed draft');
  await streamOpen(guest, 'the guest\'s stream');
  return signedIn;
}

async function staffInConsole(desk) {
  await staffSignIn(desk.context(), { email: 'intake2@demo.test' });
  await desk.goto('/staff');
  await waitForScreen(desk, 'staff_queue');
  await streamOpen(desk, 'the console\'s stream');
}

await withPeople('session_end', async ({ open, baseUrl, outDir }) => {
  const guest = await open('guest', PHONE);
  const desk = await open('desk', DESKTOP);
  const secrets = (key, phone) => [DRAFT, ...pieces(DRAFT), FIRST, LAST, phone, `+61${phone.replace(/\D/g, '').slice(1)}`, key];

  // ---- 1. Signed out from elsewhere ----
  const first = await guestInChat(guest, baseUrl, PHONES[0]);
  await staffInConsole(desk);
  for (const [page, route, name] of [[guest, '/api/v1/guest/logout', 'foxo_guest'], [desk, '/api/v1/staff/logout', 'foxo_staff']]) {
    const res = await fetch(`${baseUrl}${route}`, { method: 'POST', headers: { Cookie: await cookieOf(page, name) } });
    if (res.status !== 204) throw new Error(`${route}: ${res.status}`);
  }
  await endedWith(guest, 'register', 'You signed out in another window.', secrets(first.storage_key, PHONES[0]), 'guest signed out');
  await endedWith(desk, 'staff_login', 'You signed out in another window.', ['intake2@demo.test'], 'staff signed out');
  await guest.screenshot({ path: path.join(outDir, 'session_end-guest.png') });
  await desk.screenshot({ path: path.join(outDir, 'session_end-staff.png') });
  // Typing on the sign-in screen works as before (the team's own form).
  await findItem(guest, 'First name', 'input');

  // ---- 2. Expired: past the guest's 8 hours (and the staff hour) without a request ----
  await guest.context().clearCookies();
  const second = await guestInChat(guest, baseUrl, PHONES[1]);
  await desk.context().clearCookies();
  await staffInConsole(desk);
  const advanced = await fetch(`${baseUrl}/api/v1/dev/clock/advance`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seconds: 8 * 3600 + 60 }) });
  if (!advanced.ok) throw new Error(`clock advance: ${advanced.status} ${await advanced.text()}`);
  await endedWith(guest, 'register',
                  'Your session ended after a long time without activity. Please sign in again.',
                  secrets(second.storage_key, PHONES[1]), 'guest expired');
  await endedWith(desk, 'staff_login', 'You were signed out after an hour without activity.',
                  ['intake2@demo.test'], 'staff expired');
  await desk.screenshot({ path: path.join(outDir, 'session_end-expired.png') });
}, { allowConsole: [/401/] });
