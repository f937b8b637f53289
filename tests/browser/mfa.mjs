// Staff two-factor sign-in through the console (issue 18): Two-factor in the
// console's header, the QR code (read back from a screenshot with zbarimg)
// and the key as selectable text, a code computed from that key with the npm
// package otpauth (as an authenticator app would), Turn on, the ten recovery
// codes; then signing in again asks for a code (the current one works), and
// a recovery code works once.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESKTOP, fill, liveText, press, staffSignInUi, waitForScreen, withBrowser } from './lib/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = process.env.FOXO_NODE_MODULES || path.resolve(here, '../node/node_modules');
const OTPAuth = createRequire(import.meta.url)(path.join(modules, 'otpauth'));

// The text of a selectable region matching `re` (window.foxoSelect.regions()).
async function regionText(page, re, what) {
  const handle = await page.waitForFunction(
    (src) => window.foxoSelect.regions().find((r) => new RegExp(src).test(r.text))?.text, re.source,
    { timeout: 15_000 }).catch(async (e) => { throw new Error(`${what}: ${e.message}\n${await liveText(page)}`); });
  return handle.jsonValue();
}

// Waits until the 30 s step after `step` starts (a code is good once: the next sign-in needs a newer one).
async function stepAfter(step) {
  while (Math.floor(Date.now() / 30_000) <= step) await new Promise((r) => setTimeout(r, 250));
}

// The current code, at least 3 s before its step ends.
async function freshCode(totp) {
  if (30_000 - (Date.now() % 30_000) < 3_000) await stepAfter(Math.floor(Date.now() / 30_000));
  return { code: totp.generate(), step: Math.floor(Date.now() / 30_000) };
}

async function signOutAndIn(page, email) {
  await page.context().clearCookies();  // sign-out without the console's own button (issue 20)
  await page.goto('/staff');
  await waitForScreen(page, 'staff_login');
  await fill(page, 'Email', email);
  await fill(page, 'Password', 'demo-password');
  await press(page, 'Sign in', 'button');
  await waitForScreen(page, 'staff_mfa_code');
}

await withBrowser('mfa', DESKTOP, async ({ page, outDir }) => {
  const email = 'intake1@demo.test';
  await staffSignInUi(page, { email });
  await press(page, 'Two-factor', 'button');
  await waitForScreen(page, 'staff_mfa_enrol');
  const secret = await regionText(page, /^[A-Z2-7]{32}$/, 'the key as selectable text');

  // The QR code on screen holds the otpauth:// link of that key.
  await press(page, 'Authenticator code', 'input');  // (a frame with everything drawn)
  const shot = path.join(outDir, 'mfa-enrol.png');
  await page.screenshot({ path: shot });
  const scanned = execFileSync('zbarimg', ['--raw', '-q', shot], { encoding: 'utf8' }).trim();
  const uri = OTPAuth.URI.parse(scanned);
  if (uri.secret.base32 !== secret || uri.issuer !== 'Demo Health' || uri.digits !== 6 || uri.period !== 30)
    throw new Error(`the QR code holds ${scanned}, not the key ${secret}`);

  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  let { code, step } = await freshCode(totp);
  await fill(page, 'Authenticator code', code);
  await press(page, 'Turn on', 'button');
  const codes = (await regionText(page, /^([A-Z2-7]{4}-){2}[A-Z2-7]{4}(\n([A-Z2-7]{4}-){2}[A-Z2-7]{4}){9}$/,
    'the ten recovery codes')).split('\n');
  await page.screenshot({ path: path.join(outDir, 'mfa-recovery-codes.png') });
  await press(page, 'I have kept these codes', 'button');
  await waitForScreen(page, 'staff_queue');

  // Signing in again asks for a code; the app's next code signs in.
  await signOutAndIn(page, email);
  await page.screenshot({ path: path.join(outDir, 'mfa-code.png') });
  await stepAfter(step);
  ({ code, step } = await freshCode(totp));
  await fill(page, 'Two-factor code', code);
  await press(page, 'Verify code', 'button');
  await waitForScreen(page, 'staff_queue').catch(async (e) => { throw new Error(`${e.message}\n${await liveText(page)}`); });

  // A recovery code, typed in lower case, works once.
  await signOutAndIn(page, email);
  await press(page, 'Use a recovery code', 'button');
  await fill(page, 'Recovery code', codes[2].toLowerCase());
  await press(page, 'Verify code', 'button');
  await waitForScreen(page, 'staff_queue');
  const again = await page.evaluate(async (c) => {
    await fetch('/api/v1/staff/logout', { method: 'POST' });
    await fetch('/api/v1/staff/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'intake1@demo.test', password: 'demo-password' }) });
    const r = await fetch('/api/v1/staff/login/mfa', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: c }) });
    return r.status;
  }, codes[2]);
  if (again !== 401) throw new Error(`a used recovery code answered ${again}`);
});
