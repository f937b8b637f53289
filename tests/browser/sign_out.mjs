// The browser keeps nothing after sign-out (issue 18; docs/API.md "Browser
// storage key"):
//  - a guest (Vietnamese, Greek and emoji in name and message) sends while the
//    relay is unreachable: the message waits in the outbox, sealed, and no
//    form of its text (raw, JSON-escaped, URL-encoded, base64) is anywhere in
//    localStorage or sessionStorage, also after a reload;
//  - the session ends; signing in again as the same person opens the sealed
//    outbox and the message is sent, once;
//  - with a message pending and a draft typed, Sign out asks first, then
//    leaves nothing of the person in storage (no text, name or number) and the
//    guest cookie is revoked;
//  - staff: Sign out in the console's header returns to the sign-in screen
//    and the staff cookie is revoked.
import path from 'node:path';
import { DESKTOP, PHONE, fill, findItem, liveText, press, waitForLiveLine, waitForScreen, withPeople }
  from './lib/browser.mjs';
import { caseDetail, guestSignIn, latestCode, openCase, staffSignIn } from './lib/api.mjs';
import { expectNothingOf, pieces, storageDump, waitForRecord } from './lib/storage.mjs';

const FIRST = 'Ánh 🌸';
const LAST = 'Παπαδοπούλου';
const PHONE_LOCAL = '0412 555 019';
const PHONE_E164 = '+61412555019';
const SUBJECT = 'Kết quả xét nghiệm';
const TEXT = 'Xin chào Ελένη 🌊 tôi cần giúp đỡ';
const TEXT2 = 'Δεύτερο μήνυμα: còn chờ 🙏';
const DRAFT = 'Bản nháp chưa gửi ✍️';

