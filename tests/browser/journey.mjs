// The whole journey, two people in separate browser contexts against one relay:
// a guest on a phone (390x844 at 3x, touch) registers, types the code from the
// dev SMS outbox, starts a chat with a subject and identifiers and sends a
// message; a staff member on a desktop signs in, claims the case from the
// queue and replies; the guest sees the reply live (through the aria-live
// region); staff request close; the guest sees the banner, taps Close Chat
// and Confirm close, and finds the chat in the Menu. Everything is driven by
// taps, clicks and typing on widgets found through window.foxoUi; every
// screen is kept as a screenshot. FOXO_ENGINE and FOXO_RENDER pick the browser
// engine and whether WebGL is on (lib/engines.mjs); the renderer the page chose
// is checked against that.
import path from 'node:path';
import {
  DESKTOP, PHONE, expectRenderer, fill, findItem, liveLines, press, staffSignInUi, waitForGone, waitForLiveLine,
  waitForScreen, withPeople,
} from './lib/browser.mjs';

const SUBJECT = 'Missing discharge summary';
const GUEST_SAYS = 'Is the summary ready?';
const STAFF_SAYS = 'Hi Thảo, I am looking into it now 👍🏽';

// Every interactive widget on a phone screen is at least 44 CSS px tall
// (the minimum touch target), except plain inputs (they are 44 too).
async function checkTouchTargets(page, screen) {
  const small = await page.evaluate(() => window.foxoUi.items().filter((i) => i.h < 43.5 || i.w < 43.5));
  if (small.length) throw new Error(`${screen}: touch targets under 44 CSS px: ${JSON.stringify(small)}`);
}

async function proxyAttributes(page) {
  return page.evaluate(() => {
    const el = document.getElementById('text-proxy');
    return { focused: document.activeElement === el, type: el.type, inputmode: el.getAttribute('inputmode'),
             autocomplete: el.getAttribute('autocomplete'), label: el.getAttribute('aria-label') };
  });
}

