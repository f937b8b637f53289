// Back into a chat from the SMS link (issue 6), in a real browser against the
// real relay:
// - a guest (phone viewport) writes in a chat, then closes the browser;
// - staff reply while the guest has no event stream open;
// - the dev clock moves 5 minutes on: the relay sends the unseen-activity SMS
//   with a link /r/{token};
// - the link opened in a FRESH browser context (no session) shows the code
//   screen with the masked number; the code from the newest SMS, typed and
//   submitted with the keyboard (Tab to Verify, Enter), lands in that chat,
//   and the staff reply is there (aria-live region);
// - an unknown link says so, in words, instead of a blank page.
import path from 'node:path';
import {
  PHONE, fill, findItem, press, waitForLiveLine, waitForScreen, withPeople,
} from './lib/browser.mjs';
import { claim, guestSignIn, latestCode, openCase, say, staffSignIn } from './lib/api.mjs';

// The relay notices a closed event stream when it writes to it: keepalives
// every 200 ms make that quick (dev-only setting, docs/API.md "Live events").
process.env.FOXO_SSE_KEEPALIVE_MS = '200';

const SUBJECT = 'Follow-up appointment';
const GUEST_SAYS = 'Can I come in next week?';
const STAFF_SAYS = 'Yes, Tuesday at 10 works. See you then.';
const PHONE_NUMBER = '+61412000333';

async function health(baseUrl) { return (await fetch(`${baseUrl}/api/v1/health`)).json(); }

await withPeople('resume', async ({ open, baseUrl, outDir }) => {
  const shot = (page, name) => page.screenshot({ path: path.join(outDir, `resume-${name}.png`) });

  // ---- The guest chats on the phone, then leaves ----
  const guest = await open('guest', PHONE);
  await guestSignIn(guest.context(), baseUrl, { first: 'حسن', last: 'Al-Hassan', phone: '0412 000 333' });
  const theCase = await openCase(guest.context(), { subject: SUBJECT });
  await guest.goto('/t/intake');
  await waitForScreen(guest, 'home');
  await press(guest, 'Menu', 'menu');
  await press(guest, SUBJECT, 'item');
  await waitForScreen(guest, 'chat');
  await fill(guest, 'Message', GUEST_SAYS);
  await press(guest, 'Send', 'button');
  await waitForLiveLine(guest, { is: `حسن Al-Hassan: ${GUEST_SAYS}` }, 'the guest\'s message');
  if ((await health(baseUrl)).open_streams < 1) throw new Error('the guest page has no event stream open');
  await guest.context().close();
  // Awaited, not slept: the relay reports the stream gone.
  for (let h = await health(baseUrl); h.open_streams !== 0; h = await health(baseUrl)) {
    await new Promise((resolve) => setImmediate(resolve));
  }

  // ---- Staff reply (over HTTP: the staff UI is journey.mjs's subject) ----
  const staff = await open('staff', { viewport: { width: 1280, height: 800 } });
  await staffSignIn(staff.context());
  await claim(staff.context(), theCase.id);
  await say(staff.context(), theCase.id, STAFF_SAYS);

  // ---- Five minutes later, the SMS with the link ----
  const before = (await (await fetch(`${baseUrl}/api/v1/dev/sms`)).json()).messages.length;
  const advanced = await fetch(`${baseUrl}/api/v1/dev/clock/advance`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seconds: 301 }) });
  if (!advanced.ok) throw new Error(`clock advance: ${advanced.status} ${await advanced.text()}`);
  const outbox = (await (await fetch(`${baseUrl}/api/v1/dev/sms`)).json()).messages;
  const notice = outbox.slice(before).find((m) => m.to === PHONE_NUMBER && /\/r\//.test(m.body));
  if (!notice) throw new Error(`no notification SMS after 5 minutes: ${JSON.stringify(outbox.slice(before))}`);
  const link = /(https?:\/\/\S+\/r\/[A-Za-z0-9_-]+)/.exec(notice.body)?.[1];
  if (!link || !link.startsWith(baseUrl)) throw new Error(`no link to this relay in "${notice.body}"`);
  console.log(`resume: SMS "${notice.body}"`);

  // ---- The link in a fresh browser (no cookies): code screen, masked number ----
  const back = await open('guest-back', PHONE);
  await back.goto(link);
  await waitForScreen(back, 'code');
  await waitForLiveLine(back, { is: 'We sent a code to +61******333.' }, 'the masked number on the code screen');
  await findItem(back, 'Resend code', 'button');
  await shot(back, '01-code-screen');
  await fill(back, 'Code', await latestCode(baseUrl, PHONE_NUMBER));
  // Keyboard only from here: Tab moves from the field to Verify, Enter presses it.
  await back.keyboard.press('Tab');
  await back.waitForFunction(() => !window.foxoUi.items().find((i) => i.label === 'Code').focused);
  await back.keyboard.press('Enter');
  await waitForScreen(back, 'chat');
  await waitForLiveLine(back, { endsWith: `: ${STAFF_SAYS}` }, 'the staff reply after following the link');
  await waitForLiveLine(back, { is: `حسن Al-Hassan: ${GUEST_SAYS}` }, 'the guest\'s own message in the same chat');
  await findItem(back, 'Message', 'input');
  await shot(back, '02-in-the-chat');

  // ---- An unknown link: a message, not a blank page ----
  const stranger = await open('stranger', PHONE);
  await stranger.goto('/r/AAAAAAAAAAAAAAAAAAAAAA');
  await waitForScreen(stranger, 'register');
  await waitForLiveLine(stranger, { startsWith: 'This link has expired or is not valid.' }, 'the unknown link explained');
  await shot(stranger, '03-unknown-link');
}, {
  // The unknown link's POST /api/v1/guest/resume answers 404, which Chromium logs.
  allowConsole: [/status of 404/],
});