await withPeople('sign_out', async ({ open, baseUrl, outDir }) => {
  // ---- The guest, signed in over HTTP, with a case ----
  const guest = await open('guest', PHONE);
  const signedIn = await guestSignIn(guest.context(), baseUrl, { first: FIRST, last: LAST, phone: PHONE_LOCAL });
  if (!signedIn.storage_key || !signedIn.storage_id) throw new Error(`no storage key: ${JSON.stringify(signedIn)}`);
  const kase = await openCase(guest.context(), { subject: SUBJECT });
  const staff = await open('staff', DESKTOP);
  await staffSignIn(staff.context());
  const personal = [TEXT, ...pieces(TEXT), TEXT2, ...pieces(TEXT2), DRAFT, ...pieces(DRAFT), FIRST, LAST,
                    PHONE_E164, PHONE_E164.slice(3), PHONE_LOCAL, signedIn.storage_key];

  const openChat = async () => {
    await waitForScreen(guest, 'home');
    await press(guest, 'Menu', 'menu');
    await press(guest, SUBJECT, 'item');
    await waitForScreen(guest, 'chat');
    await findItem(guest, 'Message', 'input');
  };
  await guest.goto('/t/intake');
  await openChat();

  // ---- Unreachable: the message waits, sealed ----
  const block = (route) => route.abort('internetdisconnected');
  await guest.route('**/api/v1/cases/*/messages', block);
  await fill(guest, 'Message', TEXT);
  await press(guest, 'Send', 'button');
  await waitForLiveLine(guest, { is: `Not sent yet: ${TEXT}` }, 'the unsent message');
  await waitForRecord(guest, 'foxo.outbox.v2.', true, 'the sealed outbox');
  const dump = await expectNothingOf(guest, personal, 'with a message unsent');
  const record = dump.find(([k]) => k.startsWith('foxo.outbox.v2.'));
  if (record[0] !== `foxo.outbox.v2.${signedIn.storage_id}` || !record[1].startsWith('g1.'))
    throw new Error(`unexpected record ${record[0]}=${record[1]}`);

  // ---- Reload: restored from the sealed record once the session answers ----
  await guest.reload();
  await openChat();
  await waitForLiveLine(guest, { is: `Not sent yet: ${TEXT}` }, 'the unsent message after the reload');
  await expectNothingOf(guest, personal, 'after the reload');
  await guest.screenshot({ path: path.join(outDir, 'sign_out-unsent.png') });

  // ---- The session is gone; signing in again as the same person sends it ----
  await guest.context().clearCookies();
  // Past the 30 s resend cooldown of the first code, however fast this ran.
  await fetch(`${baseUrl}/api/v1/dev/clock/advance`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seconds: 60 }) });
  await guest.unroute('**/api/v1/cases/*/messages', block);
  await guest.reload();
  await waitForScreen(guest, 'register');
  await expectNothingOf(guest, personal, 'signed out by expiry, before signing in');
  await fill(guest, 'First name', FIRST);
  await fill(guest, 'Last name', LAST);
  await fill(guest, 'Mobile number', PHONE_LOCAL);
  await press(guest, 'Send code', 'button');
  await waitForScreen(guest, 'code');
  await fill(guest, 'Code', await latestCode(baseUrl, PHONE_E164));
  await press(guest, 'Verify', 'button');
  await waitForScreen(guest, 'home').catch(async (e) => { throw new Error(`${e.message}\n${await liveText(guest)}`); });
  const deadline = Date.now() + 30_000;
  let held = [];
  while (Date.now() < deadline) {
    held = (await caseDetail(staff.context(), kase.id)).messages.filter((m) => m.body === TEXT);
    if (held.length) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (held.length !== 1) throw new Error(`the relay holds the kept message ${held.length} times`);
  await waitForRecord(guest, 'foxo.outbox.v2.', false, 'the sealed outbox emptied once sent');

  // ---- Something pending, a draft typed: Sign out asks, then leaves nothing ----
  await openChat();
  await guest.route('**/api/v1/cases/*/messages', block);
  await fill(guest, 'Message', TEXT2);
  await press(guest, 'Send', 'button');
  await waitForLiveLine(guest, { is: `Not sent yet: ${TEXT2}` }, 'the second unsent message');
  await fill(guest, 'Message', DRAFT);
  await waitForRecord(guest, 'foxo.drafts.v2.', true, 'the sealed draft');
  await expectNothingOf(guest, personal, 'with a draft');
  await press(guest, 'Menu', 'menu');
  await press(guest, 'Sign out', 'button');
  await findItem(guest, 'Confirm sign out', 'button');
  await guest.screenshot({ path: path.join(outDir, 'sign_out-confirm.png') });
  await press(guest, 'Cancel', 'button');
  await findItem(guest, 'Sign out', 'button');
  await press(guest, 'Sign out', 'button');
  await press(guest, 'Confirm sign out', 'button');
  await waitForScreen(guest, 'register');
  const after = await expectNothingOf(guest, personal, 'after sign-out');
  const left = after.filter(([k]) => k.startsWith('foxo.'));
  if (left.length) throw new Error(`storage still holds ${JSON.stringify(left)}`);
  const me = await guest.evaluate(async () => (await fetch('/api/v1/guest/me')).status);
  if (me !== 401) throw new Error(`after sign-out /guest/me answers ${me}`);
  await guest.unroute('**/api/v1/cases/*/messages', block);
  const items = await guest.evaluate(() => window.foxoUi.items().filter((i) => i.kind === 'input' && i.length > 0));
  if (items.length) throw new Error(`the sign-in form still holds text: ${JSON.stringify(items)}`);
  await guest.screenshot({ path: path.join(outDir, 'sign_out-guest.png') });

  // ---- Staff: Sign out in the console's header ----
  const desk = await open('desk', DESKTOP);
  await desk.goto('/staff');
  await waitForScreen(desk, 'staff_login');
  await fill(desk, 'Email', 'intake2@demo.test');
  await fill(desk, 'Password', 'demo-password');
  await press(desk, 'Sign in', 'button');
  await waitForScreen(desk, 'staff_queue');
  const cookie = (await desk.context().cookies()).find((c) => c.name === 'foxo_staff');
  if (!cookie) throw new Error('no staff cookie');
  await desk.screenshot({ path: path.join(outDir, 'sign_out-staff-header.png') });
  await press(desk, 'Sign out', 'button');
  await waitForScreen(desk, 'staff_login');
  const res = await fetch(`${baseUrl}/api/v1/staff/me`, { headers: { Cookie: `foxo_staff=${cookie.value}` } });
  if (res.status !== 401) throw new Error(`after sign-out the staff cookie gets ${res.status}`);
  const deskLeft = (await storageDump(desk)).filter(([k]) => k.startsWith('foxo.'));
  if (deskLeft.length) throw new Error(`staff storage still holds ${JSON.stringify(deskLeft)}`);
  await desk.screenshot({ path: path.join(outDir, 'sign_out-staff.png') });
}, { allowConsole: [/ERR_INTERNET_DISCONNECTED/, /ERR_FAILED/, /401/] });