await withPeople('journey', async ({ open, baseUrl, outDir, shotName }) => {
  const started = Date.now();
  // Progress on stdout (ctest keeps it), so a failure shows how far it got.
  const shot = async (page, name) => {
    await page.screenshot({ path: path.join(outDir, `${shotName}-${name}.png`) });
    console.log(`journey: ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };

  // ---- Guest, phone: register and verify ----
  const guest = await open('guest', PHONE);
  await guest.goto('/t/intake');
  await waitForScreen(guest, 'register');
  await expectRenderer(guest, 'guest');
  await checkTouchTargets(guest, 'register');
  await fill(guest, 'First name', 'Thảo');
  await fill(guest, 'Last name', 'Nguyễn');
  await fill(guest, 'Mobile number', '0412 345 678');
  const phoneProxy = await proxyAttributes(guest);
  if (!phoneProxy.focused || phoneProxy.type !== 'tel' || phoneProxy.inputmode !== 'tel')
    throw new Error(`the phone field did not ask for a telephone keypad: ${JSON.stringify(phoneProxy)}`);
  await shot(guest, '01-guest-register');
  await press(guest, 'Send code', 'button');
  await waitForScreen(guest, 'code');

  const outbox = await (await fetch(`${baseUrl}/api/v1/dev/sms`)).json();
  const sms = outbox.messages.filter((m) => m.to === '+61412345678').at(-1);
  const code = /\b(\d{6})\b/.exec(sms?.body || '')?.[1];
  if (!code) throw new Error(`no 6-digit code for +61412345678 in ${JSON.stringify(outbox)}`);
  await fill(guest, 'Code', code);
  const codeProxy = await proxyAttributes(guest);
  if (codeProxy.autocomplete !== 'one-time-code' || codeProxy.inputmode !== 'numeric')
    throw new Error(`the code field does not offer SMS autofill: ${JSON.stringify(codeProxy)}`);
  await checkTouchTargets(guest, 'code');
  await shot(guest, '02-guest-code');
  await press(guest, 'Verify', 'button');
  await waitForScreen(guest, 'home');
  await checkTouchTargets(guest, 'home');
  await shot(guest, '03-guest-home');

  // ---- Guest: a new chat with subject and identifiers ----
  await press(guest, 'New chat', 'button');
  await waitForScreen(guest, 'new_chat');
  await fill(guest, 'Subject', SUBJECT);
  await checkTouchTargets(guest, 'new_chat');
  await shot(guest, '04-guest-new-chat');
  await press(guest, 'Next', 'button');
  await waitForScreen(guest, 'identifiers');
  // Practice name is mandatory in the demo organisation.
  await fill(guest, 'Practice name', 'Harbour Medical Centre');
  // As a phone keyboard commits text: input events, no key events.
  await fill(guest, 'Provider number', '2345678A', { ime: true });
  await checkTouchTargets(guest, 'identifiers');
  await shot(guest, '05-guest-identifiers');
  await press(guest, 'Start chat', 'button');
  await waitForScreen(guest, 'chat');
  await findItem(guest, 'Message', 'input');

  // ---- Guest: first message ----
  await fill(guest, 'Message', GUEST_SAYS);
  await press(guest, 'Send', 'button');
  // Acknowledged by the relay: the transcript line carries the author's name.
  await waitForLiveLine(guest, { is: `Thảo Nguyễn: ${GUEST_SAYS}` }, 'the guest\'s message in the transcript');
  await checkTouchTargets(guest, 'chat');
  await shot(guest, '06-guest-chat-sent');

  // ---- Staff, desktop: sign in, claim from the queue, reply ----
  const staff = await open('staff', DESKTOP);
  await staffSignInUi(staff);
  await expectRenderer(staff, 'staff');
  await findItem(staff, SUBJECT, 'item');
  // The guest's message is unread on the staff side: the page title says so.
  await staff.waitForFunction(() => document.title === '(1) Foxo').catch(async (e) => {
    throw new Error(`staff page title: ${e.message}; title is "${await staff.title()}"`);
  });
  await shot(staff, '07-staff-queue');
  await press(staff, SUBJECT, 'item');
  await waitForScreen(staff, 'staff_case');
  await waitForLiveLine(staff, { is: `Thảo Nguyễn: ${GUEST_SAYS}` }, 'the guest\'s message on the staff side');
  await press(staff, 'Claim', 'button');
  await findItem(staff, 'Message', 'input');
  await findItem(staff, 'Request close', 'button');
  await fill(staff, 'Message', STAFF_SAYS);
  await press(staff, 'Send', 'button');
  await waitForLiveLine(staff, { endsWith: `: ${STAFF_SAYS}` }, 'the reply on the staff side');
  await shot(staff, '08-staff-case');

  // ---- Guest sees the reply live, once ----
  await waitForLiveLine(guest, { endsWith: `: ${STAFF_SAYS}` }, 'the reply reaching the guest live');
  const lines = await liveLines(guest);
  for (const said of [GUEST_SAYS, STAFF_SAYS]) {
    const n = lines.filter((l) => l.endsWith(`: ${said}`)).length;
    if (n !== 1) throw new Error(`"${said}" is in the guest's transcript ${n} times:\n${lines.join('\n')}`);
  }
  // Seen on screen, so nothing is unread.
  if (await guest.title() !== 'Foxo') throw new Error(`guest page title: "${await guest.title()}"`);
  await shot(guest, '09-guest-chat-reply');

  // ---- Staff request close; the guest sees the banner and closes ----
  await press(staff, 'Request close', 'button');
  await waitForGone(staff, 'Request close', 'button');
  await waitForLiveLine(guest, { is: 'The team asked to close this chat.' }, 'the close request reaching the guest');
  await shot(guest, '10-guest-close-requested');
  await press(guest, 'Close Chat', 'button');
  await findItem(guest, 'Confirm close', 'button');
  await shot(guest, '11-guest-confirm-close');
  await press(guest, 'Confirm close', 'button');
  await waitForLiveLine(guest, { is: 'This chat is closed.' }, 'the chat closing');
  await waitForGone(guest, 'Message', 'input');  // read-only from now on
  await shot(guest, '12-guest-closed');

  // ---- The closed chat stays in the guest's menu ----
  await press(guest, 'Menu', 'menu');
  await findItem(guest, SUBJECT, 'item');
  await checkTouchTargets(guest, 'menu');
  await shot(guest, '13-guest-menu');

  // ---- And in the staff's closed list ----
  await waitForLiveLine(staff, { is: 'This chat is closed.' }, 'the close reaching the staff side');
  await shot(staff, '14-staff-closed');
});
