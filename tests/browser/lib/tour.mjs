// A tour of every screen of both sides, for tests that check something on
// each screen (the accessibility tree, zoom and reflow, screenshots): the
// guest on a phone (register, code, home, the menu, new chat, identifiers,
// the chat, the close request and its confirmation, the sign-out
// confirmation) and a staff member on a desktop (sign-in, the queue,
// two-factor set-up, its recovery codes, the two-factor code and recovery
// code screens, a case before and after Claim, the hand-over list). At each
// stop it calls `await visit(page, stop)` with the page drawn in that state;
// `stop` names the state (TOUR_STOPS lists them in order). Driven by taps,
// clicks and typing through window.foxoUi (lib/browser.mjs), as journey.mjs,
// mfa.mjs and handover.mjs do.
//
//   await withPeople('name', async ({ open, baseUrl }) => {
//     await tour({ open, baseUrl }, async (page, stop) => { ... });
//   }, { allowConsole: TOUR_ALLOW_CONSOLE });
//
// `devices` replaces the guest's phone and the staff's desktop (zoom and
// reflow tests: a 320 px wide page).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DESKTOP, PHONE, fill, findItem, liveText, press, waitForGone, waitForLiveLine, waitForScreen,
} from './browser.mjs';
import { latestCode } from './api.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = process.env.FOXO_NODE_MODULES || path.resolve(here, '../../node/node_modules');
const OTPAuth = createRequire(import.meta.url)(path.join(modules, 'otpauth'));

export const TOUR_STOPS = [
  'register', 'code', 'home', 'menu', 'new_chat', 'identifiers', 'chat',
  'staff_login', 'staff_queue', 'staff_mfa_enrol', 'staff_mfa_recovery_codes', 'staff_mfa_code',
  'staff_mfa_recovery', 'staff_case', 'staff_case_claimed', 'staff_handover',
  'chat_close_requested', 'chat_confirm_close', 'sign_out_confirm',
];
// The sign-out confirmation needs a message that could not be sent (the
// tour blocks the messages route for it): the browser logs that.
export const TOUR_ALLOW_CONSOLE = [/ERR_INTERNET_DISCONNECTED/, /ERR_FAILED/];

export const TOUR_SUBJECT = 'Kết quả xét nghiệm 🧪 Παπαδόπουλος';
const GUEST = { first: 'Thảo', last: 'Nguyễn', phone: '0412 555 210', e164: '+61412555210' };

// The text of a selectable region matching `re` (window.foxoSelect.regions()).
async function regionText(page, re, what) {
  const handle = await page.waitForFunction(
    (src) => window.foxoSelect.regions().find((r) => new RegExp(src).test(r.text))?.text, re.source,
    { timeout: 15_000 }).catch(async (e) => { throw new Error(`${what}: ${e.message}\n${await liveText(page)}`); });
  return handle.jsonValue();
}

async function staffSignInForm(page, email) {
  await fill(page, 'Email', email);
  await fill(page, 'Password', 'demo-password');
  await press(page, 'Sign in', 'button');
}

export async function tour({ open, baseUrl }, visit, { devices = {} } = {}) {
  const stop = async (page, name) => {
    if (!TOUR_STOPS.includes(name)) throw new Error(`tour: unknown stop ${name}`);
    await visit(page, name);
  };

  // ---- Guest, phone: sign in through the form ----
  const guest = await open('guest', devices.guest || PHONE);
  await guest.goto('/t/intake');
  await waitForScreen(guest, 'register');
  await stop(guest, 'register');
  await fill(guest, 'First name', GUEST.first);
  await fill(guest, 'Last name', GUEST.last);
  await fill(guest, 'Mobile number', GUEST.phone);
  await press(guest, 'Send code', 'button');
  await waitForScreen(guest, 'code');
  await stop(guest, 'code');
  await fill(guest, 'Code', await latestCode(baseUrl, GUEST.e164));
  await press(guest, 'Verify', 'button');
  await waitForScreen(guest, 'home');
  await stop(guest, 'home');
  await press(guest, 'Menu', 'menu');
  await findItem(guest, 'Sign out', 'button');
  await stop(guest, 'menu');
  await press(guest, 'Menu', 'menu');
  await waitForGone(guest, 'Sign out', 'button');

  // ---- Guest: a new chat ----
  await press(guest, 'New chat', 'button');
  await waitForScreen(guest, 'new_chat');
  await stop(guest, 'new_chat');
  await fill(guest, 'Subject', TOUR_SUBJECT);
  await press(guest, 'Next', 'button');
  await waitForScreen(guest, 'identifiers');
  await stop(guest, 'identifiers');
  await fill(guest, 'Practice name', 'Harbour Medical Centre');
  await press(guest, 'Start chat', 'button');
  await waitForScreen(guest, 'chat');
  await fill(guest, 'Message', 'Xin chào 👋🏽 مرحبا');
  await press(guest, 'Send', 'button');
  await waitForLiveLine(guest, { is: `${GUEST.first} ${GUEST.last}: Xin chào 👋🏽 مرحبا` }, 'the guest\'s message');
  await stop(guest, 'chat');

  // ---- Staff, desktop: sign in, set up two-factor sign-in ----
  const staff = await open('staff', devices.staff || DESKTOP);
  const email = 'intake2@demo.test';
  await staff.goto('/staff');
  await waitForScreen(staff, 'staff_login');
  await stop(staff, 'staff_login');
  await staffSignInForm(staff, email);
  await waitForScreen(staff, 'staff_queue');
  await findItem(staff, TOUR_SUBJECT, 'item');
  await stop(staff, 'staff_queue');
  await press(staff, 'Two-factor', 'button');
  await waitForScreen(staff, 'staff_mfa_enrol');
  const secret = await regionText(staff, /^[A-Z2-7]{32}$/, 'the two-factor key');
  await stop(staff, 'staff_mfa_enrol');
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  await fill(staff, 'Authenticator code', totp.generate());
  await press(staff, 'Turn on', 'button');
  const codes = (await regionText(staff, /^([A-Z2-7]{4}-){2}[A-Z2-7]{4}(\n([A-Z2-7]{4}-){2}[A-Z2-7]{4}){9}$/,
    'the recovery codes')).split('\n');
  await stop(staff, 'staff_mfa_recovery_codes');
  await press(staff, 'I have kept these codes', 'button');
  await waitForScreen(staff, 'staff_queue');

  // ---- Staff: signing in again asks for a code; a recovery code answers ----
  await staff.context().clearCookies();
  await staff.goto('/staff');
  await waitForScreen(staff, 'staff_login');
  await staffSignInForm(staff, email);
  await waitForScreen(staff, 'staff_mfa_code');
  await findItem(staff, 'Two-factor code', 'input');
  await stop(staff, 'staff_mfa_code');
  await press(staff, 'Use a recovery code', 'button');
  await findItem(staff, 'Recovery code', 'input');
  await stop(staff, 'staff_mfa_recovery');
  await fill(staff, 'Recovery code', codes[0]);
  await press(staff, 'Verify code', 'button');
  await waitForScreen(staff, 'staff_queue');

  // ---- Staff: the case, claimed, the hand-over list ----
  await press(staff, TOUR_SUBJECT, 'item');
  await waitForScreen(staff, 'staff_case');
  await findItem(staff, 'Claim', 'button');
  await stop(staff, 'staff_case');
  await press(staff, 'Claim', 'button');
  await findItem(staff, 'Request close', 'button');
  await stop(staff, 'staff_case_claimed');
  await press(staff, 'Hand over', 'button');
  await findItem(staff, 'Ivy Intake', 'item');
  await stop(staff, 'staff_handover');
  await press(staff, 'Hand over', 'button');
  await waitForGone(staff, 'Ivy Intake', 'item');
  await press(staff, 'Request close', 'button');
  await waitForGone(staff, 'Request close', 'button');

  // ---- Guest: the close request and its confirmation ----
  await waitForLiveLine(guest, { is: 'The team asked to close this chat.' }, 'the close request');
  await findItem(guest, 'Close Chat', 'button');
  await stop(guest, 'chat_close_requested');
  await press(guest, 'Close Chat', 'button');
  await findItem(guest, 'Confirm close', 'button');
  await stop(guest, 'chat_confirm_close');
  await press(guest, 'Cancel', 'button');
  await waitForGone(guest, 'Confirm close', 'button');

  // ---- Guest: Sign out asks first while a message is unsent ----
  const block = (route) => route.abort('internetdisconnected');
  await guest.route('**/api/v1/cases/*/messages', block);
  await fill(guest, 'Message', 'Ευχαριστώ 🙏');
  await press(guest, 'Send', 'button');
  await waitForLiveLine(guest, { is: 'Not sent yet: Ευχαριστώ 🙏' }, 'the unsent message');
  await press(guest, 'Menu', 'menu');
  await press(guest, 'Sign out', 'button');
  await findItem(guest, 'Confirm sign out', 'button');
  await stop(guest, 'sign_out_confirm');
  await press(guest, 'Cancel', 'button');
  await findItem(guest, 'Sign out', 'button');
  await guest.unroute('**/api/v1/cases/*/messages', block);
  return { guest, staff };
}
